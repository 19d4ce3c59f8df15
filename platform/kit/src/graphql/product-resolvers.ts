import { stringify } from "csv-stringify/sync";
import type pg from "pg";
import type { ColumnSpec } from "@mesh/contracts";
import type { PortKind } from "@mesh/access";
import { InputError, NotAllowedError, NotFoundError } from "@mesh/core";
import { lastLoadedAt } from "@mesh/ingest";
import type { MeshContext } from "@mesh/http";
import type { DataProduct, Dataset, Domain } from "../define.js";
import { classificationEnumValue, fieldEnumValue, fieldName, productTypeName } from "./naming.js";
import { encodeCursor, RecordStore, type Condition, type Order } from "./record-store.js";
import { measureSlos } from "./slos.js";
import { syntheticTableName } from "../synthetic/steps.js";
import { listVersions, publishedVersion, synthesized, synthesisInProgress } from "../synthetic/versions.js";

type Resolver = (parent: never, args: never, context: MeshContext) => unknown;
type ResolverMap = Record<string, Record<string, Resolver | { __resolveReference?: unknown }>>;
type Row = Record<string, unknown>;

/** The fields of a record the caller may not read: the value was not read, and asking for it is FORBIDDEN. */
const WITHHELD = Symbol("withheld");
interface GuardedRow extends Row {
  [WITHHELD]?: ReadonlySet<string>;
}

interface ConnectionArgs {
  /** The port to read: the dataset's own (default) or, where it has one, SYNTHETIC. */
  port?: PortKind | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  filter?: Record<string, Record<string, unknown> | null> | null;
  orderBy?: Array<{ field: string; direction: "ASC" | "DESC" }> | null;
}

/**
 * Resolvers of the standard product API for one domain. Every resolver asks the caller's
 * access (`context.access`): product metadata for the product and dataset fields, records for
 * the port a dataset is published on, and each field's classification for the values returned.
 */
