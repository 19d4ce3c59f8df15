import { type Table } from "@mesh/core";
import { beforeAll, describe, expect, it } from "vitest";
import { type ColumnSpec } from "./columns.js";
import { type FittedGaussianCopula, GaussianCopulaSynthesizer } from "./copula.js";
import { fastNormalCdf, normalCdf, normalQuantile } from "./normal.js";
import { Random } from "./random.js";
import { createSynthesizer, loadSynthesizer } from "./registry.js";
import { type SampleOptions } from "./synthesizer.js";
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

/**
 * Groups whose number v lives on different scales: A (1,200 rows) v ≈ 10, B (600) v ≈ 100, null
 * (60) v ≈ 30, and small groups C (20) v ≈ 50, D (15) v ≈ 60, E (1 row) v = 70. `flag` is mostly
 * true in A and mostly false in B; w follows v upwards in A and downwards in B.
 */
function groupedTable(): { table: Table; model: ColumnSpec[] } {
  const rng = new Random(7);
  const sizes: [string | null, number, number][] = [
    ["A", 1200, 10],
    ["B", 600, 100],
    [null, 60, 30],
    ["C", 20, 50],
    ["D", 15, 60],
    ["E", 1, 70],
  ];
  const rows: { group: string | null; v: number; w: number; flag: boolean }[] = [];
  for (const [group, size, centre] of sizes) {
    for (let i = 0; i < size; i++) {
      const a = rng.normal();
      const v = size === 1 ? centre : Math.round((centre + (centre / 10) * a) * 100) / 100;
      const w = Math.round(((group === "B" ? -1 : 1) * a * 5 + rng.normal()) * 100) / 100;
      rows.push({ group, v, w, flag: rng.uniform() < (group === "A" ? 0.9 : group === "B" ? 0.1 : 0.5) });
    }
  }
  rng.shuffle(rows);
  return {
    table: {
      columns: [
        { name: "group", kind: "categorical", values: rows.map((r) => r.group) },
        { name: "v", kind: "numerical", values: rows.map((r) => r.v) },
        { name: "w", kind: "numerical", values: rows.map((r) => r.w) },
        { name: "flag", kind: "boolean", values: rows.map((r) => r.flag) },
      ],
    },
    model: [
      { name: "group", kind: "categorical", nullable: true },
      { name: "v", kind: "numerical", nullable: false, decimals: 2 },
      { name: "w", kind: "numerical", nullable: false, decimals: 2 },
      { name: "flag", kind: "boolean", nullable: false },
    ],
  };
}

const count = (t: Table, name: string, v: unknown) => col(t, name).filter((x) => x === v).length;
const where = (t: Table, name: string, v: unknown, of: string) => {
  const keep = col(t, name);
  return col(t, of).filter((_, i) => keep[i] === v);
};
const numbers = (xs: unknown[]) => xs.filter((x): x is number => typeof x === "number");

