import type pg from "pg";
import type { ContractProblem, TableSpec } from "@mesh/contracts";

/**
 * Compares a migrated table with its contract table: the same columns, each with the contract's
 * physical type (as PostgreSQL's format_type prints it) and nullability, and the same primary key.
 * Returns every difference; `[]` when they agree.
 */
export async function checkTableConformance(pool: pg.Pool, schema: string, table: TableSpec): Promise<ContractProblem[]> {
  const where = `${schema}.${table.physicalName}`;
  const columns = await pool.query<{ name: string; type: string; not_null: boolean }>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [schema, table.physicalName],
  );
  if (columns.rowCount === 0) return [{ path: where, message: "the table does not exist" }];
  const key = await pool.query<{ name: string }>(
    `select a.attname as name
       from pg_index i
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = $1::regclass and i.indisprimary
      order by array_position(i.indkey::int2[], a.attnum)`,
    [`"${schema}"."${table.physicalName}"`],
  );
  const problems: ContractProblem[] = [];
  const actual = new Map(columns.rows.map((r) => [r.name, r]));
  for (const column of table.columns) {
    const found = actual.get(column.name);
    if (!found) {
      problems.push({ path: `${where}.${column.name}`, message: "is in the contract but not in the table" });
      continue;
    }
    if (found.type !== column.physicalType) {
      problems.push({
        path: `${where}.${column.name}`,
        message: `has type ${found.type}; the contract says ${column.physicalType}`,
      });
    }
    if (found.not_null !== column.required) {
      problems.push({
        path: `${where}.${column.name}`,
        message: found.not_null
          ? "is not null in the table but optional in the contract"
          : "is nullable in the table but required in the contract",
      });
    }
  }
  const declared = new Set(table.columns.map((c) => c.name));
  for (const name of actual.keys()) {
    if (!declared.has(name)) problems.push({ path: `${where}.${name}`, message: "is in the table but not in the contract" });
  }
  const actualKey = key.rows.map((r) => r.name);
  if (actualKey.join(",") !== table.primaryKey.join(",")) {
    problems.push({
      path: `${where}`,
      message: `has primary key (${actualKey.join(", ")}); the contract says (${table.primaryKey.join(", ")})`,
    });
  }
  return problems;
}
