import { type Table } from "@mesh/core";
import { describe, expect, it } from "vitest";
import { groupShares, modelFairness } from "./index.js";

describe("groupShares", () => {
  it("compares each group's share, null a group, and gives the largest gap", () => {
    const t = (values: (string | null)[]): Table => ({ columns: [{ name: "g", kind: "categorical", values }] });
    // real A ½, B ¼, null ¼; synth A ¼, B ¾ → gaps ¼, ½, ¼
    expect(groupShares(t(["A", "A", "B", null]), t(["A", "B", "B", "B"]), "g")).toEqual({
      groups: [
        { group: "A", real: 0.5, synthetic: 0.25 },
        { group: "B", real: 0.25, synthetic: 0.75 },
        { group: null, real: 0.25, synthetic: 0 },
      ],
      maxGap: 0.5,
    });
    expect(groupShares(t([]), t([]), "g")).toEqual({ groups: [], maxGap: 0 });
  });
});

describe("modelFairness (fairlearn's definitions)", () => {
  it("demographic parity and equalised odds differences", () => {
    // group A: truth 1 1 0 0, predicted 1 0 0 1 → selection 2/4, TPR 1/2, FPR 1/2
    // group B: truth 1 0, predicted 1 0 → selection 1/2, TPR 1, FPR 0
    // DP = ½ − ½ = 0; TPR diff ½, FPR diff ½ → EO ½
    expect(modelFairness([1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 1, 0], 1, ["A", "A", "A", "A", "B", "B"])).toEqual({
      groups: [
        { group: "A", rows: 4, selectionRate: 0.5, truePositiveRate: 0.5, falsePositiveRate: 0.5 },
        { group: "B", rows: 2, selectionRate: 0.5, truePositiveRate: 1, falsePositiveRate: 0 },
      ],
      demographicParityDifference: 0,
      equalizedOddsDifference: 0.5,
    });
  });
  it("leaves a group out of a rate it does not define", () => {
    // A: truth 0, predicted 0 → selection 0, TPR undefined, FPR 0; B: truth 1, predicted 1 → selection 1, TPR 1, FPR undefined
    // DP = 1; TPR over {B} → 0, FPR over {A} → 0 → EO 0
    expect(modelFairness([0, 1], [0, 1], 1, ["A", "B"])).toEqual({
      groups: [
        { group: "A", rows: 1, selectionRate: 0, truePositiveRate: null, falsePositiveRate: 0 },
        { group: "B", rows: 1, selectionRate: 1, truePositiveRate: 1, falsePositiveRate: null },
      ],
      demographicParityDifference: 1,
      equalizedOddsDifference: 0,
    });
    expect(modelFairness([], [], 1, [])).toEqual({
      groups: [],
      demographicParityDifference: null,
      equalizedOddsDifference: null,
    });
  });
});
