import path from "node:path";
import {
  CONTRACTS_ROOT,
  ContractError,
  readContract,
  readDescriptor,
  tableSpecs,
  validateContract,
  validateDescriptor,
  type Loaded,
  type OdcsContract,
  type OdpsDescriptor,
  type TableSpec,
} from "@mesh/contracts";
import { ContractViolationError, datasetUrn, productUrn } from "@mesh/core";
import type { PortKind } from "@mesh/access";
import type { SourceFormat } from "@mesh/ingest";
import type { MigrationInterface } from "@mesh/storage";
import type { LookupDefinition, RelationDefinition } from "./graphql/relations.js";

/** A real file loaded on first start, in the order given. */
export interface SeedFile {
  /** Absolute path (domains ship their files in `domains/<domain>/data/`). */
  file: string;
  /** Name of one of the dataset's formats. */
  format: string;
  params?: Record<string, string>;
}

export interface DatasetDefinition {
  /** kebab-case; the dataset's URN is `urn:mesh:<domain>:<product>:<name>`. */
  name: string;
  /** File name of the ODCS contract in `contracts/<domain>/`. */
  contract: string;
  /** The contract's schema object to load into; defaults to its only one. */
  table?: string;
  /** The file shapes this dataset can be ingested from. */
  formats: readonly SourceFormat[];
  seeds?: readonly SeedFile[];
  /** The typed GraphQL access to the records: a type-graphql class matching the contract table. */
  records?: RecordBinding;
}

/** A type-graphql object type class (decorated with `@ObjectType`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own ClassType is this wide
export type GraphQLClass = Function;

export interface RecordBinding {
  /** The class; its GraphQL name must carry the domain (e.g. `HeartDiseasePatient`). */
  type: GraphQLClass;
  /** The root query field listing the records, e.g. `heartDiseasePatients`. */
  query: string;
}

export interface ProductDefinition {
  /** The owning domain; its contracts are in `contracts/<domain>/`. */
  domain: string;
  /** kebab-case product name; its URN is `urn:mesh:<domain>:<name>`. */
  name: string;
  /** The PostgreSQL schema the datasets live in; defaults to the domain's name. */
  schema?: string;
  /** Where the contract folders live; defaults to the `contracts/` package. */
  contractsRoot?: string;
  /** File name of the ODPS descriptor in `contracts/<domain>/`. */
  descriptor: string;
  datasets: readonly DatasetDefinition[];
}

export interface DomainDefinition {
  name: string;
  /** The PostgreSQL schema the domain owns; defaults to its name. */
  schema?: string;
  /** Migrations of that schema, oldest first. */
  migrations: ReadonlyArray<new () => MigrationInterface>;
  products: readonly DataProduct[];
  /** The domain's own GraphQL beyond the standard product API. */
  graphql?: Partial<DomainGraphQL>;
}

export interface Dataset {
  urn: string;
  name: string;
  domain: string;
  product: string;
  /** PostgreSQL schema and the contract table it loads. */
  schema: string;
  table: TableSpec;
  contract: Loaded<OdcsContract>;
  formats: readonly SourceFormat[];
  seeds: readonly SeedFile[];
  /** The output port the dataset is published on (its descriptor's `portKind`; REAL when not said). */
  port: PortKind;
  records: RecordBinding | undefined;
}

export interface DataProduct {
  urn: string;
  name: string;
  domain: string;
  descriptor: Loaded<OdpsDescriptor>;
  datasets: readonly Dataset[];
}

export interface Domain {
  name: string;
  schema: string;
  migrations: ReadonlyArray<new () => MigrationInterface>;
  products: readonly DataProduct[];
  graphql: DomainGraphQL;
}

export interface DomainGraphQL {
  /** type-graphql resolver classes (domain-specific queries and computed fields). */
  resolvers: readonly GraphQLClass[];
  /** Extra type-graphql types, e.g. the `Location` entity stub a domain extends. */
  types: readonly GraphQLClass[];
  /** Fields answered from a dataset, e.g. `Location.shipments`. */
  relations: readonly RelationDefinition[];
  /** Root queries returning one record by key, e.g. `location(code:)`. */
  lookups: readonly LookupDefinition[];
}

/**
 * Declares a data product: reads its ODPS descriptor and each dataset's ODCS contract from
 * `contracts/<domain>/`, validates them against the official schemas and Mesh's rules, and
 * resolves the contract table and output port of each dataset. Every problem is reported at
 * once, with file and path.
 */
