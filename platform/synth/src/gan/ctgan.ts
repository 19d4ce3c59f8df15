import * as tf from "@tensorflow/tfjs";
import { InputError, type CellValue, type Table, type TableColumn } from "@mesh/core";
import { checkTableAgainstModel, type ColumnModel, type ColumnSpec } from "../columns.js";
import { inRange, parseCondition, type Conditions, type RangeCondition } from "../conditions.js";
import { Random } from "../random.js";
import { FastNormal } from "../ziggurat.js";
import { type ACCOUNTANT_NAME, assertWithinBudget, planPrivacy, privacySpent } from "../privacy/accountant.js";
import { clippedSum, noisyMean } from "../privacy/dp-sgd.js";
import { type FitOptions, type FittedSynthesizer, type SampleOptions, type Synthesizer } from "../synthesizer.js";
import { TableTransformer, type TableTransformerJSON } from "../transformers.js";
import { selectBackend, type BackendChoice, type BackendName } from "./backend.js";
import {
  buildLayout,
  categoryCounts,
  ConditionalSampler,
  FidelityReference,
  fromGanRows,
  toGanRows,
  type CondBatch,
  type Layout,
} from "./data.js";
import {
  activate,
  conditionalLoss,
  Critic,
  Generator,
  loadVariables,
  restore,
  saveVariables,
  snapshot,
  type BatchMoments,
  type SavedTensor,
  type Seeds,
} from "./networks.js";
import { parseGanSettings, type DifferentialPrivacySettings, type GanSettings } from "./settings.js";

/** Reported after every epoch (fidelity only on the epochs it is computed). */
export interface GanProgress {
  epoch: number;
  epochs: number;
  generatorLoss: number;
  criticLoss: number;
  /** The fidelity signal (mean 1 − KS / 1 − TVD), or null on epochs it is not computed. */
  fidelity: number | null;
  elapsedSeconds: number;
  etaSeconds: number;
}

export interface GanFitOptions extends FitOptions {
  onProgress?: (p: GanProgress) => void | Promise<void>;
  /** Checked between steps: return true to stop (the best weights so far are kept). */
  shouldStop?: () => boolean;
  /**
   * With `differentialPrivacy` on: refuse (InputError, before any training) a run whose full
   * plan (all epochs) would spend more than this ε.
   */
  maxEpsilon?: number;
}

/** The privacy a DP run spent, for the job record (see src/privacy/accountant.ts). */
export interface GanPrivacyRecord {
  /** ε spent by the critic steps actually taken (a run stopped early spends less than planned). */
  epsilon: number;
  delta: number;
  accountant: typeof ACCOUNTANT_NAME;
  noiseMultiplier: number;
  maxGradNorm: number;
  /** Critic updates that read real rows. */
  steps: number;
  /** q = batchSize / rows: each real row's chance to be in a critic batch. */
  samplingRate: number;
  /** The Rényi order that gave ε, and the orders evaluated. */
  order: number;
  orders: number[];
}

/** What a training run did, for the job record. */
export interface GanTrainingRecord {
  backend: BackendName;
  backendTried: BackendChoice["tried"];
  epochsRun: number;
  bestEpoch: number | null;
  bestFidelity: number | null;
  /** `diverged`: a loss became NaN or infinite; the best weights evaluated before are kept. */
  stoppedBy: "epochs" | "early-stopping" | "max-seconds" | "caller" | "diverged";
  /** Wall time of the whole fit (transformer, steps, fidelity evaluations). */
  seconds: number;
  /** Rows through the training steps per second of step time (fidelity evaluations excluded). */
  trainRowsPerSecond: number;
  /** Per epoch; epoch 0 is the untrained generator's fidelity (losses null). */
  history: { epoch: number; generatorLoss: number | null; criticLoss: number | null; fidelity: number | null }[];
  /** With `differentialPrivacy` on: the (ε, δ) spent; null otherwise. */
  privacy: GanPrivacyRecord | null;
}

