import { InputError, type CellValue, type TableColumn } from "@mesh/core";
import { describe, expect, it } from "vitest";
import {
  averageRanks,
  binEdges,
  columnDistributions,
  columnPairTrends,
  columnShapes,
  contingencySimilarity,
  correlation,
  correlationSimilarity,
  ksComplement,
  qualityScore,
  tvComplement,
} from "./index.js";

const num = (name: string, values: (number | null)[]): TableColumn => ({ name, kind: "numerical", values });
const cat = (name: string, values: CellValue[]): TableColumn => ({ name, kind: "categorical", values });

describe("ksComplement", () => {
  it("is 1 − the largest gap between the empirical CDFs", () => {
    // real {1,2,3,4}, synth {3,4,5,6}: F_r − F_s at 1: .25−0, 2: .5−0, 3: .75−.25, 4: 1−.5, 5: 1−.75 → D = .5
    expect(ksComplement(num("a", [1, 2, 3, 4]), num("a", [3, 4, 5, 6]))).toBe(0.5);
    // real {1,2,3}, synth {2,2}: at 1: 1/3 − 0; at 2: 2/3 − 1; at 3: 1 − 1 → D = 1/3 → 2/3
    expect(ksComplement(num("a", [1, 2, 3]), num("a", [2, 2]))).toBeCloseTo(2 / 3, 12);
  });
  it("ignores nulls and reads datetimes as epoch ms", () => {
    expect(ksComplement(num("a", [1, null, 2, 3, 4, null]), num("a", [3, 4, null, 5, 6]))).toBe(0.5);
    const day = 86_400_000;
    const dt = (values: number[]): TableColumn => ({ name: "d", kind: "datetime", values });
    // {0, 1d} vs {1d, 2d}: at 0: .5 − 0; at 1d: 1 − .5 → D = .5
    expect(ksComplement(dt([0, day]), dt([day, 2 * day]))).toBe(0.5);
  });
  it("defines the edge cases: all-null or empty columns, constant columns", () => {
    expect(ksComplement(num("a", [null, null]), num("a", []))).toBe(1); // nothing on either side
    expect(ksComplement(num("a", [1, 2]), num("a", [null]))).toBe(0); // one side empty
    expect(ksComplement(num("a", [5, 5]), num("a", [5]))).toBe(1); // same constant
    expect(ksComplement(num("a", [5, 5]), num("a", [6]))).toBe(0); // F_r(5) = 1, F_s(5) = 0
  });
  it("refuses a categorical column and a non-number", () => {
    expect(() => ksComplement(cat("a", ["x"]), cat("a", ["x"]))).toThrow(InputError);
    expect(() => ksComplement(num("a", ["x" as unknown as number]), num("a", [1]))).toThrow(/row 0/);
  });
});

describe("tvComplement", () => {
  it("is 1 − ½·Σ|p − q| with null as a category", () => {
    // real a .5, b .25, null .25; synth a .25, b .5, c .25 → |Δ| = .25 + .25 + .25 + .25 = 1 → TVD .5
    expect(tvComplement(cat("c", ["a", "a", "b", null]), cat("c", ["a", "b", "b", "c"]))).toBe(0.5);
  });
  it("works on booleans and tells 1 from '1'", () => {
    const bool = (values: boolean[]): TableColumn => ({ name: "b", kind: "boolean", values });
    // true 2/3 vs 1/3, false 1/3 vs 2/3 → TVD = (1/3 + 1/3)/2 = 1/3
    expect(tvComplement(bool([true, true, false]), bool([true, false, false]))).toBeCloseTo(2 / 3, 12);
    expect(tvComplement(cat("c", ["1"]), cat("c", [1]))).toBe(0);
  });
  it("defines empty columns and refuses numerical ones", () => {
    expect(tvComplement(cat("c", []), cat("c", []))).toBe(1);
    expect(tvComplement(cat("c", ["a"]), cat("c", []))).toBe(0);
    expect(tvComplement(cat("c", [null, null]), cat("c", [null]))).toBe(1); // all-null: one category, same share
    expect(() => tvComplement(num("a", [1]), num("a", [1]))).toThrow(InputError);
  });
});

