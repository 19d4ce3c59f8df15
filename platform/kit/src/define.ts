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
import type { SourceFormat } from "@mesh/ingest";
import type { MigrationInterface } from "@mesh/storage";

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
}

export interface ProductDefinition {
  /** kebab-case product name; its URN is `urn:mesh:<domain>:<name>`. */
  name: string;
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
  products: readonly ProductDefinition[];
  /** Where the contract folders live; defaults to the `contracts/` package. */
  contractsRoot?: string;
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
}

/**
 * Declares a domain and its data products. Reads each product's descriptor and each dataset's
 * contract, validates them against the official schemas and Mesh's rules, and resolves the
 * contract table each dataset loads. Every problem is reported at once, with file and path.
 */
export function defineDomain(definition: DomainDefinition): Domain {
  const root = definition.contractsRoot ?? CONTRACTS_ROOT;
  const schema = definition.schema ?? definition.name;
  const problems: Array<{ path: string; message: string }> = [];
  const collect = (source: string, found: ReadonlyArray<{ path: string; message: string }>) =>
    problems.push(...found.map((p) => ({ path: `${path.relative(root, source)}: ${p.path}`, message: p.message })));

  const products = definition.products.map((productDef): DataProduct => {
    const descriptor = guard(() => readDescriptor(path.join(root, definition.name, productDef.descriptor)));
    collect(descriptor.source, validateDescriptor(descriptor.document));
    const datasets = productDef.datasets.map((datasetDef): Dataset => {
      const contract = guard(() => readContract(path.join(root, definition.name, datasetDef.contract)));
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
      return {
        urn: datasetUrn(definition.name, productDef.name, datasetDef.name),
        name: datasetDef.name,
        domain: definition.name,
        product: productDef.name,
        schema,
        table: table as TableSpec,
        contract,
        formats: datasetDef.formats,
        seeds: datasetDef.seeds ?? [],
      };
    });
    return {
      urn: productUrn(definition.name, productDef.name),
      name: productDef.name,
      domain: definition.name,
      descriptor,
      datasets,
    };
  });
  if (problems.length > 0) {
    throw new ContractViolationError(`domain ${definition.name} has invalid contracts or descriptors`, problems);
  }
  return { name: definition.name, schema, migrations: definition.migrations, products };
}

function guard<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ContractError) throw new ContractViolationError(error.message, error.problems);
    throw error;
  }
}