export interface GanCheckpoint {
  format: "mesh-synth-model";
  version: 1;
  synthesizer: "gan";
  columns: ColumnSpec[];
  settings: GanSettings;
  transformer: TableTransformerJSON;
  /** Category counts per conditional column (for the generation-time conditional vector). */
  categoryCounts: number[][];
  /** Generator weights (the critic is not needed to generate). */
  weights: Record<string, SavedTensor>;
  training: GanTrainingRecord;
}

const GENERATE_CHUNK = 1000;
/** Real rows whose per-row gradients are computed together under DP (bounds the tiled weights' memory). */
const DP_CHUNK = 64;

function seedsFrom(rng: Random): Seeds {
  return () => rng.int(2_147_483_647);
}

/** The `gan` synthesizer before training: CTGAN-class (Xu et al. 2019) on TensorFlow.js. */
export class GanSynthesizer implements Synthesizer {
  readonly name = "gan" as const;
  readonly settings: GanSettings;

  constructor(settings?: unknown) {
    this.settings = parseGanSettings(settings);
  }

  async fit(table: Table, model: ColumnModel, options: GanFitOptions = {}): Promise<FittedGan> {
    const s = this.settings;
    const choice = await selectBackend(s.backend);
    const started = performance.now();
    const cols = checkTableAgainstModel(table, model);
    const n = cols[0]?.values.length ?? 0;
    if (n === 0) throw new InputError("cannot fit a synthesizer to a table with no rows");
    const dp = s.differentialPrivacy;
    if (options.maxEpsilon !== undefined) {
      if (!dp) throw new InputError("a privacy budget (maxEpsilon) needs the setting differentialPrivacy");
      const plan = { rows: n, batchSize: s.batchSize, epochs: s.epochs, criticSteps: s.criticSteps };
      assertWithinBudget(planPrivacy({ ...plan, noiseMultiplier: dp.noiseMultiplier, delta: dp.delta }), options.maxEpsilon);
    }
    const seed = options.seed ?? s.seed;
    const rng = new Random(`gan:${seed}`);
    const seeds = seedsFrom(rng);
    const transformer = TableTransformer.fit(table, model);
    const layout = buildLayout(transformer);
    const data = toGanRows(layout, transformer.transform(table), transformer.width, n);
    const counts = categoryCounts(layout, data, n);
    const sampler = new ConditionalSampler(layout, counts, data, n);
    const reference = new FidelityReference({ columns: cols });

    const B = s.batchSize;
    const generator = new Generator(s.embeddingDim + layout.condWidth, s.generatorDim, layout.width, seeds);
    const critic = new Critic(layout.width + layout.condWidth, s.criticDim, s.pac, seeds);
    const fitted = new FittedGan(
      model.map((c) => ({ ...c })),
      s,
      transformer,
      layout,
      counts,
      generator,
      null,
    );
    const gOpt = tf.train.adam(s.generatorLr, 0.5, 0.9, 1e-8);
    const cOpt = tf.train.adam(s.criticLr, 0.5, 0.9, 1e-8);
    const gVars = generator.trainable();
    const cVars = critic.trainable();
    const stepsPerEpoch = Math.max(1, Math.floor(n / B));
    const es = s.earlyStopping;
    const every = es ? es.every : 5;
    const sampleRows = es ? es.sampleRows : 1000;
    const history: GanTrainingRecord["history"] = [];
    let best: { fidelity: number; epoch: number; weights: Float32Array[] } | null = null;
    let sinceBest = 0;
    let stoppedBy: GanTrainingRecord["stoppedBy"] = "epochs";
    let epoch: number;
    let stepSeconds = 0;
    let privateSteps = 0;
    const samplingRate = Math.min(1, B / n);

    const condTensors = (b: CondBatch, rows: number) => ({
      cond: tf.tensor2d(b.cond, [rows, layout.condWidth]),
      mask: tf.tensor2d(b.mask, [rows, layout.cond.length]),
    });
    const withCond = (x: tf.Tensor2D, cond: tf.Tensor2D) => (layout.condWidth > 0 ? tf.concat([x, cond], 1) : x) as tf.Tensor2D;
    // Weight decay as PyTorch's Adam applies it: decay·w added to the gradient.
    const applyDecay = (grads: tf.NamedTensorMap, vars: tf.Variable[], decay: number): { name: string; tensor: tf.Tensor }[] =>
      vars.flatMap((v) => {
        const g = grads[v.name];
        return g ? [{ name: v.name, tensor: decay === 0 ? g : tf.add(g, tf.mul(v, decay)) }] : [];
      });

    /**
     * One DP-SGD critic update. Real rows come by Poisson sampling (rate B / n), each with a
     * conditional vector naming its own category; fake rows come from conditional vectors drawn
     * independently of the batch, and each real row gets a fake partner of its own. Each pair's
     * loss gradient is clipped, the clipped gradients summed and noised (privacy/dp-sgd.ts).
     */
    const privateCriticStep = (p: DifferentialPrivacySettings): number => {
      const rows = sampler.poissonRows(samplingRate, rng);
      const m = rows.length;
      const rowCond = sampler.condForRows(rows, rng);
      const real = sampler.rowsAt(rows);
      // Each real row's fake partner (in its loss and its gradient penalty), drawn for that row
      // alone, so that adding or removing one real row leaves the other rows' terms as they were.
      const partners = Int32Array.from(rows, () => rng.int(B));
      const fb = sampler.sample(B, rng, "generate");
      return tf.tidy(() => {
        const fakeCond = tf.tensor2d(fb.cond, [B, layout.condWidth]);
        const z = tf.randomNormal([B, s.embeddingDim], 0, 1, "float32", seeds()) as tf.Tensor2D;
        const fakeCat = withCond(activate(generator.forward(withCond(z, fakeCond), true), layout, seeds), fakeCond);
        let sums: tf.Tensor[] = cVars.map((v) => tf.zerosLike(v));
        let realLoss = 0;
        for (let start = 0; start < m; start += DP_CHUNK) {
          const size = Math.min(DP_CHUNK, m - start);
          const next = tf.tidy(() => {
            const realCat = withCond(
              tf.tensor2d(real.subarray(start * layout.width, (start + size) * layout.width), [size, layout.width]),
              tf.tensor2d(rowCond.cond.subarray(start * layout.condWidth, (start + size) * layout.condWidth), [
                size,
                layout.condWidth,
              ]),
            );
            const pair = tf.gather(fakeCat, tf.tensor1d(partners.subarray(start, start + size), "int32"));
            const alpha = tf.randomUniform([size, 1], 0, 1, "float32", seeds()) as tf.Tensor2D;
            const { grads, loss } = critic.perRowGradients(realCat, pair as tf.Tensor2D, alpha, s.gradientPenalty, seeds);
            realLoss += loss.dataSync()[0] as number;
            return clippedSum(grads, p.maxGradNorm).map((g, i) => tf.add(sums[i] as tf.Tensor, g));
          });
          for (const t of sums) t.dispose();
          sums = next;
        }
        const noisy = noisyMean(sums, { noiseMultiplier: p.noiseMultiplier, maxGradNorm: p.maxGradNorm, batchSize: B, seeds });
        const grads: tf.NamedTensorMap = {};
        cVars.forEach((v, i) => (grads[v.name] = noisy[i] as tf.Tensor));
        cOpt.applyGradients(applyDecay(grads, cVars, s.criticDecay));
        // For progress only: the batch's loss, read from the real rows without noise.
        return m > 0 ? realLoss / m : 0;
      });
    };

    const evaluate = () =>
      reference.score(fitted.generate(Math.min(sampleRows, Math.max(n, 100)), {}, new Random(`gan-eval:${seed}`)));
    // The untrained generator's score: the baseline the history starts from.
    history.push({ epoch: 0, generatorLoss: null, criticLoss: null, fidelity: evaluate() });

    try {
      training: for (epoch = 1; epoch <= s.epochs; epoch++) {
        let gLoss = 0;
        let cLoss = 0;
        const stepsStarted = performance.now();
        for (let step = 0; step < stepsPerEpoch; step++) {
          for (let k = 0; k < s.criticSteps; k++) {
            if (dp) {
              cLoss = privateCriticStep(dp);
              privateSteps++;
              continue;
            }
            const b = sampler.sample(B, rng, "train");
            const order = rng.shuffle([...Array(B).keys()]);
            const real = sampler.realRows(b, order, rng);
            const permutedCond = new Float32Array(B * layout.condWidth);
            order.forEach((i, pos) =>
              permutedCond.set(b.cond.subarray(i * layout.condWidth, (i + 1) * layout.condWidth), pos * layout.condWidth),
            );
            cLoss = tf.tidy(() => {
              const { cond } = condTensors(b, B);
              const z = tf.randomNormal([B, s.embeddingDim], 0, 1, "float32", seeds()) as tf.Tensor2D;
              const fake = activate(generator.forward(withCond(z, cond), true), layout, seeds);
              const fakeCat = withCond(fake, cond);
              const realCat = withCond(tf.tensor2d(real, [B, layout.width]), tf.tensor2d(permutedCond, [B, layout.condWidth]));
              const { value, grads } = cOpt.computeGradients(() => {
                const wasserstein = tf.sub(tf.mean(critic.forward(fakeCat, seeds)), tf.mean(critic.forward(realCat, seeds)));
                const penalty = critic.gradientPenalty(realCat, fakeCat, s.gradientPenalty, seeds);
                return tf.add(wasserstein, penalty) as tf.Scalar;
              }, cVars);
              cOpt.applyGradients(applyDecay(grads, cVars, s.criticDecay));
              return value.dataSync()[0] as number;
            });
          }
          // Under DP the critic saw conditional vectors at data frequency; the generator trains on the same.
          const b = sampler.sample(B, rng, dp ? "generate" : "train");
          const moments: BatchMoments[] = [];
          gLoss = tf.tidy(() => {
            const { cond, mask } = condTensors(b, B);
            const z = tf.randomNormal([B, s.embeddingDim], 0, 1, "float32", seeds()) as tf.Tensor2D;
            const { value, grads } = gOpt.computeGradients(() => {
              const raw = generator.forward(withCond(z, cond), true, moments);
              const fake = activate(raw, layout, seeds);
              const y = critic.forward(withCond(fake, cond), seeds);
              return tf.add(tf.neg(tf.mean(y)), conditionalLoss(raw, cond, mask, layout)) as tf.Scalar;
            }, gVars);
            gOpt.applyGradients(applyDecay(grads, gVars, s.generatorDecay));
            return value.dataSync()[0] as number;
          });
          generator.updateRunningStats(moments);
          if (options.shouldStop?.()) {
            stoppedBy = "caller";
            break training;
          }
        }
        stepSeconds += (performance.now() - stepsStarted) / 1000;
        const elapsed = (performance.now() - started) / 1000;
        if (!Number.isFinite(gLoss) || !Number.isFinite(cLoss)) {
          // Weights that produced a NaN are no model: stop, and keep the best evaluated before.
          history.push({ epoch, generatorLoss: gLoss, criticLoss: cLoss, fidelity: null });
          stoppedBy = "diverged";
          break;
        }
        let fidelity: number | null = null;
        if (epoch % every === 0 || epoch === s.epochs) {
          fidelity = evaluate();
          if (!best || fidelity > best.fidelity + (es ? es.minDelta : 0)) {
            best = { fidelity, epoch, weights: snapshot(generator.variables().map(([, v]) => v)) };
            sinceBest = 0;
          } else sinceBest++;
        }
        history.push({ epoch, generatorLoss: gLoss, criticLoss: cLoss, fidelity });
        const perEpoch = elapsed / epoch;
        await options.onProgress?.({
          epoch,
          epochs: s.epochs,
          generatorLoss: gLoss,
          criticLoss: cLoss,
          fidelity,
          elapsedSeconds: elapsed,
          etaSeconds: perEpoch * (s.epochs - epoch),
        });
        if (es && fidelity !== null && sinceBest >= es.patience) {
          stoppedBy = "early-stopping";
          break;
        }
        if (s.maxSeconds !== null && elapsed >= s.maxSeconds) {
          stoppedBy = "max-seconds";
          break;
        }
      }
    } finally {
      critic.dispose();
      gOpt.dispose();
      cOpt.dispose();
    }
    const epochsRun = Math.min(epoch, s.epochs);
    if (stoppedBy === "diverged" && !best) {
      generator.dispose();
      throw new InputError(
        `gan training diverged (a loss became ${Number.isNaN(history[history.length - 1]?.generatorLoss ?? NaN) ? "NaN" : "infinite"}) at epoch ${epoch}, before any epoch was evaluated: lower the learning rates, or evaluate earlier (earlyStopping.every)`,
      );
    }
    if (best && (es || stoppedBy === "diverged"))
      restore(
        generator.variables().map(([, v]) => v),
        best.weights,
      );
    const seconds = (performance.now() - started) / 1000;
    fitted.training = {
      backend: choice.backend,
      backendTried: choice.tried,
      epochsRun,
      bestEpoch: best && (es || stoppedBy === "diverged") ? best.epoch : null,
      bestFidelity: best ? best.fidelity : null,
      stoppedBy,
      seconds,
      trainRowsPerSecond: (epochsRun * stepsPerEpoch * B) / stepSeconds,
      history,
      privacy: dp
        ? {
            ...privacySpent({ samplingRate, steps: privateSteps, noiseMultiplier: dp.noiseMultiplier, delta: dp.delta }),
            maxGradNorm: dp.maxGradNorm,
          }
        : null,
    };
    return fitted;
  }
}

