import { type CellValue, InputError, type Table, type TableColumn } from "@mesh/core";

/**
 * Helpers shared by the metrics: how a cell becomes a number or a category key.
 *
 * A category key tells a number from a string with the same text (`1` ≠ `"1"`) and keeps null
 * as a category of its own, as SDMetrics does for categorical metrics.
 */
export const NULL_KEY = "∅";

/** The category key of one cell: `∅` for null, otherwise its type's initial and its text. */
export function categoryKey(value: CellValue): string {
  if (value === null) return NULL_KEY;
  switch (typeof value) {
    case "number":
      return `n:${String(value)}`;
    case "boolean":
      return `b:${String(value)}`;
    default:
      return `s:${value}`;
  }
}

/** Whether a column's values are compared as numbers (numerical, datetime as epoch ms). */
export function isContinuous(col: TableColumn): boolean {
  return col.kind === "numerical" || col.kind === "datetime";
}

/** A continuous column's value as a number, NaN for null; anything else is an input error. */
export function toNumber(col: TableColumn, value: CellValue, row: number): number {
  if (value === null) return Number.NaN;
  if (typeof value === "number") return value;
  throw new InputError(`column "${col.name}" (${col.kind}), row ${row}: ${JSON.stringify(value)} is not a number`);
}

/** A continuous column's values as numbers, NaN for null. */
export function numbersOf(col: TableColumn): Float64Array {
  const out = new Float64Array(col.values.length);
  for (let i = 0; i < col.values.length; i++) out[i] = toNumber(col, col.values[i] ?? null, i);
  return out;
}

/** The non-null values of a continuous column, sorted ascending. */
export function sortedNonNull(col: TableColumn): Float64Array {
  const all = numbersOf(col);
  const kept = all.filter((v) => !Number.isNaN(v));
  return kept.sort();
}

export function requireContinuous(col: TableColumn, metric: string): void {
  if (!isContinuous(col)) throw new InputError(`${metric} needs a numerical or datetime column; "${col.name}" is ${col.kind}`);
}

export function requireDiscrete(col: TableColumn, metric: string): void {
  if (isContinuous(col)) throw new InputError(`${metric} needs a categorical or boolean column; "${col.name}" is ${col.kind}`);
}

/** Mean of the non-null entries, or null when there are none. */
export function meanOrNull(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null || Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n === 0 ? null : sum / n;
}

/** How many times each key occurs. */
export function counts(keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

/**
 * Total variation distance ½·Σ|p(k) − q(k)| between the relative frequencies of two lists of
 * keys (both non-empty), over the union of keys; computed on integer counts as
 * Σ|c_p(k)·m − c_q(k)·n| / (2·n·m), so that equal shares give exactly 0.
 */
export function totalVariation(p: readonly string[], q: readonly string[]): number {
  const n = p.length;
  const m = q.length;
  const cp = counts(p);
  const cq = counts(q);
  let sum = 0;
  for (const [k, c] of cp) sum += Math.abs(c * m - (cq.get(k) ?? 0) * n);
  for (const [k, c] of cq) if (!cp.has(k)) sum += c * n;
  return sum / (2 * n * m);
}

/** A seeded pseudo-random generator (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows of a table, in the order given. */
export function selectRows(table: Table, rows: readonly number[]): Table {
  return { columns: table.columns.map((c) => ({ ...c, values: rows.map((r) => c.values[r] ?? null) })) };
}
