import { type CellValue, InputError, type Table } from "@mesh/core";
import { describe, expect, it } from "vitest";
import { DistanceSpace, exactMatchRate, kAnonymity, privacy, rocAuc } from "./index.js";

const table = (x: (number | null)[], c: CellValue[]): Table => ({
  columns: [
    { name: "x", kind: "numerical", values: x },
    { name: "c", kind: "categorical", values: c },
  ],
});

describe("rocAuc", () => {
  it("counts ordered pairs, ties as ½", () => {
    // pairs (3,2) 1, (3,1) 1, (2,2) ½, (2,1) 1 → 3.5/4
    expect(rocAuc([3, 2], [2, 1])).toBe(0.875);
    expect(rocAuc([1, 1], [1])).toBe(0.5); // all tied
    expect(rocAuc([0], [1, 2])).toBe(0); // every negative above
    expect(rocAuc([], [1])).toBeNull();
  });
});

describe("exactMatchRate", () => {
  it("is the share of synthetic rows equal to a training row, nulls equal", () => {
    const train = table([1, 2, null], ["a", "b", "b"]);
    // (1,a) yes, (2,a) no, (1,a) yes, (null,b) yes, (1,"a ") no → 3/5
    expect(exactMatchRate(train, table([1, 2, 1, null, 1], ["a", "a", "a", "b", "a "]))).toBe(0.6);
    expect(exactMatchRate(train, table([], []))).toBeNull();
  });
});

describe("distances, DCR, NNDR and the membership-inference attack", () => {
  // Real x range over train ∪ holdout: [0, 10] → |Δx|/10; distance = mean of the 2 column terms.
  const train = table([0, 10], ["a", "b"]);
  const holdout = table([4], ["a"]);
  const synthetic = table([0, 6], ["a", "b"]);
  // s1 (0,a): t1 0, t2 (1 + 1)/2 = 1, h1 (.4 + 0)/2 = .2
  // s2 (6,b): t1 (.6 + 1)/2 = .8, t2 (.4 + 0)/2 = .2, h1 (.2 + 1)/2 = .6

  it("nearest and second-nearest in one pass", () => {
    const space = new DistanceSpace(train, holdout);
    const near = space.nearest(space.encode(synthetic), space.encode(train));
    expect(Array.from(near.aFirst)).toEqual([0, expect.closeTo(0.2, 12)]);
    expect(Array.from(near.aSecond)).toEqual([1, expect.closeTo(0.8, 12)]);
    expect(Array.from(near.bFirst)).toEqual([0, expect.closeTo(0.2, 12)]); // t1 → s1, t2 → s2
  });

  it("reports every figure", () => {
    expect(privacy({ train, holdout, synthetic, quasiIdentifiers: ["c"], k: 2, balanceDcr: false })).toEqual({
      exactMatchRate: 0.5, // s1 = t1
      dcr: {
        closerToTrainingShare: 1, // s1: 0 < .2, s2: .2 < .6
        equidistantShare: 0,
        overfittingProtection: 0, // min(1, 2·(1 − 1))
        rowsCompared: { training: 2, holdout: 1 },
        medianToTraining: expect.closeTo(0.1, 12), // (0 + .2)/2
        medianToHoldout: expect.closeTo(0.4, 12), // (.2 + .6)/2
      },
      // s1: 0/1 = 0; s2: .2/.8 = .25 → mean = median = .125
      nndr: { mean: expect.closeTo(0.125, 12), median: expect.closeTo(0.125, 12) },
      // members t1 −0, t2 −.2; non-member h1 −min(.2, .6) = −.2 → (1 + ½)/2
      membershipInference: { auc: 0.75 },
      kAnonymity: {
        // real c = a, b, a → classes a:2, b:1 → k 1; 1 row of 3 below 2
        real: { quasiIdentifiers: ["c"], k: 2, minClassSize: 1, classes: 2, shareBelowK: 1 / 3 },
        synthetic: { quasiIdentifiers: ["c"], k: 2, minClassSize: 1, classes: 2, shareBelowK: 1 },
      },
    });
  });

  it("balances the real parts for DCR by default", () => {
    // training subsampled to 1 row (the holdout's size). Either row gives ½:
    // t1 kept: s1 0 < .2 counts, s2 .8 > .6 does not; t2 kept: s1 1 > .2 does not, s2 .2 < .6 counts
    for (const seed of [0, 1, 2, 3]) {
      const { dcr } = privacy({ train, holdout, synthetic, seed });
      expect(dcr.closerToTrainingShare).toBe(0.5);
      expect(dcr.rowsCompared).toEqual({ training: 1, holdout: 1 });
      expect(dcr.medianToTraining).toBeCloseTo(0.1, 12); // medians use every row
    }
  });

  it("treats nulls: both null 0, one null 1; a constant column has range 1; terms capped at 1", () => {
    const t = table([null, 5], ["a", null]);
    const space = new DistanceSpace(t, table([5], ["a"]));
    // (null,a)→(null,a): 0; (null,a)→(5,null): (1 + 1)/2 = 1
    const near = space.nearest(space.encode(table([null], ["a"])), space.encode(t));
    expect(Array.from(near.aFirst)).toEqual([0]);
    expect(Array.from(near.aSecond)).toEqual([1]);
    // x constant 5 in the real rows → range 1: (7,a) to (5,a) = (min(1, 2) + 0)/2 = ½
    expect(Array.from(space.nearest(space.encode(table([7], ["a"])), space.encode(table([5], ["a"]))).aFirst)).toEqual([0.5]);
  });

  it("defines the empty cases", () => {
    const none = table([], []);
    const report = privacy({ train, holdout: none, synthetic: none });
    expect(report.exactMatchRate).toBeNull();
    expect(report.dcr).toEqual({
      closerToTrainingShare: null,
      equidistantShare: null,
      overfittingProtection: null,
      medianToTraining: null,
      medianToHoldout: null,
      rowsCompared: { training: 2, holdout: 0 },
    });
    expect(report.nndr).toEqual({ mean: null, median: null });
    expect(report.membershipInference.auc).toBeNull();
    // a single training row: no second neighbour, NNDR undefined
    expect(privacy({ train: table([1], ["a"]), holdout, synthetic }).nndr).toEqual({ mean: null, median: null });
  });

  it("handles 1,000 × 1,000 rows well under a second", () => {
    let seed = 1;
    const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const big = (): Table => ({
      columns: [
        ...Array.from({ length: 8 }, (_, j) => ({
          name: `x${j}`,
          kind: "numerical" as const,
          values: Array.from({ length: 1000 }, () => rand() * 100),
        })),
        ...Array.from({ length: 6 }, (_, j) => ({
          name: `c${j}`,
          kind: "categorical" as const,
          values: Array.from({ length: 1000 }, () => String(Math.floor(rand() * 4))),
        })),
      ],
    });
    const [t, h, s] = [big(), big(), big()];
    const start = performance.now();
    const report = privacy({ train: t, holdout: h, synthetic: s });
    const ms = performance.now() - start;
    expect(report.membershipInference.auc).toBeGreaterThan(0.4);
    // measured 150 ms for the whole privacy() (README); the bound leaves room for a loaded CI machine
    expect(ms).toBeLessThan(1500);
  });
});