type Plan =
  | { column: number; kind: "categories"; allowed: Set<CellValue> }
  | { column: number; kind: "null" }
  | { column: number; kind: "value"; value: number }
  | { column: number; kind: "range"; range: RangeCondition };

/** A trained `gan`: generates rows (optionally conditioned or rebalanced) and saves itself as JSON. */
export class FittedGan implements FittedSynthesizer {
  readonly name = "gan" as const;
  training: GanTrainingRecord | null;
  private readonly sampler: ConditionalSampler;

  constructor(
    readonly columns: ColumnSpec[],
    readonly settings: GanSettings,
    private readonly transformer: TableTransformer,
    private readonly layout: Layout,
    private readonly counts: number[][],
    private readonly generator: Generator,
    training: GanTrainingRecord | null,
  ) {
    this.training = training;
    this.sampler = new ConditionalSampler(layout, counts, null, 0);
  }

  static fromJSON(json: GanCheckpoint): FittedGan {
    if (json?.format !== "mesh-synth-model" || json.synthesizer !== "gan" || json.version !== 1)
      throw new InputError("not a gan checkpoint (format mesh-synth-model, version 1)");
    const settings = parseGanSettings(json.settings);
    const transformer = TableTransformer.fromJSON(json.transformer);
    const layout = buildLayout(transformer);
    if (!Array.isArray(json.categoryCounts) || json.categoryCounts.length !== layout.cond.length)
      throw new InputError("gan checkpoint: categoryCounts do not match the transformer");
    const generator = new Generator(settings.embeddingDim + layout.condWidth, settings.generatorDim, layout.width, () => 0);
    try {
      loadVariables(generator.variables(), json.weights ?? {});
    } catch (e) {
      generator.dispose();
      throw e;
    }
    // Checkpoints written before differential privacy existed have no privacy record.
    const training = json.training ? { ...json.training, privacy: json.training.privacy ?? null } : null;
    return new FittedGan(json.columns, settings, transformer, layout, json.categoryCounts, generator, training);
  }

