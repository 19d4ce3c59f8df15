import { type CellValue } from "@mesh/core";

/**
 * A condition on one column for conditional generation:
 * - a value (or `{ eq: value }`): the column equals it (categorical, boolean, or an exact
 *   number); `null` asks for missing values (nullable columns only);
 * - a range on a numerical or datetime column (epoch ms): any of gt, gte, lt, lte.
 */
export type Condition = CellValue | { eq: CellValue } | { gt?: number; gte?: number; lt?: number; lte?: number };

/** Conditions by column name; all must hold on every generated row. */
export type Conditions = Readonly<Record<string, Condition>>;

export interface RangeCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** Normalises a condition to an equality or a range. */
export function parseCondition(c: Condition): { eq: CellValue } | { range: RangeCondition } {
  if (c === null || typeof c !== "object") return { eq: c };
  if ("eq" in c) return { eq: c.eq };
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