describe("correlation and correlationSimilarity", () => {
  it("Pearson over the rows where both values are present", () => {
    // (1,1), (2,3), (3,2) (row 3 has a null): dx = (−1,0,1), dy = (−1,1,0); Σdxdy = 1, Σdx² = Σdy² = 2 → r = .5
    expect(correlation(num("x", [1, 2, null, 3]), num("y", [1, 3, 5, 2]))).toBeCloseTo(0.5, 12);
  });
  it("Spearman with tied ranks averaged", () => {
    // ranks x = (1, 2.5, 2.5, 4), y = (1, 3, 2, 4); dx = (−1.5,0,0,1.5), dy = (−1.5,.5,−.5,1.5)
    // Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5 → ρ = 4.5/√22.5 = √0.9
    expect(Array.from(averageRanks([1, 2, 2, 3]))).toEqual([1, 2.5, 2.5, 4]);
    expect(correlation(num("x", [1, 2, 2, 3]), num("y", [1, 3, 2, 4]), "spearman")).toBeCloseTo(Math.sqrt(0.9), 12);
  });
  it("is 1 − |ρ_real − ρ_synth| / 2", () => {
    const x = num("x", [1, 2, 3]);
    // real ρ = 1; synth y = (3,2,1): ρ = −1 → 1 − 2/2 = 0
    expect(correlationSimilarity([x, num("y", [1, 2, 3])], [x, num("y", [3, 2, 1])])).toBe(0);
    // synth y = (1,3,2): ρ = .5 → 1 − .5/2 = .75
    expect(correlationSimilarity([x, num("y", [1, 2, 3])], [x, num("y", [1, 3, 2])])).toBeCloseTo(0.75, 12);
    // Spearman: real y = (1,4,100) has ranks (1,2,3) → ρ = 1, as the synth's → 1
    expect(correlationSimilarity([x, num("y", [1, 4, 100])], [x, num("y", [2, 3, 4])], { method: "spearman" })).toBe(1);
  });
  it("is undefined (null) for a constant column or fewer than two complete rows", () => {
    expect(correlation(num("x", [1, 1, 1]), num("y", [1, 2, 3]))).toBeNull();
    expect(correlation(num("x", [1, null]), num("y", [1, 2]))).toBeNull();
    expect(correlationSimilarity([num("x", [1, 1]), num("y", [1, 2])], [num("x", [1, 2]), num("y", [1, 2])])).toBeNull();
  });
});