  toJSON(): GanCheckpoint {
    return {
      format: "mesh-synth-model",
      version: 1,
      synthesizer: "gan",
      columns: this.columns.map((c) => ({ ...c })),
      settings: structuredClone(this.settings),
      transformer: this.transformer.toJSON(),
      categoryCounts: this.counts.map((c) => [...c]),
      weights: saveVariables(this.generator.variables()),
      training: structuredClone(this.training) as GanTrainingRecord,
    };
  }

  /** Frees the generator's tensors; the model cannot generate afterwards. */
  dispose(): void {
    this.generator.dispose();
  }

  async sample(n: number, options: SampleOptions = {}): Promise<Table> {
    if (!Number.isInteger(n) || n < 0) throw new InputError(`the number of rows must be a whole number ≥ 0, got ${n}`);
    await selectBackend(this.settings.backend);
    const rng = new Random(`gan-sample:${options.seed ?? 0}`);
    const conditions = options.conditions ?? {};
    if (options.rebalance === undefined) return this.generate(n, conditions, rng);
    const name = options.rebalance;
    const ci = this.layout.cond.findIndex((c) => c.column === name);
    const spec = this.columns.find((c) => c.name === name);
    if (!spec)
      throw new InputError(`rebalance: no column "${name}"; the model has ${this.columns.map((c) => c.name).join(", ")}`);
    if (ci < 0)
      throw new InputError(`rebalance: column "${name}" is ${spec.kind}; only categorical and boolean columns have groups`);
    if (name in conditions) throw new InputError(`rebalance: column "${name}" is also in the conditions`);
    const groups = this.categoryValues(ci).filter((_, k) => ((this.counts[ci] as number[])[k] ?? 0) > 0);
    const parts = groups.map((g, j) =>
      this.generate(Math.floor(n / groups.length) + (j < n % groups.length ? 1 : 0), { ...conditions, [name]: { eq: g } }, rng),
    );
    const order = rng.shuffle([...Array(n).keys()]);
    return {
      columns: this.columns.map((c, i) => {
        const all = parts.flatMap((p) => (p.columns[i] as TableColumn).values);
        return { name: c.name, kind: c.kind, values: order.map((r) => all[r] as CellValue) };
      }),
    };
  }

