import "reflect-metadata";
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import {
  getNamedType,
  GraphQLScalarType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
} from "graphql";
import { DateTimeResolver, JSONResolver, LocalDateResolver } from "graphql-scalars";
import type pg from "pg";
import { buildSchema, createResolversMap, getMetadataStorage, Query, Resolver } from "type-graphql";
import type { Problem } from "@mesh/core";
import { ContractViolationError } from "@mesh/core";
import type { Dataset, Domain } from "../define.js";
import { synthesisColumns } from "../synthetic/table.js";
import { synthesized } from "../synthetic/versions.js";
import { classificationEnumValue, fieldName } from "./naming.js";
import { productResolvers } from "./product-resolvers.js";
import { GRAPHQL_TYPE_BY_LOGICAL_TYPE, standardSdl } from "./standard-sdl.js";

const KIT_SCALARS = new Set(["JSON", "LocalDate", "DateTime"]);

export interface DomainSubgraph {
  domain: Domain;
  schema: GraphQLSchema;
  /** The SDL committed as the domain's `schema.graphql`. */
  sdl: string;
}

/**
 * Turns a domain (its products, contracts and type-graphql classes) into an Apollo Federation 2
 * subgraph with the standard product API: `<Domain>DataProduct` entities, datasets with their
 * contract schema, typed record connections, generic table pages, exports, SLOs, and the
 * domain's relations and lookups. Refuses, listing every mismatch, when a record class does not
 * match its contract table.
 */
export async function buildDomainSubgraph(domain: Domain, pool: pg.Pool): Promise<DomainSubgraph> {
  const recordClasses = domain.products.flatMap((p) => p.datasets).flatMap((d) => (d.records ? [d.records.type] : []));
  const typeNames = new Map(getMetadataStorage().objectTypes.map((o) => [o.target, o.name]));
  const recordType = (dataset: Dataset): string => {
    const name = typeNames.get(dataset.records!.type);
    if (!name) throw new ContractViolationError(`${dataset.urn}: the records class is not an @ObjectType`, []);
    return name;
  };
  const tgSchema = await buildSchema({
    resolvers: domain.graphql.resolvers.length > 0 ? [...domain.graphql.resolvers] : [NoQueries],
    orphanedTypes: [...recordClasses, ...domain.graphql.types],
    validate: false,
    skipCheck: true,
  } as Parameters<typeof buildSchema>[0]);

  const problems = checkRecordTypes(domain, tgSchema, recordType);
  if (problems.length > 0) {
    throw new ContractViolationError(`the ${domain.name} subgraph does not match its contracts`, problems);
  }

  const domainDocument = describeRecordTypes(parse(printSchemaWithDirectives(tgSchema)), domain, recordType);
  const hasQueryType =
    domain.graphql.resolvers.length > 0 &&
    domainDocument.definitions.some((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === "Query");
  const kitDocument = parse(standardSdl(domain, { hasQueryType, recordType }));
  const typeDefs: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      ...kitDocument.definitions,
      // The kit declares the shared scalars (with its descriptions) and, for a domain without
      // queries of its own, the Query type.
      ...domainDocument.definitions.filter(
        (d) =>
          !(d.kind === Kind.SCALAR_TYPE_DEFINITION && KIT_SCALARS.has(d.name.value)) &&
          !(d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === "Query" && !hasQueryType),
      ),
    ],
  };
  const resolvers = mergeResolvers(createResolversMap(tgSchema) as Record<string, Record<string, unknown>>, {
    JSON: JSONResolver,
    LocalDate: LocalDateResolver,
    DateTime: DateTimeResolver,
    ...productResolvers(domain, pool, recordType),
  });
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);
  return { domain, schema, sdl: `${printSubgraphSchema(schema).trim()}\n` };
}

/** A stand-in so that type-graphql builds a schema for a domain with no resolvers of its own. */
@Resolver()
class NoQueries {
  @Query(() => Boolean, { description: "Internal: never part of a subgraph's schema." })
  kitNoQueries(): boolean {
    return true;
  }
}

