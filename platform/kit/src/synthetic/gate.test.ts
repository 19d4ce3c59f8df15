import { describe, expect, it } from "vitest";
import type { SyntheticObjectives } from "@mesh/contracts";
import type { Table } from "@mesh/core";
import { evaluate } from "@mesh/quality";
import { judgeObjectives } from "./gate.js";

/** n patients-like rows: age, sex, outcome; deterministic. */
function table(n: number, offset: number): Table {
  const rows = Array.from({ length: n }, (_, i) => i + offset);
  return {
    columns: [
      { name: "age", kind: "numerical", values: rows.map((i) => 30 + ((i * 7) % 45)) },
      { name: "sex", kind: "categorical", values: rows.map((i) => (i % 3 === 0 ? "f" : "m")) },
      { name: "outcome", kind: "boolean", values: rows.map((i) => 30 + ((i * 7) % 45) > 50) },
    ],
  };
}

const objectives = (overrides: Partial<Record<string, number>> = {}): SyntheticObjectives => ({
  objectives: Object.entries({ maxExactMatchRate: 0, minQualityScore: 0.5, ...overrides }).map(([name, threshold]) => ({
    group: name === "minQualityScore" ? "fidelity" : "privacy",
    name,
    metric: name === "minQualityScore" ? "qualityScore" : name === "maxEpsilon" ? "epsilon" : "exactMatchRate",
    comparison: name.startsWith("min") ? ">=" : "<=",
    threshold: threshold!,
    description: name,
  })),
  target: "outcome",
  groupBy: [],
  delta: undefined,
  excludeFeatures: [],
});

describe("judgeObjectives", () => {
  const train = table(60, 0);
  const holdout = table(40, 1000);

  it("refuses a copy of the training rows, naming the failing figure", () => {
    const report = evaluate({ train, holdout, synthetic: train, target: "outcome", seed: 1 });
    expect(judgeObjectives(report, objectives())).toEqual({
      passed: false,
      results: [
        {
          name: "maxExactMatchRate",
          metric: "exactMatchRate",
          comparison: "<=",
          threshold: 0,
          measured: 1,
          passed: false,
          reason: "exactMatchRate 1 is above 0",
        },
        {
          name: "minQualityScore",
          metric: "qualityScore",
          comparison: ">=",
          threshold: 0.5,
          measured: report.quality.score,
          passed: true,
          reason: null,
        },
      ],
    });
  });

  it("passes rows that copy no training row when every objective holds; an impossible one keeps it unpublished", () => {
    // The training rows with every age moved by half a year: no row is a copy, the shapes stay close.
    const synthetic: Table = {
      columns: train.columns.map((c) => (c.name === "age" ? { ...c, values: c.values.map((v) => (v as number) + 0.5) } : c)),
    };
    const report = evaluate({ train, holdout, synthetic, target: "outcome", seed: 1 });
    expect(judgeObjectives(report, objectives())).toEqual({
      passed: true,
      results: [
        {
          name: "maxExactMatchRate",
          metric: "exactMatchRate",
          comparison: "<=",
          threshold: 0,
          measured: 0,
          passed: true,
          reason: null,
        },
        {
          name: "minQualityScore",
          metric: "qualityScore",
          comparison: ">=",
          threshold: 0.5,
          measured: report.quality.score,
          passed: true,
          reason: null,
        },
      ],
    });
    const impossible = judgeObjectives(report, objectives({ minQualityScore: 1.01 }));
    expect(impossible.passed).toBe(false);
    expect(impossible.results[1]).toEqual({
      name: "minQualityScore",
      metric: "qualityScore",
      comparison: ">=",
      threshold: 1.01,
      measured: report.quality.score,
      passed: false,
      reason: `qualityScore ${Math.round(report.quality.score! * 1e4) / 1e4} is below 1.01`,
    });
  });

  it("publishes nothing on no objective at all: no evidence is not a pass", () => {
    const report = evaluate({ train, holdout, synthetic: holdout, target: "outcome", seed: 1 });
    expect(judgeObjectives(report, { ...objectives(), objectives: [] })).toEqual({ passed: false, results: [] });
  });

  it("fails an ε objective when training was not differentially private", () => {
    const report = evaluate({ train, holdout, synthetic: holdout, target: "outcome", seed: 1 });
    const result = judgeObjectives(report, objectives({ maxEpsilon: 3 }));
    expect(result.results.find((r) => r.name === "maxEpsilon")).toEqual({
      name: "maxEpsilon",
      metric: "epsilon",
      comparison: "<=",
      threshold: 3,
      measured: null,
      passed: false,
      reason: "epsilon could not be measured (the objective needs it)",
    });
    expect(
      judgeObjectives(report, objectives({ maxEpsilon: 3 }), { epsilon: 2.4 }).results.find((r) => r.name === "maxEpsilon")
        ?.passed,
    ).toBe(true);
  });
});
