import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * Streams `source` (PostgreSQL COPY text format) into `table` through `COPY … FROM STDIN` on
 * `client`. Run it inside the caller's transaction to make the load all-or-nothing.
 * Returns the number of rows PostgreSQL reports.
 */
export async function copyInto(
  client: pg.PoolClient | pg.Client,
  table: { schema: string; name: string; columns: readonly string[] },
  source: Readable,
): Promise<number> {
  const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const sql = `copy ${ident(table.schema)}.${ident(table.name)} (${table.columns.map(ident).join(", ")}) from stdin`;
  const sink = client.query(copyFrom(sql));
  await pipeline(source, sink);
  return sink.rowCount ?? 0;
}

/** Escapes one value for COPY text format; `null` becomes `\N`. */
export function copyText(value: string | null): string {
  if (value === null) return "\\N";
  // Only backslash, tab, newline and carriage return need escaping in text format.
  return /[\\\t\n\r]/.test(value)
    ? value.replaceAll("\\", "\\\\").replaceAll("\t", "\\t").replaceAll("\n", "\\n").replaceAll("\r", "\\r")
    : value;
}