describe("gaussian-copula with stratifyBy", () => {
  let real: Table;
  let model: ColumnSpec[];
  let fitted: FittedGaussianCopula;
  let synth: Table;

  beforeAll(() => {
    ({ table: real, model } = groupedTable());
    fitted = new GaussianCopulaSynthesizer({ stratifyBy: "group" }).fitSync(real, model, { seed: 1 });
    synth = fitted.sampleSync(1896, { seed: 2 });
  });

  it("keeps each group's mean of v, which one copula of the whole table blurs", () => {
    const plain = new GaussianCopulaSynthesizer().fitSync(real, model, { seed: 1 }).sampleSync(1896, { seed: 2 });
    // Recorded: the plain copula's A rows have a mean v of 29.2 (real 10), its B rows 61.2 (real 100),
    // and w's correlation with v is +0.29 in A and +0.26 in B (real +0.98 and −0.98).
    expect(mean(numbers(where(plain, "group", "A", "v")))).toBeGreaterThan(25);
    expect(mean(numbers(where(plain, "group", "B", "v")))).toBeLessThan(70);
    for (const [group, centre, tolerance] of [
      ["A", 10, 0.3],
      ["B", 100, 2],
      [null, 30, 2],
    ] as const) {
      expect(Math.abs(mean(numbers(where(real, "group", group, "v"))) - centre), `real ${group}`).toBeLessThan(tolerance);
      expect(Math.abs(mean(numbers(where(synth, "group", group, "v"))) - centre), `synthetic ${group}`).toBeLessThan(tolerance);
    }
    // within a group the other columns keep their own dependence: w rises with v in A, falls in B
    const inA = (name: string) => numbers(where(synth, "group", "A", name));
    const inB = (name: string) => numbers(where(synth, "group", "B", name));
    expect(pearson(inA("v"), inA("w"))).toBeGreaterThan(0.9);
    expect(pearson(inB("v"), inB("w"))).toBeLessThan(-0.9);
    const flagShare = (t: Table, g: string) =>
      where(t, "group", g, "flag").filter((f) => f === true).length / count(t, "group", g);
    expect(Math.abs(flagShare(synth, "A") - flagShare(real, "A"))).toBeLessThan(0.03);
    expect(Math.abs(flagShare(synth, "B") - flagShare(real, "B"))).toBeLessThan(0.04);
  });

  it("reproduces the groups' shares to the row (largest remainder over n), small groups pooled", () => {
    const counts = (t: Table) => ["A", "B", null].map((g) => count(t, "group", g));
    expect(counts(real)).toEqual([1200, 600, 60]);
    expect(counts(synth)).toEqual([1200, 600, 60]);
    expect(count(synth, "group", "C") + count(synth, "group", "D") + count(synth, "group", "E")).toBe(36);
    expect(counts(fitted.sampleSync(948, { seed: 3 }))).toEqual([600, 300, 30]);
    // rows of the strata are interleaved, not in blocks
    expect(new Set(col(synth, "group").slice(0, 20)).size).toBeGreaterThan(1);
    const checkpoint = fitted.toJSON();
    expect(
      checkpoint.strata?.map((s) => [s.values, s.shares.map((x) => Math.round(x * 1896 * 1e6) / 1e6), s.copula?.trainingRows]),
    ).toEqual([
      [["A"], [1200], 1200],
      [["B"], [600], 600],
      [[null], [60], 60],
      [["C", "D", "E"], [20, 15, 1], 36],
    ]);
    expect(checkpoint.settings).toEqual({ ...checkpoint.settings, stratifyBy: "group", minStratumRows: 30 });
  });

  it("pools groups under minStratumRows, and uses the whole table's copula for a rest of one row", async () => {
    const strata = (settings: object) =>
      new GaussianCopulaSynthesizer({ stratifyBy: "group", ...settings })
        .fitSync(real, model, { seed: 1 })
        .toJSON()
        .strata?.map((s) => [s.values, s.copula?.trainingRows ?? "whole table"]);
    expect(strata({ minStratumRows: 100 })).toEqual([
      [["A"], 1200],
      [["B"], 600],
      [[null, "C", "D", "E"], 96],
    ]);
    expect(strata({ minStratumRows: 2 })).toEqual([
      [["A"], 1200],
      [["B"], 600],
      [[null], 60],
      [["C"], 20],
      [["D"], 15],
      [["E"], "whole table"],
    ]);
    const lone = new GaussianCopulaSynthesizer({ stratifyBy: "group", minStratumRows: 2 }).fitSync(real, model, { seed: 1 });
    const t = lone.sampleSync(3792, { seed: 4 });
    expect(count(t, "group", "E")).toBe(2);
    expect(count(t, "group", "D")).toBe(30);
    const reloaded = loadSynthesizer(JSON.parse(JSON.stringify(lone.toJSON())));
    await expect(reloaded.sample(500, { seed: 5, conditions: { group: "E" } })).resolves.toEqual(
      lone.sampleSync(500, { seed: 5, conditions: { group: "E" } }),
    );
    expect(col(lone.sampleSync(50, { seed: 5, conditions: { group: "E" } }), "group").every((g) => g === "E")).toBe(true);
  });

  it("is reproducible, and reloads from its checkpoint (still gaussian-copula) to the same rows", async () => {
    const again = await (
      await createSynthesizer("gaussian-copula", { stratifyBy: "group" }).fit(real, model, { seed: 1 })
    ).sample(1896, { seed: 2 });
    expect(again).toEqual(synth);
    expect(fitted.sampleSync(1896, { seed: 3 })).not.toEqual(synth);
    const checkpoint = JSON.parse(JSON.stringify(fitted.toJSON())) as { synthesizer: string };
    expect(checkpoint.synthesizer).toBe("gaussian-copula");
    const reloaded = loadSynthesizer(checkpoint);
    expect(await reloaded.sample(1896, { seed: 2 })).toEqual(synth);
    const cases: SampleOptions[] = [
      { seed: 6, conditions: { group: { in: ["B", "C"] }, flag: true } },
      { seed: 6, rebalance: "group" },
      { seed: 6, rebalance: "flag", conditions: { v: { gt: 20 } } },
    ];
    for (const options of cases) expect(await reloaded.sample(400, options)).toEqual(fitted.sampleSync(400, options));
    // without stratifyBy the checkpoint has no strata and the settings no stratification fields
    const plain = new GaussianCopulaSynthesizer().fitSync(real, model, { seed: 1 }).toJSON();
    expect("strata" in plain).toBe(false);
    expect(plain.settings).toEqual({ ridge: 1e-6, maxQuantiles: 1000, maxRejectionAttempts: 100 });
    expect(() => loadSynthesizer({ ...fitted.toJSON(), strata: [] })).toThrow(/stratified by "group" but has no strata/);
  });

  it("conditions on the stratifying column keep the groups they admit, in their shares; others go to every group", () => {
    const b = fitted.sampleSync(300, { seed: 7, conditions: { group: "B" } });
    expect(count(b, "group", "B")).toBe(300);
    expect(Math.abs(mean(nums(b, "v")) - 100)).toBeLessThan(2);
    // A and C renormalised: 1,200 : 20; C is drawn from the pooled copula, told to keep to C
    const ac = fitted.sampleSync(1220, { seed: 7, conditions: { group: { in: ["A", "C"] } } });
    expect([count(ac, "group", "A"), count(ac, "group", "C")]).toEqual([1200, 20]);
    expect(Math.abs(mean(numbers(where(ac, "group", "C", "v"))) - 50)).toBeLessThan(3);
    expect(col(fitted.sampleSync(40, { seed: 7, conditions: { group: null } }), "group").every((g) => g === null)).toBe(true);
    // v > 80 only ever holds in B: the other strata get no rows instead of failing
    const high = fitted.sampleSync(200, { seed: 7, conditions: { v: { gt: 80 } } });
    expect(count(high, "group", "B")).toBe(200);
    expect(nums(high, "v").every((x) => x > 80)).toBe(true);
    // an exact number weighs each stratum by its density there: v = 100 lies only in B's range
    const exact = fitted.sampleSync(100, { seed: 7, conditions: { v: 100 } });
    expect([count(exact, "group", "B"), count(exact, "v", 100)]).toEqual([100, 100]);
    // flag = true is 9 times likelier in A than in B, and the weights say so
    const flagged = fitted.sampleSync(2000, { seed: 7, conditions: { flag: true } });
    expect(col(flagged, "flag").every((f) => f === true)).toBe(true);
    expect(count(flagged, "group", "A") / count(flagged, "group", "B")).toBeGreaterThan(12);
    const both = fitted.sampleSync(100, { seed: 7, conditions: { group: "A", flag: false } });
    expect([count(both, "group", "A"), count(both, "flag", false)]).toEqual([100, 100]);
    expect(() => fitted.sampleSync(10, { conditions: { group: "Z" } })).toThrow(/"Z" never occurs in the training data/);
    expect(() => fitted.sampleSync(10, { conditions: { group: "A", v: { gt: 80 } } })).toThrow(
      /cannot hold in any stratum of "group"/,
    );
  });

  it("rebalances the stratifying column to equal counts per group, and another column through the mixture", () => {
    const t = fitted.sampleSync(1000, { seed: 8, rebalance: "group" });
    expect(["A", "B", "C", "D", "E"].map((g) => count(t, "group", g))).toEqual([200, 200, 200, 200, 200]);
    // D shares the pooled copula with C (v ≈ 50) and E (v = 70): conditioned on D, v stays near D's real mean
    const dReal = mean(numbers(where(real, "group", "D", "v")));
    expect(Math.abs(mean(numbers(where(t, "group", "D", "v"))) - dReal)).toBeLessThan(4);
    const byFlag = fitted.sampleSync(1000, { seed: 8, rebalance: "flag" });
    expect([count(byFlag, "flag", true), count(byFlag, "flag", false)]).toEqual([500, 500]);
    // flagged rows still come mostly from A, unflagged ones from B as much as from A
    expect(count(byFlag, "group", "A")).toBeGreaterThan(count(byFlag, "group", "B"));
    expect(where(byFlag, "flag", false, "group").filter((g) => g === "B").length).toBeGreaterThan(200);
    expect(() => fitted.sampleSync(10, { rebalance: "group", conditions: { group: "A" } })).toThrow(/also in the conditions/);
  });

  it("checks stratifyBy against the model and minStratumRows as a setting, naming the field", () => {
    const fit = (settings: object) => () => new GaussianCopulaSynthesizer(settings).fitSync(real, model);
    expect(fit({ stratifyBy: "nope" })).toThrow(
      'gaussian-copula settings: "stratifyBy" names no column of the model: "nope" (columns: group, v, w, flag)',
    );
    expect(fit({ stratifyBy: "v" })).toThrow(
      'gaussian-copula settings: "stratifyBy" must name a categorical or boolean column; "v" is numerical',
    );
    expect(() => createSynthesizer("gaussian-copula", { stratifyBy: 3 })).toThrow(
      'gaussian-copula settings: "stratifyBy" must be a column name (a non-empty string), got 3',
    );
    for (const bad of [1, 2.5, "30"])
      expect(() => createSynthesizer("gaussian-copula", { stratifyBy: "group", minStratumRows: bad })).toThrow(
        `gaussian-copula settings: "minStratumRows" must be an integer ≥ 2, got ${JSON.stringify(bad)}`,
      );
    expect(() => createSynthesizer("gaussian-copula", { minStratumRows: 10 })).toThrow(
      'gaussian-copula settings: "minStratumRows" applies only with "stratifyBy"',
    );
    expect(
      fit({ stratifyBy: "flag", minStratumRows: 2 })()
        .toJSON()
        .strata?.map((s) => s.values),
    ).toEqual([[true], [false]]);
  });
});