export function defineDataProduct(definition: ProductDefinition): DataProduct {
  const root = definition.contractsRoot ?? CONTRACTS_ROOT;
  const domain = definition.domain;
  const problems: Array<{ path: string; message: string }> = [];
  const collect = (source: string, found: ReadonlyArray<{ path: string; message: string }>) =>
    problems.push(...found.map((p) => ({ path: `${path.relative(root, source)}: ${p.path}`, message: p.message })));

  const descriptor = guard(() => readDescriptor(path.join(root, domain, definition.descriptor)));
  collect(descriptor.source, validateDescriptor(descriptor.document));
  const datasets = definition.datasets.map((datasetDef): Dataset => {
    const contract = guard(() => readContract(path.join(root, domain, datasetDef.contract)));
    const contractProblems = validateContract(contract.document);
    collect(contract.source, contractProblems);
    const tables = contractProblems.length === 0 ? guard(() => tableSpecs(contract.document)) : [];
    const table =
      datasetDef.table === undefined && tables.length === 1 ? tables[0] : tables.find((t) => t.name === datasetDef.table);
    if (!table && contractProblems.length === 0) {
      problems.push({
        path: `${path.relative(root, contract.source)}: schema`,
        message: `dataset ${datasetDef.name} needs table "${datasetDef.table ?? "(the only one)"}"; the contract has ${tables.map((t) => t.name).join(", ") || "none"}`,
      });
    }
    const urn = datasetUrn(domain, definition.name, datasetDef.name);
    return {
      urn,
      name: datasetDef.name,
      domain,
      product: definition.name,
      schema: definition.schema ?? domain,
      table: table as TableSpec,
      contract,
      formats: datasetDef.formats,
      seeds: datasetDef.seeds ?? [],
      port: portKind(descriptor.document, urn, (message) =>
        problems.push({ path: `${path.relative(root, descriptor.source)}: outputPorts`, message }),
      ),
      records: datasetDef.records,
    };
  });
  if (problems.length > 0) {
    throw new ContractViolationError(`data product ${domain}/${definition.name} has invalid contracts or descriptors`, problems);
  }
  return { urn: productUrn(domain, definition.name), name: definition.name, domain, descriptor, datasets };
}

/** Declares a domain: its PostgreSQL schema and migrations, its data products and its own GraphQL. */
export function defineDomain(definition: DomainDefinition): Domain {
  const schema = definition.schema ?? definition.name;
  const problems = definition.products.flatMap((product) => [
    ...(product.domain === definition.name
      ? []
      : [{ path: product.urn, message: `belongs to domain ${product.domain}, not ${definition.name}` }]),
    ...product.datasets
      .filter((dataset) => dataset.schema !== schema)
      .map((dataset) => ({ path: dataset.urn, message: `is stored in schema ${dataset.schema}; the domain's is ${schema}` })),
  ]);
  if (problems.length > 0) throw new ContractViolationError(`domain ${definition.name} is inconsistent`, problems);
  return {
    name: definition.name,
    schema,
    migrations: definition.migrations,
    products: definition.products,
    graphql: {
      resolvers: definition.graphql?.resolvers ?? [],
      types: definition.graphql?.types ?? [],
      relations: definition.graphql?.relations ?? [],
      lookups: definition.graphql?.lookups ?? [],
    },
  };
}

const PORT_KINDS: readonly PortKind[] = ["REAL", "DEIDENTIFIED", "SYNTHETIC", "MODEL", "AGGREGATE"];

/** The `portKind` custom property of the output port whose contractId is the dataset's URN. */
function portKind(descriptor: OdpsDescriptor, urn: string, problem: (message: string) => void): PortKind {
  const port = descriptor.outputPorts?.find((p) => p.contractId === urn);
  const value = port?.customProperties?.find((c) => c.property === "portKind")?.value;
  if (value === undefined) return "REAL";
  if (typeof value === "string" && (PORT_KINDS as readonly string[]).includes(value)) return value as PortKind;
  problem(`output port ${port?.name ?? urn}: portKind must be one of ${PORT_KINDS.join(", ")}, got ${JSON.stringify(value)}`);
  return "REAL";
}

function guard<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ContractError) throw new ContractViolationError(error.message, error.problems);
    throw error;
  }
}