  /** The values of conditional column ci's slots, in slot order. */
  private categoryValues(ci: number): CellValue[] {
    const c = this.layout.cond[ci];
    const state = this.transformer.columns.find((s) => s.spec.name === c?.column);
    if (!state) return [];
    if (state.type === "boolean") return [false, true];
    if (state.type === "one-hot") return state.categories.slice(0, c?.size ?? 0);
    return [];
  }

  private plan(conditions: Conditions): Plan[] {
    const plans: Plan[] = [];
    for (const [name, raw] of Object.entries(conditions)) {
      const column = this.columns.findIndex((c) => c.name === name);
      const where = `condition on "${name}"`;
      if (column < 0)
        throw new InputError(`${where}: no such column; the model has ${this.columns.map((c) => c.name).join(", ")}`);
      const spec = this.columns[column] as ColumnSpec;
      const cond = parseCondition(raw);
      if ("eq" in cond && cond.eq === null) {
        if (!spec.nullable) throw new InputError(`${where}: the column is not nullable`);
        plans.push({ column, kind: "null" });
        continue;
      }
      if (spec.kind === "categorical" || spec.kind === "boolean") {
        const ci = this.layout.cond.findIndex((c) => c.column === name);
        const values = this.categoryValues(ci);
        let allowed: CellValue[];
        if ("eq" in cond) allowed = [cond.eq];
        else if ("in" in cond) {
          if (!Array.isArray(cond.in)) throw new InputError(`${where}: "in" takes a list of values`);
          allowed = [...cond.in];
        } else allowed = values.filter((v) => typeof v === "number" && inRange(v, cond.range));
        const seen = allowed.filter((v) => values.some((x, k) => x === v && ((this.counts[ci] as number[])[k] ?? 0) > 0));
        if (seen.length === 0)
          throw new InputError(`${where}: ${JSON.stringify(raw)} matches no value seen in the training data`);
        plans.push({ column, kind: "categories", allowed: new Set(seen) });
        continue;
      }
      if ("in" in cond) throw new InputError(`${where}: "in" is for categorical and boolean columns; use eq or a range`);
      if ("eq" in cond) {
        if (typeof cond.eq !== "number" || !Number.isFinite(cond.eq))
          throw new InputError(`${where}: ${JSON.stringify(cond.eq)} is not a number`);
        plans.push({ column, kind: "value", value: cond.eq });
      } else plans.push({ column, kind: "range", range: cond.range });
    }
    return plans;
  }