/** Every way the record classes differ from their contract tables. */
export function checkRecordTypes(domain: Domain, schema: GraphQLSchema, recordType: (d: Dataset) => string): Problem[] {
  const problems: Problem[] = [];
  for (const dataset of domain.products.flatMap((p) => p.datasets)) {
    if (!dataset.records) continue;
    const name = recordType(dataset);
    const type = schema.getType(name);
    const at = (field?: string) => `${name}${field ? `.${field}` : ""} (${dataset.urn})`;
    if (!isObjectType(type)) {
      problems.push({ path: at(), message: "is not an object type" });
      continue;
    }
    const fields = type.getFields();
    const columnFields = new Set(dataset.table.columns.map((c) => fieldName(c.name)));
    // The record type serves both ports, so a column synthetic rows leave null is a nullable
    // field even where the real column is required.
    const nullInSynthetic = nullOnSyntheticPort(dataset);
    for (const column of dataset.table.columns) {
      const field = fields[fieldName(column.name)];
      if (!field) {
        problems.push({ path: at(fieldName(column.name)), message: `missing: the contract has column ${column.name}` });
        continue;
      }
      const named = getNamedType(field.type).name;
      const allowed = GRAPHQL_TYPE_BY_LOGICAL_TYPE[column.logicalType] ?? [];
      const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
      if (isListType(unwrapped) || !allowed.includes(named)) {
        problems.push({
          path: at(field.name),
          message: `is ${String(field.type)}; column ${column.name} is ${column.logicalType} (${column.physicalType}), served as ${allowed.join(" or ")}`,
        });
      }
      const mustBeNonNull = column.required && column.classification === "public" && !nullInSynthetic.has(column.name);
      if (mustBeNonNull && !isNonNullType(field.type)) {
        problems.push({ path: at(field.name), message: `must be non-null: column ${column.name} is required and public` });
      }
      if (!mustBeNonNull && isNonNullType(field.type)) {
        problems.push({
          path: at(field.name),
          message: !column.required
            ? `must be nullable: column ${column.name} is optional`
            : column.classification !== "public"
              ? `must be nullable: column ${column.name} is ${column.classification}, so a caller may be refused its value`
              : `must be nullable: column ${column.name} is not learnt by the synthesizer, so it is null on the SYNTHETIC port`,
        });
      }
      if (field.args.length > 0) problems.push({ path: at(field.name), message: "a contract column takes no arguments" });
    }
    for (const extra of Object.keys(fields).filter((f) => !columnFields.has(f))) {
      problems.push({
        path: at(extra),
        message: "is not a column of the contract (add it to the contract, or make it a relation)",
      });
    }
  }
  return problems;
}

/** The columns a dataset's synthetic rows leave null (not learnt, not numbered afresh); none without a SYNTHETIC port. */
function nullOnSyntheticPort(dataset: Dataset): Set<string> {
  if (!synthesized(dataset)) return new Set();
  const { excluded, fresh } = synthesisColumns(dataset);
  return new Set(excluded.map((e) => e.column).filter((column) => !fresh.includes(column)));
}

/** Adds the contract's descriptions and the classification, unit and contract directives to the record types. */
function describeRecordTypes(document: DocumentNode, domain: Domain, recordType: (d: Dataset) => string): DocumentNode {
  const byType = new Map(
    domain.products
      .flatMap((p) => p.datasets)
      .filter((d) => d.records)
      .map((d) => [recordType(d), d] as const),
  );
  const directive = (
    name: string,
    args: Record<string, { kind: Kind.ENUM | Kind.STRING; value: string }>,
  ): ConstDirectiveNode => ({
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: Object.entries(args).map(([arg, value]) => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: arg },
      value: value.kind === Kind.ENUM ? { kind: Kind.ENUM, value: value.value } : { kind: Kind.STRING, value: value.value },
    })),
  });
  const description = (text: string) => ({ kind: Kind.STRING, value: text.replace(/\s+/g, " ").trim(), block: false }) as const;
  return visit(document, {
    ObjectTypeDefinition(node: ObjectTypeDefinitionNode) {
      const dataset = byType.get(node.name.value);
      if (!dataset) return undefined;
      const columns = new Map(dataset.table.columns.map((c) => [fieldName(c.name), c]));
      const nullInSynthetic = nullOnSyntheticPort(dataset);
      return {
        ...node,
        description: description(`${dataset.table.description} Governed by contract ${dataset.contract.document.id}.`),
        directives: [
          ...(node.directives ?? []),
          directive("contract", {
            id: { kind: Kind.STRING, value: dataset.contract.document.id },
            version: { kind: Kind.STRING, value: dataset.contract.document.version },
          }),
        ],
        fields: node.fields?.map((field) => {
          const column = columns.get(field.name.value);
          if (!column) return field;
          return {
            ...field,
            description: description(
              nullInSynthetic.has(column.name)
                ? `${column.description} Null on the SYNTHETIC port: the synthesizer does not learn it.`
                : column.description,
            ),
            directives: [
              ...(field.directives ?? []),
              directive("classification", { level: { kind: Kind.ENUM, value: classificationEnumValue(column.classification) } }),
              ...(column.unit ? [directive("unit", { name: { kind: Kind.STRING, value: column.unit } })] : []),
            ],
          };
        }),
      };
    },
  });
}

function mergeResolvers(...maps: Array<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [type, value] of Object.entries(map)) {
      const existing = out[type];
      out[type] =
        existing && typeof existing === "object" && !(existing instanceof GraphQLScalarType)
          ? { ...(existing as object), ...(value as object) }
          : value;
    }
  }
  return out;
}
