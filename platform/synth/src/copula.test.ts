import { type Table } from "@mesh/core";
import { beforeAll, describe, expect, it } from "vitest";
import { type ColumnSpec } from "./columns.js";
import { type FittedGaussianCopula, GaussianCopulaSynthesizer } from "./copula.js";
import { fastNormalCdf, normalCdf, normalQuantile } from "./normal.js";
import { Random } from "./random.js";
import { createSynthesizer, loadSynthesizer } from "./registry.js";
import { col, correlatedTable, mean, nums, pearson, std } from "./tables.fixtures.js";

const share = (t: Table, name: string, v: unknown) => col(t, name).filter((x) => x === v).length / col(t, name).length;

describe("normal distribution helpers", () => {
  it("Φ and Φ⁻¹ are inverse to each other, body and tails", () => {
    for (const z of [-8, -5, -2.5, -1, -0.1, 0, 0.3, 1.7, 3, 6]) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    for (let z = -9; z <= 9; z += 0.0137) expect(Math.abs(fastNormalCdf(z) - normalCdf(z))).toBeLessThan(1e-9);
  });
});

describe("gaussian-copula", () => {
  let real: Table;
  let model: ColumnSpec[];
  let fitted: FittedGaussianCopula;
  let synth: Table;

  beforeAll(() => {
    ({ table: real, model } = correlatedTable(2000));
    fitted = new GaussianCopulaSynthesizer().fitSync(real, model, { seed: 1 });
    synth = fitted.sampleSync(2000, { seed: 42 });
  });

  it("reproduces the correlation (ρ ≈ 0.8) within ±0.05 and the marginals' mean and std within a few %", () => {
    const rho = pearson(nums(real, "x"), nums(real, "y"));
    expect(rho).toBeGreaterThan(0.75);
    expect(Math.abs(pearson(nums(synth, "x"), nums(synth, "y")) - rho)).toBeLessThan(0.05);
    for (const name of ["x", "y", "age", "lab"]) {
      expect(Math.abs(mean(nums(synth, name)) / mean(nums(real, name)) - 1), name).toBeLessThan(0.03);
      expect(Math.abs(std(nums(synth, name)) / std(nums(real, name)) - 1), name).toBeLessThan(0.06);
    }
    // the category tied to x keeps its association and its frequency
    expect(Math.abs(share(synth, "sex", "M") - share(real, "sex", "M"))).toBeLessThan(0.04);
    const xs = nums(synth, "x");
    const males = col(synth, "sex")
      .map((s, i) => (s === "M" ? (xs[i] as number) : NaN))
      .filter((v) => !Number.isNaN(v));
    expect(mean(males)).toBeGreaterThan(mean(xs) + 3);
    expect(Math.abs(share(synth, "smoker", true) - share(real, "smoker", true))).toBeLessThan(0.04);
  });

  it("respects bounds, allowed values, integers, decimals and null rates", () => {
    expect(synth.columns.map((c) => [c.name, c.kind])).toEqual(real.columns.map((c) => [c.name, c.kind]));
    for (const v of col(synth, "age")) expect(Number.isInteger(v) && (v as number) >= 18 && (v as number) <= 90).toBe(true);
    for (const v of col(synth, "sex")) expect(["F", "M"]).toContain(v);
    for (const v of col(synth, "smoker")) expect(typeof v).toBe("boolean");
    for (const v of col(synth, "admitted")) expect(Number.isInteger(v)).toBe(true);
    const lab = col(synth, "lab");
    for (const v of lab) if (v !== null) expect(Math.round((v as number) * 100) / 100).toBe(v);
    expect(Math.abs(share(synth, "lab", null) - share(real, "lab", null))).toBeLessThan(0.03);
    for (const name of ["x", "y", "age", "sex", "smoker", "admitted"]) expect(share(synth, name, null)).toBe(0);
    const [lo, hi] = [Math.min(...nums(real, "x")), Math.max(...nums(real, "x"))];
    for (const v of nums(synth, "x")) expect(v >= lo && v <= hi).toBe(true);
  });

  it("is reproducible: same seed and data → identical rows; another seed → different rows", async () => {
    const again = await (await createSynthesizer("gaussian-copula").fit(real, model, { seed: 1 })).sample(2000, { seed: 42 });
    expect(again).toEqual(synth);
    expect(fitted.sampleSync(2000, { seed: 43 })).not.toEqual(synth);
  });

  it("reloads from a JSON checkpoint and generates the same rows for the same seed", async () => {
    const text = JSON.stringify(fitted.toJSON());
    const reloaded = loadSynthesizer(JSON.parse(text));
    expect(reloaded.name).toBe("gaussian-copula");
    const options = { seed: "s", conditions: { sex: "F", x: { gt: 45 } }, rebalance: "smoker" } as const;
    expect(await reloaded.sample(500, options)).toEqual(fitted.sampleSync(500, options));
    expect(await reloaded.sample(300, { seed: 42 })).toEqual(fitted.sampleSync(300, { seed: 42 }));
    expect(() => loadSynthesizer({ format: "mesh-synth-model", synthesizer: "ctgan" })).toThrow(/unknown synthesizer "ctgan"/);
    expect(() => loadSynthesizer({ hello: 1 })).toThrow(/not a Mesh synthesizer checkpoint/);
  });

  it("conditions: equality on a category and a boolean, a range on a number; the rest follows the correlation", () => {
    const t = fitted.sampleSync(1000, { seed: 5, conditions: { sex: "F", smoker: true, x: { gt: 50 } } });
    expect(col(t, "sex").every((v) => v === "F")).toBe(true);
    expect(col(t, "smoker").every((v) => v === true)).toBe(true);
    expect(nums(t, "x").every((v) => v > 50)).toBe(true);
    // y is correlated with x: conditioning on x > 50 raises y's mean
    expect(mean(nums(t, "y"))).toBeGreaterThan(mean(nums(real, "y")) + 5);
  });

  it("conditions: integer ranges, datetimes, an exact number (conditional Gaussian), and nulls", () => {
    const ages = nums(fitted.sampleSync(500, { seed: 6, conditions: { age: { gt: 60, lte: 65 } } }), "age");
    expect(ages.every((a) => a >= 61 && a <= 65 && Number.isInteger(a))).toBe(true);
    expect(new Set(ages).size).toBe(5);
    const cut = Date.UTC(2020, 6, 1);
    expect(
      nums(fitted.sampleSync(200, { seed: 6, conditions: { admitted: { gte: cut } } }), "admitted").every((v) => v >= cut),
    ).toBe(true);
    const fixed = fitted.sampleSync(800, { seed: 7, conditions: { x: 65 } });
    expect(nums(fixed, "x").every((v) => v === 65)).toBe(true);
    // E[y | x = +1.5σ] ≈ 100 + 20·0.8·1.5 = 124
    expect(Math.abs(mean(nums(fixed, "y")) - 124)).toBeLessThan(4);
    expect(col(fitted.sampleSync(50, { seed: 8, conditions: { lab: null } }), "lab").every((v) => v === null)).toBe(true);
    expect(
      col(fitted.sampleSync(50, { seed: 8, conditions: { lab: { gte: 4 } } }), "lab").every(
        (v) => typeof v === "number" && v >= 4,
      ),
    ).toBe(true);
  });

  it("conditions: clear errors for unknown columns, impossible values and conditions too rare to meet", () => {
    expect(() => fitted.sampleSync(10, { conditions: { nope: 1 } })).toThrow(/unknown column "nope"/);
    expect(() => fitted.sampleSync(10, { conditions: { sex: "X" } })).toThrow(/"X" never occurs in the training data/);
    expect(() => fitted.sampleSync(10, { conditions: { sex: { gt: 1 } } })).toThrow(/no category of "sex" is a number in/);
    expect(() => fitted.sampleSync(10, { conditions: { sex: { in: ["X", "Y"] } } })).toThrow(/none of \["X","Y"\] occurs/);
    expect(() => fitted.sampleSync(10, { conditions: { x: { in: [1, 2] } } })).toThrow(
      /"in" is for categorical and boolean columns/,
    );
    expect(() => fitted.sampleSync(10, { conditions: { x: { above: 1 } as never } })).toThrow(/unknown operator "above"/);
    expect(() => fitted.sampleSync(10, { conditions: { x: { gt: 1000 } } })).toThrow(/no training value of "x" lies in/);
    expect(() => fitted.sampleSync(10, { conditions: { x: 1000 } })).toThrow(/outside the training range/);
    expect(() => fitted.sampleSync(10, { conditions: { age: null } })).toThrow(/not nullable/);
    // two intervals, jointly almost impossible under ρ ≈ 0.8: x very high and y very low
    const xHi = Math.max(...nums(real, "x")) - 1;
    const yLo = Math.min(...nums(real, "y")) + 1;
    expect(() => fitted.sampleSync(10, { conditions: { x: { gt: xHi }, y: { lt: yLo } } })).toThrow(
      /too rare under the fitted model: 0 of \d+ candidate rows/,
    );
  });

  it("conditions: a set of categories, or a range over numeric category labels (num > 0), keeps their relative shares", () => {
    const rng = new Random(21);
    const grade: number[] = [];
    const x: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const a = rng.normal();
      x.push(10 * a);
      grade.push(Math.max(0, Math.min(3, Math.floor(1.2 + a + 0.7 * rng.normal()))));
    }
    const table: Table = {
      columns: [
        { name: "x", kind: "numerical", values: x },
        { name: "grade", kind: "categorical", values: grade },
      ],
    };
    const g = new GaussianCopulaSynthesizer().fitSync(table, [
      { name: "x", kind: "numerical", nullable: false },
      { name: "grade", kind: "categorical", nullable: false },
    ]);
    const t = g.sampleSync(4000, { seed: 1, conditions: { grade: { gt: 0 } } });
    const grades = col(t, "grade");
    expect(grades.every((v) => v === 1 || v === 2 || v === 3)).toBe(true);
    const positive = grade.filter((v) => v > 0);
    for (const k of [1, 2, 3]) {
      expect(
        Math.abs(grades.filter((v) => v === k).length / 4000 - positive.filter((v) => v === k).length / positive.length),
      ).toBeLessThan(0.04);
    }
    expect(mean(nums(t, "x"))).toBeGreaterThan(mean(x) + 2);
    const set = g.sampleSync(500, { seed: 2, conditions: { grade: { in: [0, 3] } } });
    expect(col(set, "grade").every((v) => v === 0 || v === 3)).toBe(true);
    expect(new Set(col(set, "grade")).size).toBe(2);
  });

  it("rebalancing: equal counts per group of the sensitive attribute, combined with conditions", () => {
    expect(share(real, "sex", "M")).toBeLessThan(0.45);
    const t = fitted.sampleSync(1001, { seed: 9, rebalance: "sex" });
    const m = col(t, "sex").filter((v) => v === "M").length;
    expect([500, 501]).toContain(m);
    expect(col(t, "sex").length).toBe(1001);
    // rows are shuffled, not grouped
    expect(new Set(col(t, "sex").slice(0, 50)).size).toBe(2);
    const both = fitted.sampleSync(400, { seed: 9, rebalance: "smoker", conditions: { sex: "M" } });
    expect(col(both, "smoker").filter((v) => v === true).length).toBe(200);
    expect(col(both, "sex").every((v) => v === "M")).toBe(true);
    expect(() => fitted.sampleSync(10, { rebalance: "x" })).toThrow(/only categorical and boolean columns have groups/);
    expect(() => fitted.sampleSync(10, { rebalance: "sex", conditions: { sex: "M" } })).toThrow(/also in the conditions/);
  });

  it("settings are validated with errors that name the field", () => {
    expect(() => createSynthesizer("gaussian-copula", { ridge: -1 })).toThrow(/"ridge" must be a number from 0 to 1, got -1/);
    expect(() => createSynthesizer("gaussian-copula", { maxQuantiles: 1.5 })).toThrow(/"maxQuantiles" must be an integer/);
    expect(() => createSynthesizer("gaussian-copula", { epochs: 3 })).toThrow(/unknown field "epochs"/);
    expect(() => createSynthesizer("gaussian-copula", "fast")).toThrow(/must be an object/);
    expect(() => createSynthesizer("ctgan")).toThrow(/unknown synthesizer "ctgan" \(known: gaussian-copula, gan\)/);
    expect(createSynthesizer("gaussian-copula", { ridge: 0.01 })).toBeInstanceOf(GaussianCopulaSynthesizer);
  });

  it("handles nulls-only columns, single rows and a ridge that keeps perfectly collinear columns positive definite", () => {
    const table: Table = {
      columns: [
        { name: "a", kind: "numerical", values: [1, 2, 3, 4, 5, 6] },
        { name: "b", kind: "numerical", values: [2, 4, 6, 8, 10, 12] },
        { name: "e", kind: "categorical", values: [null, null, null, null, null, null] },
      ],
    };
    const m: ColumnSpec[] = [
      { name: "a", kind: "numerical", integer: true, nullable: false },
      { name: "b", kind: "numerical", integer: true, nullable: false },
      { name: "e", kind: "categorical", nullable: true },
    ];
    const t = new GaussianCopulaSynthesizer().fitSync(table, m).sampleSync(200, { seed: 1 });
    expect(col(t, "e").every((v) => v === null)).toBe(true);
    expect(pearson(nums(t, "a"), nums(t, "b"))).toBeGreaterThan(0.95);
    expect(() =>
      new GaussianCopulaSynthesizer().fitSync({ columns: [{ name: "a", kind: "numerical", values: [] }] }, m.slice(0, 1)),
    ).toThrow(/no rows/);
  });
});
