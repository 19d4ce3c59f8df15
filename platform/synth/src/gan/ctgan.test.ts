import * as tf from "@tensorflow/tfjs";
import { InputError, type CellValue, type Table } from "@mesh/core";
import { beforeAll, describe, expect, it } from "vitest";
import { type ColumnSpec } from "../columns.js";
import { assertWithinBudget, planPrivacy, privacySpent } from "../privacy/accountant.js";
import { Random } from "../random.js";
import { createSynthesizer, loadSynthesizer } from "../registry.js";
import { col, correlatedTable, nums } from "../tables.fixtures.js";
import { selectBackend } from "./backend.js";
import { FittedGan, GanSynthesizer, type GanProgress } from "./ctgan.js";
import { type Layout } from "./data.js";
import { Critic, Generator, type Seeds } from "./networks.js";
import { parseGanSettings } from "./settings.js";

/** Two clusters: group A around x = −5, group B around x = +5 (70/30), a boolean tied to the group. */
function twoClusters(rows: number, seed = 1): { table: Table; model: ColumnSpec[] } {
  const rng = new Random(seed);
  const x: CellValue[] = [];
  const g: CellValue[] = [];
  const flag: CellValue[] = [];
  for (let i = 0; i < rows; i++) {
    const b = rng.uniform() < 0.3;
    g.push(b ? "B" : "A");
    x.push(Math.round(((b ? 5 : -5) + 0.5 * rng.normal()) * 1000) / 1000);
    flag.push(rng.uniform() < (b ? 0.9 : 0.1));
  }
  return {
    table: {
      columns: [
        { name: "x", kind: "numerical", values: x },
        { name: "group", kind: "categorical", values: g },
        { name: "flag", kind: "boolean", values: flag },
      ],
    },
    model: [
      { name: "x", kind: "numerical", nullable: false },
      { name: "group", kind: "categorical", nullable: false },
      { name: "flag", kind: "boolean", nullable: false },
    ],
  };
}

const SMALL = {
  batchSize: 100,
  pac: 10,
  generatorDim: [32, 32],
  criticDim: [32, 32],
  embeddingDim: 16,
  generatorLr: 2e-3,
  criticLr: 2e-3,
};
const values = (t: Table, name: string) => t.columns.find((c) => c.name === name)?.values ?? [];

describe("gan settings", () => {
  it("fills defaults (CTGAN's) and names the field in errors", () => {
    const s = parseGanSettings(undefined);
    expect(s).toMatchObject({ epochs: 300, batchSize: 500, pac: 10, generatorLr: 2e-4, criticLr: 2e-4, generatorDecay: 1e-6 });
    expect(s.generatorDim).toEqual([256, 256]);
    expect(parseGanSettings({ epochs: 3, backend: "cpu", earlyStopping: false })).toMatchObject({
      epochs: 3,
      backend: "cpu",
      earlyStopping: false,
    });
    expect(() => parseGanSettings({ epochs: 0 })).toThrow(/"epochs" must be an integer from 1/);
    expect(() => parseGanSettings({ batchSize: 55 })).toThrow(/"batchSize" \(55\) must be a multiple of "pac" \(10\)/);
    expect(() => parseGanSettings({ generatorDim: [] })).toThrow(/"generatorDim" must be a list/);
    expect(() => parseGanSettings({ criticLr: -1 })).toThrow(/"criticLr"/);
    expect(() => parseGanSettings({ backend: "cuda" })).toThrow(/"backend" must be one of auto, tensorflow-gpu/);
    expect(() => parseGanSettings({ earlyStopping: { patience: 0 } })).toThrow(/"earlyStopping.patience"/);
    expect(() => parseGanSettings({ epoch: 3 })).toThrow(/unknown field "epoch"/);
    expect(() => parseGanSettings({ maxSeconds: "1h" })).toThrow(/"maxSeconds"/);
  });
});

