import { type CellValue, type Table, type TableColumn } from "@mesh/core";
import { type ColumnSpec } from "./columns.js";
import { Random } from "./random.js";

/** Test tables with known structure, seeded. */

export const col = (t: Table, name: string): CellValue[] => (t.columns.find((c) => c.name === name) as TableColumn).values;
export const nums = (t: Table, name: string): number[] => col(t, name).filter((v): v is number => typeof v === "number");

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
export function std(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const y = ys[i] as number;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * A patient-like table: x ~ N(50, 10), y = 0.8·x-score + noise (ρ ≈ 0.8) on a scale of 100 ± 20,
 * an integer age in [18, 90], a sex category tied to x, a boolean, a nullable lab value with 20%
 * nulls, and an admission datetime.
 */
export function correlatedTable(rows: number, seed = 1): { table: Table; model: ColumnSpec[] } {
  const rng = new Random(seed);
  const x: CellValue[] = [];
  const y: CellValue[] = [];
  const age: CellValue[] = [];
  const sex: CellValue[] = [];
  const smoker: CellValue[] = [];
  const lab: CellValue[] = [];
  const admitted: CellValue[] = [];
  const t0 = Date.UTC(2020, 0, 1);
  for (let i = 0; i < rows; i++) {
    const a = rng.normal();
    const b = 0.8 * a + 0.6 * rng.normal();
    x.push(50 + 10 * a);
    y.push(100 + 20 * b);
    age.push(Math.min(90, Math.max(18, Math.round(55 + 12 * rng.normal()))));
    sex.push(a + 0.5 * rng.normal() > 0.3 ? "M" : "F");
    smoker.push(rng.uniform() < 0.3);
    lab.push(rng.uniform() < 0.2 ? null : Math.round((5 + rng.normal()) * 100) / 100);
    admitted.push(t0 + Math.floor(rng.uniform() * 365 * 86_400_000));
  }
  const table: Table = {
    columns: [
      { name: "x", kind: "numerical", values: x },
      { name: "y", kind: "numerical", values: y },
      { name: "age", kind: "numerical", values: age },
      { name: "sex", kind: "categorical", values: sex },
      { name: "smoker", kind: "boolean", values: smoker },
      { name: "lab", kind: "numerical", values: lab },
      { name: "admitted", kind: "datetime", values: admitted },
    ],
  };
  const model: ColumnSpec[] = [
    { name: "x", kind: "numerical", nullable: false },
    { name: "y", kind: "numerical", nullable: false },
    { name: "age", kind: "numerical", integer: true, nullable: false, minimum: 18, maximum: 90 },
    { name: "sex", kind: "categorical", nullable: false, allowedValues: ["F", "M"] },
    { name: "smoker", kind: "boolean", nullable: false },
    { name: "lab", kind: "numerical", nullable: true, decimals: 2, minimum: 0 },
    { name: "admitted", kind: "datetime", nullable: false, minimum: t0, maximum: t0 + 365 * 86_400_000 },
  ];
  return { table, model };
}
