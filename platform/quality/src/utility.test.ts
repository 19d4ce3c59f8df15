import { type Table } from "@mesh/core";
import { describe, expect, it } from "vitest";
import {
  FeatureEncoder,
  classificationScores,
  largestEigenvalue,
  runUtility,
  trainLogisticRegression,
  trainRandomForest,
} from "./index.js";

describe("classificationScores", () => {
  it("accuracy, macro F1 and binary F1, per class F1 = 2TP/(2TP + FP + FN)", () => {
    // truth 0 0 1 1 1, predicted 0 1 1 1 0: 3 of 5 right → .6
    // class 1: TP 2, FP 1, FN 1 → 4/6 = 2/3; class 0: TP 1, FP 1, FN 1 → 2/4 = ½; macro = 7/12
    expect(classificationScores([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], 2, 1)).toEqual({
      accuracy: 0.6,
      f1Macro: expect.closeTo(7 / 12, 12),
      f1Binary: expect.closeTo(2 / 3, 12),
    });
  });
  it("macro F1 over the classes present in truth or predictions; binary F1 0 when the positive class never appears", () => {
    // truth 0 1 2, predicted 0 0 0: class 0 TP 1 FP 2 → ½; classes 1, 2 → 0; class 3 absent → left out: 1/6
    expect(classificationScores([0, 1, 2], [0, 0, 0], 4, null)).toEqual({
      accuracy: 1 / 3,
      f1Macro: expect.closeTo(1 / 6, 12),
      f1Binary: null,
    });
    expect(classificationScores([0, 0], [0, 0], 2, 1)).toEqual({ accuracy: 1, f1Macro: 1, f1Binary: 0 });
    expect(classificationScores([], [], 2, 1)).toEqual({ accuracy: null, f1Macro: null, f1Binary: null });
  });
});