  /** Generates n rows meeting the conditions (the first discrete one through the conditional vector, all checked). */
  generate(n: number, conditions: Conditions, rng: Random): Table {
    const plans = this.plan(conditions);
    const viaCond = plans.find((p): p is Extract<Plan, { kind: "categories" }> => p.kind === "categories");
    let condColumn = -1;
    let allowedSlots: number[] = [];
    if (viaCond) {
      const name = (this.columns[viaCond.column] as ColumnSpec).name;
      condColumn = this.layout.cond.findIndex((c) => c.column === name);
      const values = this.categoryValues(condColumn);
      allowedSlots = values.flatMap((v, k) => (viaCond.allowed.has(v) ? [k] : []));
    }
    const filters = plans.filter((p) => p.kind !== "value");
    const budget = Math.max(n, 1) * this.settings.maxRejectionAttempts;
    let kept: CellValue[][] = this.columns.map(() => []);
    // Without filters, whole chunks are kept and joined at the end.
    const chunks: CellValue[][][] = this.columns.map(() => []);
    let accepted = 0;
    let attempts = 0;
    const noise = new FastNormal(rng);
    const network = this.generator.inference();
    const { embeddingDim } = this.settings;
    const { condWidth } = this.layout;
    const inputWidth = embeddingDim + condWidth;
    const activation = new SamplingActivation(this.layout);
    try {
      while (accepted < n) {
        if (attempts >= budget)
          throw new InputError(
            `conditions ${JSON.stringify(conditions)} are too rare under the trained model: ${accepted} of ${attempts} candidate rows met them ` +
              `(needed ${n}); loosen them or raise the setting maxRejectionAttempts (now ${this.settings.maxRejectionAttempts})`,
          );
        const want = n - accepted;
        const rows = Math.min(GENERATE_CHUNK, filters.length === 0 ? want : Math.max(want * 2, 64), budget - attempts);
        attempts += rows;
        const b =
          condColumn >= 0 ? this.sampler.fixed(rows, condColumn, allowedSlots, rng) : this.sampler.sample(rows, rng, "generate");
        // Each row: its noise, then its conditional vector, built in one buffer (one tensor).
        const input = new Float32Array(rows * inputWidth);
        noise.fill(input, rows, embeddingDim, inputWidth);
        for (let r = 0; r < rows; r++) {
          const to = r * inputWidth + embeddingDim;
          const from = r * condWidth;
          for (let j = 0; j < condWidth; j++) input[to + j] = b.cond[from + j] as number;
        }
        // The tensor leaves tidy and is read after: tidy walks a returned typed array element by element.
        const raw = tf.tidy(() => network.forward(tf.tensor2d(input, [rows, inputWidth])));
        const exps = tf.tidy(() => tf.exp(tf.minimum(raw, EXP_CLAMP)));
        const out = exps.dataSync() as Float32Array;
        activation.apply(out, raw.dataSync() as Float32Array, rows, rng);
        tf.dispose([raw, exps]);
        const table = this.transformer.inverse(fromGanRows(this.layout, out, this.transformer.width, rows), rows);
        const values = table.columns.map((c) => c.values);
        if (filters.length === 0) {
          const take = Math.min(rows, n - accepted);
          values.forEach((v, i) => (chunks[i] as CellValue[][]).push(take === rows ? v : v.slice(0, take)));
          accepted += take;
          continue;
        }
        for (let r = 0; r < rows && accepted < n; r++) {
          if (!filters.every((p) => meets(p, values[p.column]?.[r] ?? null))) continue;
          values.forEach((v, i) => (kept[i] as CellValue[]).push(v[r] as CellValue));
          accepted++;
        }
      }
    } finally {
      network.dispose();
    }
    if (filters.length === 0) kept = chunks.map((c) => ([] as CellValue[]).concat(...c));
    for (const p of plans) if (p.kind === "value") kept[p.column] = kept[p.column]?.map(() => p.value) ?? [];
    return { columns: this.columns.map((c, i) => ({ name: c.name, kind: c.kind, values: kept[i] as CellValue[] })) };
  }
}

