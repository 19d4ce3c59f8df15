import { type CellValue, type Table } from "@mesh/core";
import { describe, expect, it } from "vitest";
import { type ColumnSpec } from "../columns.js";
import { Random } from "../random.js";
import { filterSynthetic, nearestRealDistances } from "./filters.js";

const SPECS: ColumnSpec[] = [
  { name: "age", kind: "numerical", nullable: false },
  { name: "sex", kind: "categorical", nullable: false },
  { name: "smoker", kind: "boolean", nullable: false },
];

function table(rows: [number, string, boolean][], ids?: string[]): Table {
  const t: Table = {
    columns: [
      { name: "age", kind: "numerical", values: rows.map((r) => r[0]) },
      { name: "sex", kind: "categorical", values: rows.map((r) => r[1]) },
      { name: "smoker", kind: "boolean", values: rows.map((r) => r[2]) },
    ],
  };
  if (ids) t.columns.push({ name: "id", kind: "categorical", values: ids });
  return t;
}

// Real ages span 0–100, so an age difference of d counts d/100. Summed distances between real
// rows (divide by 3 columns for Gower): r0–r3 1.2 (0.2 + 1 + 0), r1–r4 1.4 (0.4 + 1 + 0),
// r2–r4 0.1, and every other pair more. Nearest-neighbour sums, sorted: 0.1, 0.1, 1.2, 1.2, 1.4.
// 5th percentile (type 7): position 4 × 0.05 = 0.2, between 0.1 and 0.1 → 0.1 / 3.
// 99th percentile: position 3.96 → 1.2 + 0.96 × (1.4 − 1.2) = 1.392 → 1.392 / 3 = 0.464.
const REAL = table([
  [0, "F", false],
  [100, "M", true],
  [50, "F", true],
  [20, "M", false],
  [60, "F", true],
]);

// Nearest real row and summed distance of each synthetic row:
const SYNTHETIC = table(
  [
    [100, "M", true], // s0: r1, 0 (an exact copy)
    [51, "F", true], // s1: r2, 0.01 (a near copy)
    [30, "F", false], // s2: r0, 0.3
    [80, "M", true], // s3: r1, 0.2
    [10, "M", true], // s4: r1, 0.9 (r3 1.1, r2 1.4)
    [0, "M", true], // s5: r1, 1.0 (r3 1.2)
    [80, "X", false], // s6: r3, 1.6 (0.6 + 1 + 0; r0 1.8): far from everything
    [120, "M", true], // s7: r1, 0.2, but age 120 is above the real maximum 100
  ],
  ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"],
);

const ids = (t: Table) => t.columns.find((c) => c.name === "id")?.values;

describe("filterSynthetic", () => {
  it("drops the exact copy, the near copy, the far row and the out-of-range row with automatic thresholds", () => {
    const r = filterSynthetic(SYNTHETIC, REAL, SPECS);
    expect(r.dropped).toEqual({ tooClose: 2, outliers: 2 });
    expect(ids(r.table)).toEqual(["s2", "s3", "s4", "s5"]);
    expect(r.table.columns.find((c) => c.name === "age")?.values).toEqual([30, 80, 10, 0]);
    expect(r.table.columns.map((c) => c.name)).toEqual(["age", "sex", "smoker", "id"]);
    expect(r.thresholds).toEqual({
      distance: "gower",
      tooClose: expect.closeTo(0.1 / 3, 12),
      tooCloseQuantile: 0.05,
      outlier: expect.closeTo(0.464, 12),
      outlierQuantile: 0.99,
    });
  });

  it("uses a given distance threshold; exact copies go even at threshold 0", () => {
    // Gower distances: s0 0, s1 0.0033, s2 0.1, s3 0.0667, s4 0.3, s5 0.333, s6 0.533, s7 0.0667.
    const r = filterSynthetic(SYNTHETIC, REAL, SPECS, { tooClose: 0.15, outlierQuantile: false, outsideRange: false });
    expect(r.dropped).toEqual({ tooClose: 5, outliers: 0 });
    expect(ids(r.table)).toEqual(["s4", "s5", "s6"]);
    expect(r.thresholds).toEqual({
      distance: "gower",
      tooClose: 0.15,
      tooCloseQuantile: null,
      outlier: null,
      outlierQuantile: null,
    });
    const zero = filterSynthetic(SYNTHETIC, REAL, SPECS, { tooClose: 0, outlierQuantile: false, outsideRange: false });
    expect(zero.dropped).toEqual({ tooClose: 1, outliers: 0 });
    expect(ids(zero.table)).toEqual(["s1", "s2", "s3", "s4", "s5", "s6", "s7"]);
    // Range check alone.
    const range = filterSynthetic(SYNTHETIC, REAL, SPECS, { tooClose: 0, outlierQuantile: false });
    expect(range.dropped).toEqual({ tooClose: 1, outliers: 1 });
  });

  it("refuses bad options and tables that do not match the columns, naming them", () => {
    expect(() => filterSynthetic(SYNTHETIC, REAL, SPECS, { tooClose: -1 })).toThrow(
      'privacy filter: "tooClose" must be "auto" or a distance ≥ 0, got -1',
    );
    expect(() => filterSynthetic(SYNTHETIC, REAL, SPECS, { outlierQuantile: 2 })).toThrow(
      'privacy filter: "outlierQuantile" must be a number from 0 to 1, got 2',
    );
    expect(() => filterSynthetic(SYNTHETIC, REAL, [...SPECS, { name: "bmi", kind: "numerical", nullable: true }])).toThrow(
      'real table: column "bmi" is missing',
    );
    expect(() => filterSynthetic(SYNTHETIC, REAL, [{ name: "sex", kind: "boolean", nullable: false }])).toThrow(
      'real table: column "sex" is categorical, expected boolean',
    );
    const bad = table([[1, "F", true]]);
    (bad.columns[0] as { values: CellValue[] }).values = ["1"];
    expect(() => filterSynthetic(bad, REAL, SPECS)).toThrow('synthetic table, column "age", row 0: "1" is not a finite number');
    expect(() => filterSynthetic(SYNTHETIC, table([[1, "F", true]]), SPECS)).toThrow("need at least 2 real rows");
  });
});