export function productResolvers(domain: Domain, pool: pg.Pool, recordType: (d: Dataset) => string): ResolverMap {
  const datasets = domain.products.flatMap((p) => p.datasets);
  const stores = new Map(datasets.map((d) => [d, new RecordStore(pool, d)]));
  const store = (dataset: Dataset) => stores.get(dataset)!;
  const byPath = new Map(datasets.map((d) => [`${d.product}/${d.name}`, d]));
  const datasetAt = (ref: string, where: string): Dataset => {
    const found = byPath.get(ref);
    if (!found) throw new InputError(`${where}: no dataset "${ref}" in domain ${domain.name} (use <product>/<dataset>)`);
    return found;
  };

  /** The columns of a dataset the caller may read through `port`; each decision is audited. */
  const readable = (context: MeshContext, dataset: Dataset, port: PortKind = dataset.port): ColumnSpec[] =>
    dataset.table.columns.filter((c) =>
      context.access.canReadField(dataset.domain, port, c.classification, `${dataset.urn}#${c.name}`),
    );
  const assertColumn = (context: MeshContext, dataset: Dataset, column: ColumnSpec, port: PortKind = dataset.port) =>
    context.access.assertReadField(dataset.domain, port, column.classification, `${dataset.urn}#${column.name}`);

  /**
   * Where a request reads a dataset's records: its own port, or SYNTHETIC — the rows of its
   * published synthetic version, read with the same API. The caller's right to the port's records
   * is checked (and audited) before anything is read.
   */
  const source = async (
    context: MeshContext,
    dataset: Dataset,
    requested: PortKind | null | undefined,
  ): Promise<{ port: PortKind; records: RecordStore }> => {
    const port = requested ?? dataset.port;
    if (port !== dataset.port && !(port === "SYNTHETIC" && synthesized(dataset))) {
      throw new InputError(
        `${dataset.urn} has no ${port} port: it is published on ${[dataset.port, ...(synthesized(dataset) ? ["SYNTHETIC"] : [])].join(" and ")}`,
      );
    }
    context.access.assertReadRecords(dataset.domain, port, dataset.urn);
    if (port === dataset.port) return { port, records: store(dataset) };
    const version = await publishedVersion(pool, dataset);
    if (!version) {
      throw new NotFoundError(
        `${dataset.urn} has no published synthetic version yet (its SYNTHETIC port shows what is under way)`,
      );
    }
    return { port, records: new RecordStore(pool, dataset, { table: syntheticTableName(dataset), id: version.id }) };
  };

  const guardRows = (dataset: Dataset, rows: Row[], allowed: readonly ColumnSpec[]): GuardedRow[] => {
    const names = new Set(allowed.map((c) => c.name));
    const withheld = new Set(dataset.table.columns.filter((c) => !names.has(c.name)).map((c) => fieldName(c.name)));
    return rows.map((row) => Object.assign(row, { [WITHHELD]: withheld }));
  };

  const connection = async (
    context: MeshContext,
    dataset: Dataset,
    args: ConnectionArgs,
    fixed: Condition[],
    defaultOrder: readonly Order[] = [],
  ) => {
    const { port, records } = await source(context, dataset, args.port);
    const where = [...fixed, ...filterConditions(records, args.filter)];
    const orderBy = args.orderBy?.length
      ? args.orderBy.map((o) => ({ column: columnOfEnum(dataset, o.field).name, direction: o.direction }))
      : [...defaultOrder];
    for (const name of new Set([
      ...where.filter((c) => !fixed.includes(c)).map((c) => c.column),
      ...orderBy.map((o) => o.column),
    ])) {
      assertColumn(context, dataset, records.column(name, "filter"), port);
    }
    const allowed = readable(context, dataset, port);
    const page = await records.page({ ...args, where, orderBy, columns: allowed.map((c) => c.name) });
    const rows = guardRows(dataset, page.rows, allowed);
    return {
      edges: rows.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node })),
      nodes: rows,
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: rows.length > 0 ? encodeCursor(page.offset) : null,
        endCursor: rows.length > 0 ? encodeCursor(page.offset + rows.length - 1) : null,
      },
    };
  };

  const list = async (context: MeshContext, dataset: Dataset, where: Condition[], orderBy: readonly Order[], limit = 10_000) => {
    context.access.assertReadRecords(dataset.domain, dataset.port, dataset.urn);
    const allowed = readable(context, dataset);
    const rows = await store(dataset).all({ where, orderBy, columns: allowed.map((c) => c.name), limit });
    return guardRows(dataset, rows, allowed);
  };

  const resolvers: ResolverMap = { Query: {} };
  const add = (type: string, field: string, resolver: Resolver | { __resolveReference?: unknown }) => {
    resolvers[type] ??= {};
    resolvers[type][field] = resolver;
  };

  // Typed records: the root connection, field guards, and entity references by key.
  for (const dataset of datasets) {
    if (!dataset.records) continue;
    const type = recordType(dataset);
    add("Query", dataset.records.query, ((_: unknown, args: ConnectionArgs, context: MeshContext) =>
      connection(context, dataset, args, [])) as Resolver);
    for (const column of dataset.table.columns) {
      const field = fieldName(column.name);
      add(type, field, ((row: GuardedRow) => {
        if (row[WITHHELD]?.has(field)) {
          throw new NotAllowedError(
            `not allowed to read ${dataset.urn}#${column.name} (${column.classification}, ${dataset.port.toLowerCase()} port)`,
          );
        }
        return row[field];
      }) as Resolver);
    }
    if (dataset.table.primaryKey.length > 0) {
      add(type, "__resolveReference", (async (reference: Row, context: MeshContext) => {
        const where = dataset.table.primaryKey.map((column) => ({
          column,
          op: "eq" as const,
          value: reference[fieldName(column)],
        }));
        if (where.some((c) => c.value === undefined)) return null;
        const rows = await list(context, dataset, where, [], 1);
        return rows[0] ?? null;
      }) as unknown as Resolver);
    }
  }

  for (const lookup of domain.graphql.lookups) {
    const dataset = datasetAt(lookup.dataset, `lookup ${lookup.query}`);
    add("Query", lookup.query, (async (_: unknown, args: Row, context: MeshContext) => {
      const where = lookup.by.map((column) => ({ column, op: "eq" as const, value: args[fieldName(column)] }));
      const rows = await list(context, dataset, where, [], 1);
      return rows[0] ?? null;
    }) as Resolver);
  }

  for (const relation of domain.graphql.relations) {
    const dataset = datasetAt(relation.dataset, `relation ${relation.type}.${relation.field}`);
    const fixed = (parent: Row): Condition[] =>
      Object.entries({ ...relation.where, ...relation.match(parent) }).map(([column, value]) => ({ column, op: "eq", value }));
    add(
      relation.type,
      relation.field,
      (relation.kind === "connection"
        ? (parent: Row, args: ConnectionArgs, context: MeshContext) =>
            connection(context, dataset, args, fixed(parent), relation.orderBy)
        : (parent: Row, _: unknown, context: MeshContext) =>
            list(context, dataset, fixed(parent), relation.orderBy ?? [])) as Resolver,
    );
  }

  // The product entity and its metadata.
  const productType = productTypeName(domain.name);
  const products = new Map(domain.products.map((p) => [p.urn, p]));
  add(productType, "__resolveReference", ((reference: { urn: string }, context: MeshContext) => {
    const product = products.get(reference.urn);
    if (!product) return null;
    context.access.assertReadMetadata(product.domain, product.urn);
    return product;
  }) as unknown as Resolver);
  const productFields: Record<string, (p: DataProduct) => unknown> = {
    description: (p) => p.descriptor.document.description?.purpose ?? "",
    usage: (p) => p.descriptor.document.description?.usage ?? null,
    limitations: (p) => p.descriptor.document.description?.limitations ?? null,
    owners: (p) =>
      ((p.descriptor.document.team as { members?: Row[] } | undefined)?.members ?? []).map((m) => ({
        username: m.username,
        name: m.name ?? null,
        role: m.role ?? null,
      })),
    tags: (p) => p.descriptor.document.tags ?? [],
    status: (p) => p.descriptor.document.status,
    version: (p) => p.descriptor.document.version ?? "",
    descriptor: (p) => ({
      id: p.descriptor.document.id,
      version: p.descriptor.document.version ?? "",
      parsed: p.descriptor.document,
      yaml: p.descriptor.yaml,
    }),
    outputPorts: (p) =>
      (p.descriptor.document.outputPorts ?? []).map((port) => {
        const dataset = p.datasets.find((d) => d.urn === port.contractId);
        // The descriptor's portKind names the port (a dataset can have a REAL and a SYNTHETIC port).
        const kind = (port.customProperties?.find((c) => c.property === "portKind")?.value ??
          dataset?.port ??
          "REAL") as PortKind;
        return {
          name: port.name,
          kind,
          description: port.description ?? null,
          version: port.version,
          dataset: dataset ?? null,
          synthetic: kind === "SYNTHETIC" && dataset && synthesized(dataset) ? { dataset } : null,
        };
      }),
    datasets: (p) => p.datasets,
  };
  for (const [field, read] of Object.entries(productFields)) {
    add(productType, field, ((product: DataProduct, _: unknown, context: MeshContext) => {
      context.access.assertReadMetadata(product.domain, product.urn);
      return read(product);
    }) as Resolver);
  }
  add(productType, "slos", (async (product: DataProduct, _: unknown, context: MeshContext) => {
    context.access.assertReadMetadata(product.domain, product.urn);
    return (await Promise.all(product.datasets.map((d) => measureSlos(pool, d)))).flat();
  }) as Resolver);

  // A SYNTHETIC port: what it serves now, and what is being made (the product was checked above).
  add("SyntheticPortState", "version", ((state: { dataset: Dataset }) => publishedVersion(pool, state.dataset)) as Resolver);
  add("SyntheticPortState", "inProgress", ((state: { dataset: Dataset }) =>
    synthesisInProgress(pool, state.dataset)) as Resolver);

  // Datasets.
  const datasetFields: Record<string, (d: Dataset, args: Row, context: MeshContext) => unknown> = {
    product: (d) => `urn:mesh:${d.domain}:${d.product}`,
    description: (d) => d.table.description,
    version: (d) => d.contract.document.version,
    contract: (d) => ({
      id: d.contract.document.id,
      version: d.contract.document.version,
      parsed: d.contract.document,
      yaml: d.contract.yaml,
    }),
    columns: (d) => d.table.columns.map(columnView),
    recordType: (d) => (d.records ? recordType(d) : null),
    recordsQuery: (d) => d.records?.query ?? null,
    rowCount: (d) => store(d).count(),
    lastLoadedAt: async (d) => (await lastLoadedAt(pool, d.urn))?.toISOString() ?? null,
    page: async (d, args, context) => {
      const { port, records } = await source(context, d, args.port as PortKind | null);
      const where = tableConditions(records, args.filter as TableFilterInput[] | null);
      const orderBy = ((args.orderBy as Array<{ column: string; direction: "ASC" | "DESC" }> | null) ?? []).map((o) => ({
        column: records.column(o.column, "orderBy").name,
        direction: o.direction,
      }));
      for (const name of new Set([...where.map((c) => c.column), ...orderBy.map((o) => o.column)])) {
        assertColumn(context, d, records.column(name, "filter"), port);
      }
      const allowed = readable(context, d, port);
      const page = await records.page({
        first: args.first as number | null,
        after: args.after as string | null,
        where,
        orderBy,
        columns: allowed.map((c) => c.name),
      });
      return {
        columns: allowed.map(columnView),
        rows: page.rows.map((row) => allowed.map((c) => row[fieldName(c.name)] ?? null)),
        withheldColumns: d.table.columns.filter((c) => !allowed.includes(c)).map((c) => c.name),
        totalCount: page.totalCount,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: page.hasPreviousPage,
          startCursor: page.rows.length > 0 ? encodeCursor(page.offset) : null,
          endCursor: page.rows.length > 0 ? encodeCursor(page.offset + page.rows.length - 1) : null,
        },
      };
    },
    export: async (d, args, context) => {
      const limit = args.limit as number;
      if (!Number.isInteger(limit) || limit < 0 || limit > 100_000)
        throw new InputError(`limit must be between 0 and 100000, got ${limit}`);
      const { port, records } = await source(context, d, args.port as PortKind | null);
      const where = tableConditions(records, args.filter as TableFilterInput[] | null);
      for (const name of new Set(where.map((c) => c.column))) assertColumn(context, d, records.column(name, "filter"), port);
      const allowed = readable(context, d, port);
      const rows = await records.all({ where, columns: allowed.map((c) => c.name), limit });
      const names = allowed.map((c) => c.name);
      const values = rows.map((row) => allowed.map((c) => row[fieldName(c.name)] ?? null));
      const csv = args.format === "CSV";
      return {
        format: args.format,
        mediaType: csv ? "text/csv" : "application/json",
        fileName: `${d.domain}-${d.product}-${d.name}${port === d.port ? "" : `-${port.toLowerCase()}`}.${csv ? "csv" : "json"}`,
        rowCount: rows.length,
        withheldColumns: d.table.columns.filter((c) => !allowed.includes(c)).map((c) => c.name),
        content: csv
          ? stringify(values, { header: true, columns: names, cast: { boolean: (b) => String(b) } })
          : JSON.stringify(values.map((v) => Object.fromEntries(names.map((n, i) => [n, v[i]])))),
      };
    },
    synthesized: (d) => synthesized(d),
    syntheticVersion: (d) => publishedVersion(pool, d),
    syntheticVersions: (d, args) => {
      const first = args.first as number;
      if (!Number.isInteger(first) || first < 0 || first > 100)
        throw new InputError(`first must be between 0 and 100, got ${first}`);
      return listVersions(pool, d, first);
    },
  };
  for (const [field, read] of Object.entries(datasetFields)) {
    add("Dataset", field, ((dataset: Dataset, args: Row, context: MeshContext) => {
      context.access.assertReadMetadata(dataset.domain, dataset.urn);
      return read(dataset, args, context);
    }) as Resolver);
  }
  return resolvers;
}