function meets(p: Plan, v: CellValue): boolean {
  switch (p.kind) {
    case "null":
      return v === null;
    case "categories":
      return p.allowed.has(v);
    case "range":
      return typeof v === "number" && inRange(v, p.range);
    case "value":
      return true;
  }
}

/** Logits are clamped here before exp in float32 (e^60 ≈ 1.1e26: a block of them still sums finitely). */
const EXP_CLAMP = 60;
const CLAMPED = Math.fround(Math.exp(EXP_CLAMP));

/**
 * The output activations when generating: tanh for each mode-specific α; for each categorical
 * block, the one-hot of one draw from softmax(logits). The inverse transform reads a block by its
 * argmax, and the argmax of a Gumbel-softmax sample is distributed as softmax(logits) whatever the
 * temperature, so this samples what `activate` would, with one uniform draw per block. exp runs
 * on the backend, over the whole chunk; tanh (a few values a row) and the draws in JS, over typed
 * arrays read from the layout once: the loop runs for every value generated.
 */
class SamplingActivation {
  private readonly starts: Int32Array;
  private readonly sizes: Int32Array;
  private readonly tanh: Uint8Array;

  constructor(private readonly layout: Layout) {
    this.starts = Int32Array.from(layout.spans, (s) => s.start);
    this.sizes = Int32Array.from(layout.spans, (s) => s.size);
    this.tanh = Uint8Array.from(layout.spans, (s) => (s.activation === "tanh" ? 1 : 0));
  }

