import { type Table } from "@mesh/core";
import { describe, expect, it } from "vitest";
import { evaluate, selectRows } from "./index.js";

const make = (x: number[], g: string[], y: boolean[]): Table => ({
  columns: [
    { name: "x", kind: "numerical", values: x },
    { name: "g", kind: "categorical", values: g },
    { name: "y", kind: "boolean", values: y },
  ],
});

/** Model predictions of both families on the holdout (3,A,false), (7,B,true): both right. */
const perfectOnHoldout = {
  groups: [
    { group: "A", rows: 1, selectionRate: 0, truePositiveRate: null, falsePositiveRate: 0 },
    { group: "B", rows: 1, selectionRate: 1, truePositiveRate: 1, falsePositiveRate: null },
  ],
  demographicParityDifference: 1, // 1 − 0
  equalizedOddsDifference: 0, // TPR over {B}: 0; FPR over {A}: 0
};
const perfect = { accuracy: 1, f1Macro: 1, f1Binary: 1 };

describe("evaluate", () => {
  const train = make([1, 2, 8, 9], ["A", "B", "A", "B"], [false, false, true, true]);
  const holdout = make([3, 7], ["A", "B"], [false, true]);
  const synthetic = make([2, 3, 7, 8], ["A", "B", "A", "B"], [false, false, true, true]);

  it("reports every figure on a small synthetic-vs-real pair", () => {
    const report = evaluate({
      train,
      holdout,
      synthetic,
      target: "y",
      quasiIdentifiers: ["g"],
      sensitiveAttributes: ["g"],
      seed: 7,
      k: 3,
      numBins: 2,
      balanceDcr: false, // all 4 training rows against the 2 holdout rows (subsampling is tested in privacy.test.ts)
    });
    expect(report).toEqual({
      rows: { train: 4, holdout: 2, synthetic: 4 },
      quality: {
        score: expect.closeTo(23 / 24, 12), // (11/12 + 1)/2
        columnShapes: {
          score: expect.closeTo(11 / 12, 12), // (.75 + 1 + 1)/3
          columns: [
            // train {1,2,8,9} vs synth {2,3,7,8}: gaps at 1: ¼, 2: ½ − ¼, 7: ½ − ¾, 8: ¾ − 1 → D = ¼
            { column: "x", kind: "numerical", metric: "KSComplement", score: 0.75 },
            { column: "g", kind: "categorical", metric: "TVComplement", score: 1 }, // A ½, B ½ in both
            { column: "y", kind: "boolean", metric: "TVComplement", score: 1 }, // false ½, true ½ in both
          ],
        },
        columnPairTrends: {
          // 2 bins on [1, 9], edge 5: train x → 0 0 1 1, synth x → 0 0 1 1; with g and y the joint tables are equal
          score: 1,
          pairs: [
            { columns: ["x", "g"], metric: "ContingencySimilarity", score: 1, realCorrelation: null, syntheticCorrelation: null },
            { columns: ["x", "y"], metric: "ContingencySimilarity", score: 1, realCorrelation: null, syntheticCorrelation: null },
            { columns: ["g", "y"], metric: "ContingencySimilarity", score: 1, realCorrelation: null, syntheticCorrelation: null },
          ],
        },
        distributions: [
          // x in 2 bins on [1, 9]: train 1, 2 | 8, 9; synth 2, 3 | 7, 8
          {
            column: "x",
            kind: "numerical",
            bins: [
              { label: "1–5", value: null, lower: 1, upper: 5, real: 0.5, synthetic: 0.5 },
              { label: "5–9", value: null, lower: 5, upper: 9, real: 0.5, synthetic: 0.5 },
            ],
          },
          {
            column: "g",
            kind: "categorical",
            bins: [
              { label: "A", value: "A", lower: null, upper: null, real: 0.5, synthetic: 0.5 },
              { label: "B", value: "B", lower: null, upper: null, real: 0.5, synthetic: 0.5 },
            ],
          },
          {
            column: "y",
            kind: "boolean",
            bins: [
              { label: "false", value: false, lower: null, upper: null, real: 0.5, synthetic: 0.5 },
              { label: "true", value: true, lower: null, upper: null, real: 0.5, synthetic: 0.5 },
            ],
          },
        ],
      },
      utility: {
        target: "y",
        classes: [false, true],
        positiveClass: true,
        families: [
          // x separates the classes at 5 in train and synthetic alike; holdout 3 → false, 7 → true
          {
            family: "logistic-regression",
            trainRealTestReal: perfect,
            trainSyntheticTestReal: perfect,
            ratio: { accuracy: 1, f1Macro: 1 },
          },
          {
            family: "random-forest",
            trainRealTestReal: perfect,
            trainSyntheticTestReal: perfect,
            ratio: { accuracy: 1, f1Macro: 1 },
          },
        ],
        ratio: 1,
      },
      privacy: {
        exactMatchRate: 0, // (2,A,F) (3,B,F) (7,A,T) (8,B,T) are not training rows
        // Distance: (|Δx|/8 + [g differs] + [y differs]) / 3, real x range [1, 9].
        // s1 (2,A,F): train t1 (1,A,F) 1/24 nearest, t2 (2,B,F) 1/3 second; holdout h1 (3,A,F) 1/24 → tie
        // s2 (3,B,F): t2 1/24, t1 (¼ + 1)/3 = 5/12; h1 1/3 → closer to training
        // s3 (7,A,T): t3 (8,A,T) 1/24, t4 (9,B,T) 5/12; h2 (7,B,T) 1/3 → closer to training
        // s4 (8,B,T): t4 1/24, t3 1/3; h2 (1/8)/3 = 1/24 → tie
        dcr: {
          closerToTrainingShare: 0.5, // s2, s3 of 4
          equidistantShare: 0.5, // s1, s4
          overfittingProtection: 1, // min(1, 2·(1 − ½))
          rowsCompared: { training: 4, holdout: 2 },
          medianToTraining: expect.closeTo(1 / 24, 12), // all four 1/24
          medianToHoldout: 0.1875, // sorted 1/24, 1/24, 1/3, 1/3 → (1/24 + 1/3)/2 = 3/16
        },
        // d₁/d₂: s1 (1/24)/(1/3) = ⅛, s2 (1/24)/(5/12) = 1/10, s3 1/10, s4 ⅛ → mean = median = .1125
        nndr: { mean: expect.closeTo(0.1125, 12), median: expect.closeTo(0.1125, 12) },
        // every real row, member or not, is 1/24 from its nearest synthetic row → all tied → ½
        membershipInference: { auc: 0.5 },
        kAnonymity: {
          real: { quasiIdentifiers: ["g"], k: 3, classes: 2, minClassSize: 3, shareBelowK: 0 }, // A×3, B×3 over train ∪ holdout
          synthetic: { quasiIdentifiers: ["g"], k: 3, classes: 2, minClassSize: 2, shareBelowK: 1 }, // A×2, B×2 < 3
        },
      },
      fairness: [
        {
          attribute: "g",
          shares: [
            { group: "A", real: 0.5, synthetic: 0.5 },
            { group: "B", real: 0.5, synthetic: 0.5 },
          ],
          maxShareGap: 0,
          models: ["logistic-regression", "random-forest"].map((family) => ({
            family,
            realTrained: perfectOnHoldout,
            syntheticTrained: perfectOnHoldout,
            demographicParityDelta: 0,
            equalizedOddsDelta: 0,
          })),
        },
      ],
    });
    // deterministic given the seed
    expect(evaluate({ train, holdout, synthetic, target: "y", sensitiveAttributes: ["g"], seed: 7 })).toEqual(
      evaluate({ train, holdout, synthetic, target: "y", sensitiveAttributes: ["g"], seed: 7 }),
    );
  });

  it("without a target, measures no utility and compares group shares only; the rest is as with one", () => {
    const common = { train, holdout, synthetic, quasiIdentifiers: ["g"], sensitiveAttributes: ["g"], seed: 7, k: 3 };
    const withTarget = evaluate({ ...common, target: "y" });
    const without = evaluate(common);
    expect(without).toEqual({
      ...withTarget,
      utility: null,
      fairness: [
        {
          attribute: "g",
          shares: [
            { group: "A", real: 0.5, synthetic: 0.5 },
            { group: "B", real: 0.5, synthetic: 0.5 },
          ],
          maxShareGap: 0,
          models: [],
        },
      ],
    });
    expect(withTarget.utility).not.toBeNull();
  });

  it("names an unknown target", () => {
    expect(() => evaluate({ train, holdout, synthetic, target: "outcome" })).toThrow(/outcome/);
  });

  it("refuses a column of another kind in the synthetic table", () => {
    const bad: Table = { columns: [{ ...synthetic.columns[0]!, kind: "categorical" }, ...synthetic.columns.slice(1)] };
    expect(() => evaluate({ train, holdout, synthetic: bad, target: "y" })).toThrow(
      /numerical in the training table and categorical in the synthetic/,
    );
  });
});

