import type pg from "pg";
import type { ColumnSpec } from "@mesh/contracts";
import { InputError } from "@mesh/core";
import type { Dataset } from "../define.js";
import { fieldName } from "./naming.js";
import type { Order } from "./relations.js";

export type { Order };

/** One condition on a column: `op` as in the `<Scalar>Filter` inputs. */
export interface Condition {
  column: string;
  op: "eq" | "ne" | "lt" | "lte" | "gt" | "gte" | "in" | "contains" | "isNull";
  value: unknown;
}

export interface PageRequest {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  where?: readonly Condition[];
  orderBy?: readonly Order[];
  /** Columns to read; the others come back as null and are not read from the database. */
  columns: readonly string[];
}

export interface Page {
  /** Records keyed by GraphQL field name. */
  rows: Array<Record<string, unknown>>;
  /** Offset of the first row in the whole ordered result. */
  offset: number;
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** The largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 50;

/** Opaque cursors: the position of a record in the ordered result. */
export const encodeCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString("base64url");
export function decodeCursor(cursor: string, argument: string): number {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw new InputError(`${argument}: "${cursor}" is not a cursor returned by this API`);
  return Number(match[1]);
}

const OPERATORS: Record<Exclude<Condition["op"], "in" | "contains" | "isNull">, string> = {
  eq: "=",
  ne: "<>",
  lt: "<",
  lte: "<=",
  gt: ">",
  gte: ">=",
};

/**
 * Reads a dataset's table: pages of records with conditions and an order, counts, whole
 * exports. Identifiers come from the contract (never from the caller); values are parameters.
 * Values are converted in SQL to what GraphQL serves: numbers as float8, dates as ISO text.
 */
export class RecordStore {
  private readonly byName: ReadonlyMap<string, ColumnSpec>;
  private readonly table: string;

  /**
   * `version`: read one synthetic version's rows (in `<table>__synthetic`, which has the real
   * table's columns plus `version_id`) instead of the real table.
   */
  constructor(
    private readonly pool: pg.Pool,
    readonly dataset: Dataset,
    private readonly version?: { table: string; id: string },
  ) {
    this.byName = new Map(dataset.table.columns.map((c) => [c.name, c]));
    this.table = `${ident(dataset.schema)}.${ident(version?.table ?? dataset.table.physicalName)}`;
  }

  column(name: string, argument: string): ColumnSpec {
    const column = this.byName.get(name);
    if (!column) {
      throw new InputError(
        `${argument}: ${this.dataset.urn} has no column "${name}"; its columns are ${[...this.byName.keys()].join(", ")}`,
      );
    }
    return column;
  }

  async page(request: PageRequest): Promise<Page> {
    if (request.first != null && request.last != null) throw new InputError("first and last cannot be used together");
    for (const [argument, value] of [
      ["first", request.first],
      ["last", request.last],
    ] as const) {
      if (value != null && (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE)) {
        throw new InputError(`${argument} must be between 0 and ${MAX_PAGE_SIZE}, got ${value}`);
      }
    }
    const { sql: where, params } = this.where(request.where ?? []);
    const count = await this.pool.query<{ n: number }>(`select count(*)::int as n from ${this.table}${where}`, params);
    const totalCount = count.rows[0]?.n ?? 0;
    let start: number;
    let end: number;
    if (request.last != null) {
      end = request.before != null ? Math.min(decodeCursor(request.before, "before"), totalCount) : totalCount;
      start = Math.max(0, end - request.last);
      if (request.after != null) start = Math.max(start, decodeCursor(request.after, "after") + 1);
    } else {
      start = request.after != null ? decodeCursor(request.after, "after") + 1 : 0;
      end = start + (request.first ?? DEFAULT_PAGE_SIZE);
      if (request.before != null) end = Math.min(end, decodeCursor(request.before, "before"));
    }
    const limit = Math.max(0, end - start);
    const rows =
      limit === 0
        ? []
        : (
            await this.pool.query(
              `select ${this.selectList(request.columns)} from ${this.table}${where}${this.orderBy(request.orderBy ?? [])} offset ${start} limit ${limit}`,
              params,
            )
          ).rows;
    return {
      rows,
      offset: start,
      totalCount,
      hasNextPage: start + rows.length < totalCount,
      hasPreviousPage: start > 0,
    };
  }

  /** Every record matching, in order (bounded by `limit`). */
  async all(request: { where?: readonly Condition[]; orderBy?: readonly Order[]; columns: readonly string[]; limit: number }) {
    const { sql: where, params } = this.where(request.where ?? []);
    const result = await this.pool.query(
      `select ${this.selectList(request.columns)} from ${this.table}${where}${this.orderBy(request.orderBy ?? [])} limit ${Math.max(0, Math.floor(request.limit))}`,
      params,
    );
    return result.rows as Array<Record<string, unknown>>;
  }

  async count(where: readonly Condition[] = []): Promise<number> {
    const { sql, params } = this.where(where);
    const result = await this.pool.query<{ n: number }>(`select count(*)::int as n from ${this.table}${sql}`, params);
    return result.rows[0]?.n ?? 0;
  }

  private selectList(columns: readonly string[]): string {
    const wanted = new Set(columns);
    return this.dataset.table.columns
      .map((c) => `${wanted.has(c.name) ? valueSql(c) : "null"} as ${ident(fieldName(c.name))}`)
      .join(", ");
  }

  private where(conditions: readonly Condition[]): { sql: string; params: unknown[] } {
    const params: unknown[] = this.version ? [this.version.id] : [];
    const scope = this.version ? ["version_id = $1"] : [];
    const parts = conditions.map((condition) => {
      const column = ident(this.column(condition.column, "filter").name);
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      switch (condition.op) {
        case "isNull":
          return condition.value === false ? `${column} is not null` : `${column} is null`;
        case "in":
          if (!Array.isArray(condition.value)) throw new InputError(`filter ${condition.column}: "in" needs a list`);
          return `${column} = any(${param(condition.value)})`;
        case "contains":
          return `${column}::text ilike '%' || ${param(String(condition.value).replace(/[\\%_]/g, "\\$&"))} || '%'`;
        default: {
          if (condition.value === null || condition.value === undefined) {
            throw new InputError(`filter ${condition.column}: ${condition.op} needs a value (use isNull for nulls)`);
          }
          return `${column} ${OPERATORS[condition.op]} ${param(condition.value)}`;
        }
      }
    });
    const all = [...scope, ...parts];
    return { sql: all.length === 0 ? "" : ` where ${all.join(" and ")}`, params };
  }

  /** The caller's order, then the primary key, so that pages are stable. */
  private orderBy(orders: readonly Order[]): string {
    const keys = [...orders.map((o) => ({ column: this.column(o.column, "orderBy").name, direction: o.direction }))];
    for (const column of this.dataset.table.primaryKey) {
      if (!keys.some((k) => k.column === column)) keys.push({ column, direction: "ASC" });
    }
    if (keys.length === 0) return "";
    return ` order by ${keys.map((k) => `${ident(k.column)} ${k.direction === "DESC" ? "desc" : "asc"} nulls last`).join(", ")}`;
  }
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** How a column is read so that its value is what GraphQL serves. */
function valueSql(column: ColumnSpec): string {
  const name = ident(column.name);
  switch (column.logicalType) {
    case "number":
      return `${name}::float8`;
    case "integer":
      return /^(bigint|int8|numeric)/.test(column.physicalType) ? `${name}::float8` : name;
    case "date":
      return `to_char(${name}, 'YYYY-MM-DD')`;
    case "timestamp":
      return `to_char(${name} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    default:
      return name;
  }
}