  /**
   * `data` holds exp(min(logit, 60)) of the generator's raw outputs `raw`: writes tanh(raw) over
   * each α and the one-hot of a draw over each block. A block where exp was clamped, or whose exps
   * are all tiny (float32 loses precision there), is drawn from its raw logits instead.
   */
  apply(data: Float32Array, raw: Float32Array, rows: number, rng: Random): void {
    const { starts, sizes, tanh } = this;
    const spans = starts.length;
    const width = this.layout.width;
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      for (let s = 0; s < spans; s++) {
        const start = base + (starts[s] as number);
        const size = sizes[s] as number;
        if (tanh[s] === 1) {
          for (let j = 0; j < size; j++) data[start + j] = Math.tanh(raw[start + j] as number);
          continue;
        }
        let total = 0;
        let exact = true;
        for (let j = 0; j < size; j++) {
          const e = data[start + j] as number;
          total += e;
          if (e >= CLAMPED) exact = false;
        }
        // Below 1e-30 the block's exps are near float32's subnormals, where they lose precision.
        if (!exact || !(total > 1e-30)) {
          let max = -Infinity;
          for (let j = 0; j < size; j++) max = Math.max(max, raw[start + j] as number);
          total = 0;
          for (let j = 0; j < size; j++) total += data[start + j] = Math.exp((raw[start + j] as number) - max);
        }
        let u = rng.uniform() * total;
        let pick = size - 1;
        for (let j = 0; j < size; j++) {
          u -= data[start + j] as number;
          if (u <= 0) {
            pick = j;
            break;
          }
        }
        for (let j = 0; j < size; j++) data[start + j] = j === pick ? 1 : 0;
      }
    }
  }
}