describe("WGAN-GP critic", () => {
  it("computes a finite gradient penalty through the packed critic (nested gradients)", async () => {
    await selectBackend("wasm");
    const rng = new Random(3);
    const seeds: Seeds = () => rng.int(1_000_000);
    const critic = new Critic(6, [16, 16], 5, seeds);
    const [penalty, grads] = tf.tidy(() => {
      const real = tf.randomNormal([20, 6], 0, 1, "float32", 1) as tf.Tensor2D;
      const fake = tf.randomNormal([20, 6], 0, 1, "float32", 2) as tf.Tensor2D;
      const p = critic.gradientPenalty(real, fake, 10, seeds);
      const { grads } = tf.variableGrads(() => critic.gradientPenalty(real, fake, 10, seeds), critic.trainable());
      return [p.dataSync()[0] as number, Object.values(grads).map((g) => tf.sum(tf.abs(g)).dataSync()[0] as number)];
    });
    expect(Number.isFinite(penalty)).toBe(true);
    expect(penalty).toBeGreaterThan(0);
    expect(grads.every((g) => Number.isFinite(g))).toBe(true);
    expect(grads.some((g) => g > 0)).toBe(true);
    critic.dispose();
  });
});

describe("generator inference", () => {
  it("with batch norm folded into the linear layers, gives what forward(x, false) gives", async () => {
    await selectBackend("wasm");
    const rng = new Random(4);
    const seeds: Seeds = () => rng.int(1_000_000);
    const generator = new Generator(6, [8, 8], 5, seeds);
    // Running statistics and affine parameters away from their initial 0 and 1.
    generator.blocks.forEach((b, i) => {
      b.gamma.assign(tf.randomUniform([8], 0.5, 2, "float32", 10 + i));
      b.beta.assign(tf.randomUniform([8], -1, 1, "float32", 20 + i));
      b.runningMean.assign(tf.randomUniform([8], -1, 1, "float32", 30 + i));
      b.runningVar.assign(tf.randomUniform([8], 0.2, 3, "float32", 40 + i));
    });
    const x = tf.randomNormal([50, 6], 0, 1, "float32", 5) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const network = generator.inference();
    const folded = network.forward(x);
    const reference = tf.tidy(() => generator.forward(x, false));
    const [gap, largest] = tf.tidy(() => [
      tf.max(tf.abs(tf.sub(folded, reference))).dataSync()[0] as number,
      tf.max(tf.abs(reference)).dataSync()[0] as number,
    ]);
    expect(gap).toBeLessThan(1e-4);
    expect(largest).toBeGreaterThan(0.1); // not trivially all zero
    tf.dispose([folded, reference]);
    network.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    generator.dispose();
  });
});

