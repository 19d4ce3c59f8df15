import { type CellValue } from "@mesh/core";

/**
 * A condition on one column for conditional generation:
 * - a value (or `{ eq: value }`): the column equals it (categorical, boolean, or an exact
 *   number); `null` asks for missing values (nullable columns only);
 * - `{ in: [values] }`: the column is one of them (categorical, boolean);
 * - a range: any of gt, gte, lt, lte. On a numerical or datetime column (epoch ms) it bounds the
 *   value; on a categorical column with numeric labels (e.g. a diagnosis coded 0–4) it selects
 *   the categories whose label is in the range, so `{ num: { gt: 0 } }` means num ∈ {1, 2, 3, 4}.
 */
export type Condition =
  CellValue | { eq: CellValue } | { in: readonly CellValue[] } | { gt?: number; gte?: number; lt?: number; lte?: number };

/** Conditions by column name; all must hold on every generated row. */
export type Conditions = Readonly<Record<string, Condition>>;

export interface RangeCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** Normalises a condition to an equality, a set or a range. */
export function parseCondition(c: Condition): { eq: CellValue } | { in: readonly CellValue[] } | { range: RangeCondition } {
  if (c === null || typeof c !== "object") return { eq: c };
  if ("eq" in c) return { eq: c.eq };
  if ("in" in c) return { in: c.in };
  return { range: c };
}

/** Whether a final value satisfies a range. */
export function inRange(v: number, r: RangeCondition): boolean {
  return (
    (r.gt === undefined || v > r.gt) &&
    (r.gte === undefined || v >= r.gte) &&
    (r.lt === undefined || v < r.lt) &&
    (r.lte === undefined || v <= r.lte)
  );
}