describe("FeatureEncoder", () => {
  it("standardises numbers (null → mean, sd 0 → 1) and one-hots categories seen in training", () => {
    const train: Table = {
      columns: [
        { name: "x", kind: "numerical", values: [1, 3, null] },
        { name: "k", kind: "numerical", values: [7, 7, 7] },
        { name: "c", kind: "categorical", values: ["b", "a", null] },
      ],
    };
    const enc = new FeatureEncoder(train, ["x", "k", "c"]);
    expect(enc.width).toBe(5); // x, k, c=a, c=b, c=null (categories in key order: s:a, s:b, ∅)
    // x: mean 2, sd 1 (population); k: sd 0 → 1
    const test: Table = {
      columns: [
        { name: "x", kind: "numerical", values: [4, null] },
        { name: "k", kind: "numerical", values: [8, 7] },
        { name: "c", kind: "categorical", values: ["a", "z"] },
      ],
    };
    expect(Array.from(enc.transform(test).data)).toEqual([2, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("classifiers", () => {
  // x separates the classes at 0; the second feature is noise
  const x = { rows: 6, cols: 2, data: Float64Array.from([-3, 1, -2, 0, -1, 1, 1, 0, 2, 1, 3, 0]) };
  const y = Int32Array.from([0, 0, 0, 1, 1, 1]);
  const test = { rows: 2, cols: 2, data: Float64Array.from([-5, 0, 5, 1]) };
  it("logistic regression separates separable classes", () => {
    expect(Array.from(trainLogisticRegression(x, y, 2).predict(test))).toEqual([0, 1]);
  });
  it("steps by the largest eigenvalue of XᵀX/n (intercept column included), so collinear features do not diverge", () => {
    // rows (1, 1), (−1, 1): XᵀX/n = I → 1; rows (2, 1), (2, 1): [[4, 2], [2, 1]] → eigenvalues 5 and 0
    expect(largestEigenvalue({ rows: 2, cols: 1, data: Float64Array.from([1, -1]) })).toBeCloseTo(1, 9);
    expect(largestEigenvalue({ rows: 2, cols: 1, data: Float64Array.from([2, 2]) })).toBeCloseTo(5, 9);
    // 40 copies of the separating feature: λ_max ≈ 40 × its variance; still separates
    const copies = 40;
    const wide = {
      rows: 6,
      cols: copies,
      data: Float64Array.from([-3, -2, -1, 1, 2, 3].flatMap((v) => Array<number>(copies).fill(v))),
    };
    const probe = {
      rows: 2,
      cols: copies,
      data: Float64Array.from([...Array<number>(copies).fill(-1), ...Array<number>(copies).fill(1)]),
    };
    expect(Array.from(trainLogisticRegression(wide, y, 2).predict(probe))).toEqual([0, 1]);
  });
  it("a random forest separates them, and is a function of its seed", () => {
    const a = trainRandomForest(x, y, 2, { seed: 3, minLeaf: 1 });
    expect(Array.from(a.predict(test))).toEqual([0, 1]);
    expect(Array.from(trainRandomForest(x, y, 2, { seed: 3, minLeaf: 1 }).predict(x))).toEqual(Array.from(a.predict(x)));
  });
  it("predicts the only class, and the majority without rows to split", () => {
    const one = Int32Array.from([1, 1, 1, 1, 1, 1]);
    expect(Array.from(trainLogisticRegression(x, one, 2).predict(test))).toEqual([1, 1]);
    expect(Array.from(trainRandomForest(x, one, 2).predict(test))).toEqual([1, 1]);
    const empty = { rows: 0, cols: 2, data: new Float64Array(0) };
    expect(Array.from(trainRandomForest(empty, new Int32Array(0), 2).predict(test))).toEqual([0, 0]);
  });
});

describe("runUtility", () => {
  const make = (x: number[], y: (boolean | null)[]): Table => ({
    columns: [
      { name: "x", kind: "numerical", values: x },
      { name: "y", kind: "boolean", values: y },
    ],
  });
  const train = make([1, 2, 3, 7, 8, 9], [false, false, false, true, true, true]);
  const holdout = make([0, 4, 6, 10, 5], [false, false, true, true, null]);

  it("TSTR equals TRTR when the synthetic rows are the training rows: ratio 1", () => {
    const run = runUtility({ train, holdout, synthetic: train, target: "y", seed: 1 });
    expect(run.report.classes).toEqual([false, true]);
    expect(run.report.positiveClass).toBe(true);
    expect(run.holdoutRows).toEqual([0, 1, 2, 3]); // the null target is left out
    for (const f of run.report.families) {
      expect(f.trainRealTestReal).toEqual({ accuracy: 1, f1Macro: 1, f1Binary: 1 });
      expect(f.trainSyntheticTestReal).toEqual(f.trainRealTestReal);
      expect(f.ratio).toEqual({ accuracy: 1, f1Macro: 1 });
    }
    expect(run.report.ratio).toBe(1);
  });

  it("synthetic rows with the labels flipped get everything wrong", () => {
    const flipped = make([1, 2, 3, 7, 8, 9], [true, true, true, false, false, false]);
    const run = runUtility({ train, holdout, synthetic: flipped, target: "y", families: ["logistic-regression"] });
    // every prediction wrong: accuracy 0, F1 of both classes 0
    expect(run.report.families[0]!.trainSyntheticTestReal).toEqual({ accuracy: 0, f1Macro: 0, f1Binary: 0 });
    expect(run.report.ratio).toBe(0);
  });

  it("keeps excluded columns from the models: a column that restates the target no longer makes them perfect", () => {
    // `leak` is the target itself; `x` is noise that separates nothing.
    const leaky = (x: number[], y: boolean[]): Table => ({
      columns: [
        { name: "x", kind: "numerical", values: x },
        { name: "leak", kind: "boolean", values: y },
        { name: "y", kind: "boolean", values: y },
      ],
    });
    const t = leaky([1, 2, 1, 2, 1, 2], [false, false, false, true, true, true]);
    const h = leaky([1, 2, 1, 2], [false, true, true, false]);
    const families: ["logistic-regression"] = ["logistic-regression"];
    const seen = runUtility({ train: t, holdout: h, synthetic: t, target: "y", families });
    expect(seen.report.families[0]!.trainRealTestReal.accuracy).toBe(1);
    const kept = runUtility({ train: t, holdout: h, synthetic: t, target: "y", families, excludeFeatures: ["leak"] });
    expect(kept.report.families[0]!.trainRealTestReal.accuracy).toBe(0.5);
    expect(() => runUtility({ train: t, holdout: h, synthetic: t, target: "y", excludeFeatures: ["grade"] })).toThrow(
      'no column "grade"',
    );
  });

  it("takes a given positive class and refuses an unknown one", () => {
    expect(runUtility({ train, holdout, synthetic: train, target: "y", positiveClass: false }).report.positiveClass).toBe(false);
    expect(() => runUtility({ train, holdout, synthetic: train, target: "y", positiveClass: "maybe" })).toThrow(/not a value/);
  });

  it("refuses a target with more than 100 classes", () => {
    const many: Table = { columns: [{ name: "x", kind: "numerical", values: Array.from({ length: 101 }, (_, i) => i) }] };
    expect(() => runUtility({ train: many, holdout: many, synthetic: many, target: "x" })).toThrow(/101 distinct values/);
  });
});