describe("kAnonymity", () => {
  const t: Table = {
    columns: [
      { name: "sex", kind: "categorical", values: ["F", "F", "M", "F"] },
      { name: "zip", kind: "numerical", values: [1, 1, 2, 2] },
    ],
  };
  it("finds the smallest equivalence class and the rows in classes smaller than k", () => {
    // classes (F,1)×2, (M,2)×1, (F,2)×1 → k = 1; rows in classes < 2: 2 of 4
    expect(kAnonymity(t, ["sex", "zip"], 2)).toEqual({
      quasiIdentifiers: ["sex", "zip"],
      k: 2,
      minClassSize: 1,
      classes: 3,
      shareBelowK: 0.5,
    });
    // sex alone: F×3, M×1 → k = 1; below 3: the M row → ¼
    expect(kAnonymity(t, ["sex"], 3)).toEqual({
      quasiIdentifiers: ["sex"],
      k: 3,
      minClassSize: 1,
      classes: 2,
      shareBelowK: 0.25,
    });
  });
  it("defines no quasi-identifier, an empty table and a bad k", () => {
    expect(kAnonymity(t, [], 5)).toEqual({ quasiIdentifiers: [], k: 5, minClassSize: 4, classes: 1, shareBelowK: 1 });
    expect(kAnonymity({ columns: [{ name: "sex", kind: "categorical", values: [] }] }, ["sex"])).toEqual({
      quasiIdentifiers: ["sex"],
      k: 5,
      minClassSize: null,
      classes: 0,
      shareBelowK: null,
    });
    expect(() => kAnonymity(t, ["sex"], 0)).toThrow(InputError);
    expect(() => kAnonymity(t, ["age"])).toThrow(/no column "age"/);
  });
});