function columnView(column: ColumnSpec) {
  return {
    name: column.name,
    field: fieldName(column.name),
    logicalType: column.logicalType,
    physicalType: column.physicalType,
    description: column.description,
    classification: classificationEnumValue(column.classification),
    unit: column.unit ?? null,
    required: column.required,
    unique: column.unique,
    primaryKey: column.primaryKeyPosition !== undefined,
    allowedValues: column.allowedValues?.map(String) ?? null,
    minimum: column.minimum ?? null,
    maximum: column.maximum ?? null,
  };
}

function columnOfEnum(dataset: Dataset, value: string): ColumnSpec {
  const column = dataset.table.columns.find((c) => fieldEnumValue(c.name) === value);
  if (!column) throw new InputError(`orderBy: ${value} is not a column of ${dataset.urn}`);
  return column;
}

const FILTER_OPS = new Set<Condition["op"]>(["eq", "ne", "lt", "lte", "gt", "gte", "in", "contains", "isNull"]);

/** `{ age: { gte: 50 }, site: { in: ["va"] } }` → conditions on columns. */
function filterConditions(records: RecordStore, filter: ConnectionArgs["filter"]): Condition[] {
  const byField = new Map(records.dataset.table.columns.map((c) => [fieldName(c.name), c.name]));
  return Object.entries(filter ?? {}).flatMap(([field, ops]) =>
    Object.entries(ops ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([op, value]) => {
        if (!FILTER_OPS.has(op as Condition["op"])) throw new InputError(`filter.${field}: unknown operator ${op}`);
        return { column: byField.get(field) ?? field, op: op as Condition["op"], value };
      }),
  );
}

interface TableFilterInput {
  column: string;
  op: "EQ" | "NE" | "LT" | "LTE" | "GT" | "GTE" | "IN" | "CONTAINS" | "IS_NULL";
  value?: unknown;
}

function tableConditions(records: RecordStore, filters: readonly TableFilterInput[] | null): Condition[] {
  return (filters ?? []).map((f) => {
    const column = records.column(f.column, "filter").name;
    const op = f.op === "IS_NULL" ? "isNull" : (f.op.toLowerCase() as Condition["op"]);
    return { column, op, value: f.op === "IS_NULL" ? f.value !== false : f.value };
  });
}