describe("gan synthesizer", () => {
  const data = twoClusters(400);
  let trained: FittedGan;
  const progress: GanProgress[] = [];

  beforeAll(async () => {
    await selectBackend("wasm");
    const settings = {
      ...SMALL,
      generatorDim: [64, 64],
      criticDim: [64, 64],
      embeddingDim: 32,
      generatorLr: 1e-3,
      criticLr: 1e-3,
      epochs: 100,
      earlyStopping: { every: 10, patience: 100, sampleRows: 400 },
    };
    trained = await new GanSynthesizer(settings).fit(data.table, data.model, {
      seed: 7,
      onProgress: (p) => void progress.push(p),
    });
  }, 120_000);

  it("trains: fidelity moves toward the data, progress is reported, the run is recorded", () => {
    expect(progress.map((p) => p.epoch)).toEqual([...Array(100).keys()].map((i) => i + 1));
    expect(progress.filter((p) => p.fidelity !== null).map((p) => p.epoch)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    const t = trained.training;
    expect(t?.backend).toBe("wasm");
    expect(t?.backendTried.map((x) => x.backend)).toEqual([]);
    const untrained = t?.history[0]?.fidelity as number;
    expect(t?.bestFidelity).toBeGreaterThan(untrained + 0.1);
    expect(t?.bestFidelity).toBeGreaterThan(0.9);
    expect(t?.stoppedBy).toBe("epochs");
  });

  it("conditional sampling: a category through the conditional vector, a numeric range by rejection", async () => {
    const b = await trained.sample(200, { seed: 1, conditions: { group: "B" } });
    expect(values(b, "group").every((v) => v === "B")).toBe(true);
    // The condition steers the other columns too (data: x > 0 and flag 90 % in B; x < 0 and flag 10 % in A).
    const share = (t: Table, f: (v: CellValue) => boolean, name: string) =>
      values(t, name).filter(f).length / values(t, name).length;
    expect(share(b, (v) => (v as number) > 0, "x")).toBeGreaterThan(0.8);
    expect(share(b, (v) => v === true, "flag")).toBeGreaterThan(0.75);
    const a = await trained.sample(200, { seed: 1, conditions: { group: "A" } });
    expect(share(a, (v) => (v as number) > 0, "x")).toBeLessThan(0.2);
    expect(share(a, (v) => v === true, "flag")).toBeLessThan(0.25);
    const pos = await trained.sample(100, { seed: 2, conditions: { x: { gt: 0 }, flag: true } });
    expect((values(pos, "x") as number[]).every((v) => v > 0)).toBe(true);
    expect(values(pos, "flag").every((v) => v === true)).toBe(true);
    const fixed = await trained.sample(20, { seed: 2, conditions: { x: 1.5 } });
    expect(values(fixed, "x").every((v) => v === 1.5)).toBe(true);
    await expect(trained.sample(10, { seed: 3, conditions: { x: { gt: 1e6 } } })).rejects.toThrow(
      /too rare.*maxRejectionAttempts/,
    );
    await expect(trained.sample(10, { conditions: { group: "C" } })).rejects.toThrow(/condition on "group".*no value seen/);
    await expect(trained.sample(10, { conditions: { nope: 1 } })).rejects.toThrow(/no such column/);
  });

  it("rebalancing gives each group of a categorical column an equal share", async () => {
    const t = await trained.sample(301, { seed: 4, rebalance: "group" });
    const g = values(t, "group");
    expect(g.length).toBe(301);
    expect(g.filter((v) => v === "A").length).toBe(151);
    expect(g.filter((v) => v === "B").length).toBe(150);
    await expect(trained.sample(10, { rebalance: "x" })).rejects.toThrow(/only categorical and boolean/);
  });
});

describe("gan: determinism, checkpoints, conditions", () => {
  const data = twoClusters(200, 2);
  const quick = { ...SMALL, epochs: 2, earlyStopping: false };

  it("same seed, data and backend give identical samples; another seed differs; no tensor leaks", async () => {
    await selectBackend("wasm");
    const before = tf.memory().numTensors;
    const a = await new GanSynthesizer(quick).fit(data.table, data.model, { seed: 11 });
    const b = await new GanSynthesizer(quick).fit(data.table, data.model, { seed: 11 });
    const c = await new GanSynthesizer(quick).fit(data.table, data.model, { seed: 12 });
    const sa = await a.sample(300, { seed: 5 });
    expect(await b.sample(300, { seed: 5 })).toEqual(sa);
    expect(await c.sample(300, { seed: 5 })).not.toEqual(sa);
    expect(await a.sample(300, { seed: 6 })).not.toEqual(sa);
    expect(a.toJSON().weights).toEqual(b.toJSON().weights);
    for (const m of [a, b, c]) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 30_000);

  it("draws each category with its softmax probability, also from logits too large or too small for exp in float32", async () => {
    await selectBackend("wasm");
    const fitted = await new GanSynthesizer(quick).fit(data.table, data.model, { seed: 13 });
    const { generator, layout } = fitted as unknown as { generator: Generator; layout: Layout };
    const span = layout.spans.find((s) => s.source.column === "group")!;
    expect(span.size).toBe(2);
    // The group block's logits become constants: its weights 0, its bias (b, b − ln 3), so the
    // first category has probability 3/4 whatever the noise.
    const keep = new Float32Array(layout.width).fill(1).fill(0, span.start, span.start + span.size);
    tf.tidy(() => generator.out.w.assign(tf.mul(generator.out.w, tf.tensor1d(keep))));
    const shares: number[] = [];
    for (const b of [5, 100, -200]) {
      const bias = generator.out.b.arraySync() as number[];
      bias[span.start] = b;
      bias[span.start + 1] = b - Math.log(3);
      tf.tidy(() => generator.out.b.assign(tf.tensor1d(bias)));
      const groups = values(await fitted.sample(4000, { seed: 3 }), "group");
      shares.push(Math.max(...["A", "B"].map((g) => groups.filter((v) => v === g).length / groups.length)));
    }
    // 4,000 draws: the standard error of a share of 0.75 is 0.007.
    for (const share of shares) expect(Math.abs(share - 0.75)).toBeLessThan(0.03);
    fitted.dispose();
  }, 30_000);

  it("a checkpoint reloads through loadSynthesizer to the same samples (through JSON)", async () => {
    expect(() => createSynthesizer("gan", { epochs: 0 })).toThrow(/gan settings: "epochs"/);
    const a = (await createSynthesizer("gan", quick).fit(data.table, data.model, { seed: 4 })) as FittedGan;
    expect(a.name).toBe("gan");
    const json = JSON.parse(JSON.stringify(a.toJSON()));
    expect(json.weights["generator.block0.weight"].shape).toEqual([16 + 4, 32]);
    expect(typeof json.weights["generator.block0.weight"].data).toBe("string");
    const b = loadSynthesizer(json) as FittedGan;
    expect(b).toBeInstanceOf(FittedGan);
    expect(await b.sample(250, { seed: 9 })).toEqual(await a.sample(250, { seed: 9 }));
    expect(b.training?.backend).toBe("wasm");
    json.weights["generator.out.bias"].shape = [2];
    expect(() => FittedGan.fromJSON(json)).toThrow(/"generator.out.bias" have shape \[2\]/);
    a.dispose();
    b.dispose();
  }, 30_000);
});

describe("gan: early stopping and time limit", () => {
  const data = twoClusters(200, 3);

  it("stops after `patience` evaluations without gain and restores the best weights", async () => {
    const stopped = await new GanSynthesizer({
      ...SMALL,
      epochs: 20,
      earlyStopping: { every: 1, patience: 1, minDelta: 0.5, sampleRows: 100 },
    }).fit(data.table, data.model, { seed: 8 });
    expect(stopped.training).toMatchObject({ stoppedBy: "early-stopping", epochsRun: 2, bestEpoch: 1 });
    const oneEpoch = await new GanSynthesizer({
      ...SMALL,
      epochs: 1,
      earlyStopping: { every: 1, patience: 1, minDelta: 0.5, sampleRows: 100 },
    }).fit(data.table, data.model, { seed: 8 });
    expect(stopped.toJSON().weights).toEqual(oneEpoch.toJSON().weights);
    stopped.dispose();
    oneEpoch.dispose();
  }, 30_000);

  it("stops at maxSeconds and says so", async () => {
    const m = await new GanSynthesizer({ ...SMALL, epochs: 50, maxSeconds: 0.001 }).fit(data.table, data.model);
    expect(m.training).toMatchObject({ stoppedBy: "max-seconds", epochsRun: 1 });
    m.dispose();
  });
});

describe("gan on mixed column kinds", () => {
  it("respects the column model: bounds, integers, decimals, nulls, datetimes, allowed values", async () => {
    const { table, model } = correlatedTable(300, 5);
    const m = await new GanSynthesizer({ ...SMALL, epochs: 3, earlyStopping: false }).fit(table, model, { seed: 1 });
    const t = await m.sample(500, { seed: 1 });
    const age = nums(t, "age");
    expect(age.length).toBe(500);
    expect(age.every((v) => Number.isInteger(v) && v >= 18 && v <= 90)).toBe(true);
    expect(col(t, "sex").every((v) => v === "F" || v === "M")).toBe(true);
    expect(col(t, "smoker").every((v) => typeof v === "boolean")).toBe(true);
    const lab = col(t, "lab");
    expect(lab.some((v) => v === null)).toBe(true);
    expect(nums(t, "lab").every((v) => v >= 0 && Math.round(v * 100) / 100 === v)).toBe(true);
    const t0 = Date.UTC(2020, 0, 1);
    expect(nums(t, "admitted").every((v) => Number.isInteger(v) && v >= t0 && v <= t0 + 365 * 86_400_000)).toBe(true);
    const nulls = await m.sample(50, { seed: 2, conditions: { lab: null, sex: "F" } });
    expect(col(nulls, "lab").every((v) => v === null)).toBe(true);
    expect(col(nulls, "sex").every((v) => v === "F")).toBe(true);
    await expect(m.sample(5, { conditions: { x: null } })).rejects.toThrow(/not nullable/);
    const balanced = await m.sample(100, { seed: 3, rebalance: "smoker" });
    expect(col(balanced, "smoker").filter((v) => v === true).length).toBe(50);
    m.dispose();
  });
});

describe("gan with differential privacy (DP-SGD on the critic)", () => {
  const data = twoClusters(200, 4);
  const dpSettings = { noiseMultiplier: 1.1, maxGradNorm: 1, delta: 1e-5 };
  const DP = { ...SMALL, batchSize: 50, pac: 1, epochs: 3, earlyStopping: false, differentialPrivacy: dpSettings } as const;

  it("per-row gradients equal the gradients of each row's loss taken one row at a time", async () => {
    await selectBackend("wasm");
    const rng = new Random(5);
    const critic = new Critic(5, [8, 8], 1, () => rng.int(1_000_000));
    const vars = critic.trainable();
    const [batched, looped] = tf.tidy(() => {
      const real = tf.randomNormal([4, 5], 0, 1, "float32", 1) as tf.Tensor2D;
      const fake = tf.randomNormal([4, 5], 0, 1, "float32", 2) as tf.Tensor2D;
      const alpha = tf.randomUniform([4, 1], 0, 1, "float32", 3) as tf.Tensor2D;
      const { grads, loss } = critic.perRowGradients(real, fake, alpha, 10, null);
      const perRow = [0, 1, 2, 3].map((i) => {
        const r = tf.slice(real, [i, 0], [1, 5]) as tf.Tensor2D;
        const mixed = tf.add(
          tf.mul(r, tf.slice(alpha, [i, 0], [1, 1])),
          tf.mul(tf.slice(fake, [i, 0], [1, 5]), tf.sub(1, tf.slice(alpha, [i, 0], [1, 1]))),
        );
        const { value, grads: g } = tf.variableGrads(() => {
          const dx = tf.grad((x: tf.Tensor) => tf.sum(critic.forward(x as tf.Tensor2D, null)))(mixed);
          const penalty = tf.mul(tf.square(tf.sub(tf.sqrt(tf.add(tf.sum(tf.square(dx)), 1e-12)), 1)), 10);
          const f = tf.slice(fake, [i, 0], [1, 5]) as tf.Tensor2D;
          return tf.add(tf.sub(tf.sum(critic.forward(f, null)), tf.sum(critic.forward(r, null))), penalty) as tf.Scalar;
        }, vars);
        return { value: value.dataSync()[0] as number, grads: vars.map((v) => [...(g[v.name] as tf.Tensor).dataSync()]) };
      });
      return [
        { loss: loss.dataSync()[0] as number, grads: grads.map((g) => [0, 1, 2, 3].map((i) => [...tf.gather(g, i).dataSync()])) },
        perRow,
      ];
    }) as unknown as [{ loss: number; grads: number[][][] }, { value: number; grads: number[][] }[]];
    expect(batched.loss).toBeCloseTo(
      looped.reduce((s, r) => s + r.value, 0),
      4,
    );
    vars.forEach((_, v) =>
      looped.forEach((row, i) =>
        (row.grads[v] as number[]).forEach((x, k) => expect(batched.grads[v]?.[i]?.[k]).toBeCloseTo(x, 4)),
      ),
    );
    expect(looped.some((row) => row.grads.some((g) => g.some((x) => Math.abs(x) > 1e-3)))).toBe(true);
    critic.dispose();
  });

  it("trains, records the ε of the steps taken, and is reproducible (seeded noise)", async () => {
    await selectBackend("wasm");
    const before = tf.memory().numTensors;
    const a = await new GanSynthesizer(DP).fit(data.table, data.model, { seed: 3 });
    // 200 rows, batch 50: 4 critic steps per epoch × 3 epochs = 12 steps, each row sampled with q = 0.25.
    const spent = privacySpent({ samplingRate: 0.25, steps: 12, noiseMultiplier: 1.1, delta: 1e-5 });
    expect(a.training?.privacy).toEqual({ ...spent, maxGradNorm: 1 });
    expect(a.training?.privacy?.epsilon).toBe(
      planPrivacy({ rows: 200, batchSize: 50, epochs: 3, criticSteps: 1, noiseMultiplier: 1.1, delta: 1e-5 }).epsilon,
    );
    expect(a.training?.history.slice(1).every((h) => Number.isFinite(h.criticLoss) && Number.isFinite(h.generatorLoss))).toBe(
      true,
    );
    const rows = await a.sample(100, { seed: 1 });
    expect(values(rows, "group").every((v) => v === "A" || v === "B")).toBe(true);
    const b = await new GanSynthesizer(DP).fit(data.table, data.model, { seed: 3 });
    expect(b.toJSON().weights).toEqual(a.toJSON().weights);
    const louder = await new GanSynthesizer({ ...DP, differentialPrivacy: { ...dpSettings, noiseMultiplier: 5 } }).fit(
      data.table,
      data.model,
      { seed: 3 },
    );
    expect(louder.toJSON().weights).not.toEqual(a.toJSON().weights);
    expect(louder.training?.privacy?.epsilon).toBeLessThan(spent.epsilon);
    // The record survives the checkpoint.
    const reloaded = loadSynthesizer(JSON.parse(JSON.stringify(a.toJSON()))) as FittedGan;
    expect(reloaded.training?.privacy).toEqual(a.training?.privacy);
    for (const m of [a, b, louder, reloaded]) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it("a run stopped early records only the steps it took", async () => {
    const m = await new GanSynthesizer({ ...DP, epochs: 50, maxSeconds: 0.001 }).fit(data.table, data.model, { seed: 1 });
    expect(m.training).toMatchObject({ stoppedBy: "max-seconds", epochsRun: 1 });
    expect(m.training?.privacy).toMatchObject({ steps: 4, samplingRate: 0.25 });
    expect(m.training?.privacy?.epsilon).toBe(
      privacySpent({ samplingRate: 0.25, steps: 4, noiseMultiplier: 1.1, delta: 1e-5 }).epsilon,
    );
    m.dispose();
  }, 30_000);

  it("refuses a run over its budget before training, and a plan with too little noise", async () => {
    const progress: GanProgress[] = [];
    const weak = { ...DP, epochs: 300, differentialPrivacy: { ...dpSettings, noiseMultiplier: 0.3 } };
    await expect(
      new GanSynthesizer(weak).fit(data.table, data.model, { maxEpsilon: 5, onProgress: (p) => void progress.push(p) }),
    ).rejects.toThrow(/^privacy budget exceeded: the run would spend ε = [\d.]+ \(δ = 0.00001\), above the budget ε = 5;/);
    expect(progress).toEqual([]);
    const plan = planPrivacy({ rows: 200, batchSize: 50, epochs: 300, criticSteps: 1, noiseMultiplier: 0.3, delta: 1e-5 });
    expect(plan.steps).toBe(1200);
    expect(plan.epsilon).toBeGreaterThan(100);
    expect(() => assertWithinBudget(plan, 10)).toThrow(InputError);
    await expect(new GanSynthesizer(SMALL).fit(data.table, data.model, { maxEpsilon: 5 })).rejects.toThrow(
      "a privacy budget (maxEpsilon) needs the setting differentialPrivacy",
    );
  });

  it("validates the setting, naming the field", () => {
    expect(parseGanSettings(undefined).differentialPrivacy).toBe(false);
    expect(parseGanSettings({ pac: 1, earlyStopping: false, differentialPrivacy: dpSettings }).differentialPrivacy).toEqual(
      dpSettings,
    );
    expect(() => parseGanSettings({ earlyStopping: false, differentialPrivacy: dpSettings })).toThrow(
      'gan settings: "differentialPrivacy" needs "pac": 1 (each real row\'s gradient is clipped on its own), got pac 10',
    );
    expect(() => parseGanSettings({ pac: 1, differentialPrivacy: dpSettings })).toThrow(
      /"differentialPrivacy" needs "earlyStopping": false/,
    );
    const base = { pac: 1, earlyStopping: false };
    expect(() => parseGanSettings({ ...base, differentialPrivacy: { ...dpSettings, noiseMultiplier: 0 } })).toThrow(
      'gan settings: "differentialPrivacy.noiseMultiplier" must be a number above 0 and at most 1000000, got 0',
    );
    expect(() => parseGanSettings({ ...base, differentialPrivacy: { ...dpSettings, maxGradNorm: -1 } })).toThrow(
      '"differentialPrivacy.maxGradNorm" must be a number above 0',
    );
    expect(() => parseGanSettings({ ...base, differentialPrivacy: { ...dpSettings, delta: 1 } })).toThrow(
      'gan settings: "differentialPrivacy.delta" must be a number between 0 and 1 (exclusive), got 1',
    );
    expect(() => parseGanSettings({ ...base, differentialPrivacy: { ...dpSettings, epsilon: 3 } })).toThrow(
      'unknown field "differentialPrivacy.epsilon"',
    );
    expect(() => parseGanSettings({ ...base, differentialPrivacy: true })).toThrow(
      '"differentialPrivacy" must be false or an object { noiseMultiplier, maxGradNorm, delta }, got true',
    );
  });
});