/** Gower distance by its definition, for checking the indexed search. */
function bruteForce(synth: Table, real: Table, specs: ColumnSpec[]): number[] {
  const col = (t: Table, name: string) => t.columns.find((c) => c.name === name)?.values as CellValue[];
  const range = specs.map((s) => {
    const v = col(real, s.name).filter((x): x is number => typeof x === "number");
    return s.kind === "numerical" || s.kind === "datetime" ? Math.max(...v) - Math.min(...v) : 0;
  });
  const rows = (t: Table) => t.columns[0]?.values.length ?? 0;
  return [...Array(rows(synth)).keys()].map((i) => {
    let best = Infinity;
    for (let j = 0; j < rows(real); j++) {
      let sum = 0;
      specs.forEach((s, k) => {
        const a = col(synth, s.name)[i] as CellValue;
        const b = col(real, s.name)[j] as CellValue;
        if (a === null || b === null) sum += a === b ? 0 : 1;
        else if ((range[k] as number) > 0) sum += Math.abs((a as number) - (b as number)) / (range[k] as number);
        else sum += a === b ? 0 : 1;
      });
      best = Math.min(best, sum / specs.length);
    }
    return best;
  });
}

describe("nearestRealDistances", () => {
  it("nulls are equal only to nulls", () => {
    const specs: ColumnSpec[] = [{ name: "lab", kind: "numerical", nullable: true }];
    const real: Table = { columns: [{ name: "lab", kind: "numerical", values: [null, 0, 10] }] };
    const synth: Table = { columns: [{ name: "lab", kind: "numerical", values: [null, 7, 10, 12] }] };
    expect([...nearestRealDistances(synth, real, specs)]).toEqual([0, expect.closeTo(0.3, 12), 0, expect.closeTo(0.2, 12)]);
  });

  it("equals the brute-force Gower distance on random mixed tables (nulls, constant and unseen values)", () => {
    // x, the column with the most distinct values, is the search's pivot; its nulls take the other path.
    const rng = new Random("gower");
    const specs: ColumnSpec[] = [
      { name: "x", kind: "numerical", nullable: true },
      { name: "y", kind: "numerical", nullable: false },
      { name: "c", kind: "categorical", nullable: true },
      { name: "b", kind: "boolean", nullable: false },
      { name: "k", kind: "numerical", nullable: false },
      { name: "t", kind: "datetime", nullable: false },
    ];
    const make = (n: number, unseen: boolean): Table => {
      const cells = (f: () => CellValue) => Array.from({ length: n }, f);
      return {
        columns: [
          { name: "x", kind: "numerical", values: cells(() => (rng.uniform() < 0.25 ? null : rng.normal())) },
          { name: "y", kind: "numerical", values: cells(() => rng.int(5)) },
          {
            name: "c",
            kind: "categorical",
            values: cells(() => (rng.uniform() < 0.1 ? null : (["a", "b", unseen ? "z" : "c"][rng.int(3)] as string))),
          },
          { name: "b", kind: "boolean", values: cells(() => rng.uniform() < 0.5) },
          { name: "k", kind: "numerical", values: cells(() => (unseen && rng.uniform() < 0.2 ? 8 : 7)) },
          { name: "t", kind: "datetime", values: cells(() => 1.6e12 + rng.int(20) * 86_400_000) },
        ],
      };
    };
    for (let round = 0; round < 5; round++) {
      const real = make(60, false);
      const synth = make(40, round % 2 === 1);
      const got = [...nearestRealDistances(synth, real, specs)];
      bruteForce(synth, real, specs).forEach((d, i) => expect(got[i]).toBeCloseTo(d, 12));
    }
    // Only categorical columns: no pivot, a plain scan.
    const cat = specs.slice(2, 4);
    const real = make(30, false);
    const synth = make(30, true);
    expect([...nearestRealDistances(synth, real, cat)]).toEqual(bruteForce(synth, real, cat));
  });
});