describe("controls", () => {
  // 200 real rows: x uniform-ish, z = 2x + noise, c = x above its median, y = x + z above a threshold
  let seed = 42;
  const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const n = 200;
  const x = Array.from({ length: n }, () => Math.round(rand() * 1000) / 10);
  const z = x.map((v) => Math.round((2 * v + rand() * 20) * 10) / 10);
  const real: Table = {
    columns: [
      { name: "x", kind: "numerical", values: x },
      { name: "z", kind: "numerical", values: z },
      { name: "c", kind: "categorical", values: x.map((v) => (v > 50 ? "high" : "low")) },
      { name: "y", kind: "boolean", values: x.map((v, i) => v + z[i]! > 150) },
    ],
  };
  const train = selectRows(
    real,
    Array.from({ length: n / 2 }, (_, i) => 2 * i),
  );
  const holdout = selectRows(
    real,
    Array.from({ length: n / 2 }, (_, i) => 2 * i + 1),
  );
  const objectives = (r: ReturnType<typeof evaluate>): boolean =>
    r.privacy.exactMatchRate === 0 &&
    (r.privacy.dcr.closerToTrainingShare ?? 1) <= 0.55 &&
    (r.privacy.membershipInference.auc ?? 1) <= 0.6;

  it('"synthetic" = a copy of the training rows fails privacy', () => {
    const r = evaluate({ train, holdout, synthetic: train, target: "y" });
    expect(r.privacy.exactMatchRate).toBe(1);
    expect(r.privacy.dcr.closerToTrainingShare).toBe(1);
    expect(r.privacy.membershipInference.auc).toBe(1); // every member at distance 0, every non-member above
    expect(objectives(r)).toBe(false);
  });

  it('"synthetic" = the holdout passes privacy', () => {
    const r = evaluate({ train, holdout, synthetic: holdout, target: "y" });
    expect(r.privacy.exactMatchRate).toBe(0);
    expect(r.privacy.dcr.closerToTrainingShare).toBe(0);
    expect(r.privacy.membershipInference.auc).toBe(0);
    expect(objectives(r)).toBe(true);
  });

  it("columns shuffled independently keep their shapes and fail pair trends", () => {
    const shuffled: Table = {
      columns: train.columns.map((col) => {
        const values = [...col.values];
        for (let i = values.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [values[i], values[j]] = [values[j]!, values[i]!];
        }
        return { ...col, values };
      }),
    };
    const r = evaluate({ train, holdout, synthetic: shuffled, target: "y" });
    expect(r.quality.columnShapes.score).toBe(1);
    expect(r.quality.columnPairTrends.score).toBeLessThan(0.75);
    const faithful = evaluate({ train, holdout, synthetic: holdout, target: "y" });
    expect(faithful.quality.columnPairTrends.score).toBeGreaterThan(0.85);
  });
});