describe("contingencySimilarity", () => {
  it("is 1 − TVD of the joint frequencies", () => {
    // real (x,p)(x,q)(y,p)(y,q) ¼ each; synth (x,p) ½, (x,q) ¼, (y,q) ¼
    // |Δ|: (x,p) ¼, (x,q) 0, (y,p) ¼, (y,q) 0 → Σ = ½ → TVD ¼ → ¾
    expect(
      contingencySimilarity(
        [cat("a", ["x", "x", "y", "y"]), cat("b", ["p", "q", "p", "q"])],
        [cat("a", ["x", "x", "x", "y"]), cat("b", ["p", "p", "q", "q"])],
      ),
    ).toBe(0.75);
  });
  it("bins a numerical column on the real range, right-closed, outer bins open, null a category", () => {
    // 2 bins on real [0, 10]: interior edge 5. real (0,p)(10,p)(0,q)(10,q) → ¼ each.
    // synth 5 → bin 0 (5 ≤ 5), 20 → bin 1 (open end), −3 → bin 0, 7 → bin 1:
    // (0,p) ½, (1,p) ¼, (1,null) ¼ → |Δ| = ¼ + 0 + ¼ (0,q) + ¼ (1,q) + ¼ (1,null) = 1 → TVD ½
    const real = [num("n", [0, 10, 0, 10]), cat("b", ["p", "p", "q", "q"])] as const;
    const synth = [num("n", [5, 20, -3, 7]), cat("b", ["p", "p", "p", null])] as const;
    expect(contingencySimilarity(real, synth, { numBins: 2 })).toBe(0.5);
  });
  it("computes SDMetrics' bin edges", () => {
    expect(binEdges(num("n", [0, 10, null]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(binEdges(num("n", [5, 5]), 2)).toEqual([5]); // constant: [4.5, 5.5] in 2 bins
    expect(binEdges(num("n", [null]))).toEqual([]); // all-null: one bin
    expect(() => contingencySimilarity([cat("a", []), cat("b", [])], [cat("a", []), cat("b", [])], { numBins: 0 })).toThrow(
      InputError,
    );
  });
});

describe("column shapes, column pair trends, quality score", () => {
  const real = { columns: [num("age", [1, 2, 3]), cat("sex", ["F", "F", "M"]), num("w", [1, 2, 3])] };
  const synth = { columns: [num("age", [1, 2, 3]), cat("sex", ["F", "M", "M"]), num("w", [3, 2, 1])] };

  it("column shapes: KS or TV per column, and their mean", () => {
    // age, w: same values → 1; sex: F 2/3 vs 1/3, M 1/3 vs 2/3 → TVD 1/3 → 2/3; mean = (1 + 2/3 + 1)/3 = 8/9
    const shapes = columnShapes(real, synth);
    expect(shapes.columns.map((c) => [c.column, c.metric])).toEqual([
      ["age", "KSComplement"],
      ["sex", "TVComplement"],
      ["w", "KSComplement"],
    ]);
    expect(shapes.columns[1]!.score).toBeCloseTo(2 / 3, 12);
    expect(shapes.score).toBeCloseTo(8 / 9, 12);
  });

  it("column pair trends: correlation for two continuous columns, contingency otherwise", () => {
    // 10 bins on [1, 3]: edges 1.2 … 2.8; 1 → bin 0, 2 → bin 4 (edge 2.0 is not < 2), 3 → bin 9.
    // (age, sex): real (0,F)(4,F)(9,M), synth (0,F)(4,M)(9,M) → |Δ| = 1/3 + 1/3 → TVD 1/3 → 2/3
    // (age, w): ρ_real = 1, ρ_synth = −1 → 0
    // (sex, w): real (F,0)(F,4)(M,9), synth w = 3,2,1 → (F,9)(M,4)(M,0): disjoint → 0
    // mean = (2/3 + 0 + 0)/3 = 2/9
    const trends = columnPairTrends(real, synth);
    expect(trends.pairs).toEqual([
      {
        columns: ["age", "sex"],
        metric: "ContingencySimilarity",
        score: expect.closeTo(2 / 3, 12),
        realCorrelation: null,
        syntheticCorrelation: null,
      },
      { columns: ["age", "w"], metric: "CorrelationSimilarity", score: 0, realCorrelation: 1, syntheticCorrelation: -1 },
      { columns: ["sex", "w"], metric: "ContingencySimilarity", score: 0, realCorrelation: null, syntheticCorrelation: null },
    ]);
    expect(trends.score).toBeCloseTo(2 / 9, 12);
    // quality = (8/9 + 2/9)/2 = 5/9
    expect(qualityScore(real, synth).score).toBeCloseTo(5 / 9, 12);
  });

  it("leaves undefined pairs out of the mean and defines tables without columns", () => {
    const r = { columns: [num("a", [1, 1]), num("b", [1, 2])] };
    const trends = columnPairTrends(r, r);
    expect(trends.pairs[0]!.score).toBeNull();
    expect(trends.score).toBeNull();
    expect(qualityScore(r, r).score).toBe(1); // shapes 1, trends undefined → mean of the defined one
    expect(qualityScore({ columns: [] }, { columns: [] })).toEqual({
      score: null,
      columnShapes: { score: null, columns: [] },
      columnPairTrends: { score: null, pairs: [] },
      distributions: [],
    });
  });

  it("refuses a missing column or a column of another kind", () => {
    expect(() => columnShapes(real, { columns: [num("age", [1])] })).toThrow(/no column "sex"/);
    expect(() => columnShapes(real, { columns: [cat("age", ["1"]), ...synth.columns.slice(1)] })).toThrow(InputError);
  });
});

describe("columnDistributions", () => {
  it("bins continuous columns on the real range and counts categories, nulls last", () => {
    const real = { columns: [num("n", [0, 10, null]), cat("c", ["a", "b", "a"])] };
    const synth = { columns: [num("n", [5, 20, 7]), cat("c", ["b", "b", null])] };
    const bin = (label: string, lower: number, upper: number, r: number, s: number) => ({
      label,
      value: null,
      lower,
      upper,
      real: r,
      synthetic: s,
    });
    const category = (value: string | null, r: number, s: number) => ({
      label: String(value),
      value,
      lower: null,
      upper: null,
      real: r,
      synthetic: s,
    });
    expect(columnDistributions(real, synth, 2)).toEqual([
      {
        column: "n",
        kind: "numerical",
        // edge 5 on [0, 10]: real 0 | 10 | null; synth 5 (≤ 5) | 20, 7 (open upper bin)
        bins: [bin("0–5", 0, 5, 1 / 3, 1 / 3), bin("5–10", 5, 10, 1 / 3, 2 / 3), category(null, 1 / 3, 0)],
      },
      // real a 2/3, b 1/3; synth b 2/3, null 1/3
      {
        column: "c",
        kind: "categorical",
        bins: [category("a", 2 / 3, 0), category("b", 1 / 3, 2 / 3), category(null, 0, 1 / 3)],
      },
    ]);
  });
  it("puts every value in one bin when the real column has none", () => {
    expect(columnDistributions({ columns: [num("m", [null, null])] }, { columns: [num("m", [1, null])] })).toEqual([
      {
        column: "m",
        kind: "numerical",
        bins: [
          { label: "all values", value: null, lower: null, upper: null, real: 0, synthetic: 0.5 },
          { label: "null", value: null, lower: null, upper: null, real: 1, synthetic: 0.5 },
        ],
      },
    ]);
  });
});
