import { InputError } from "@mesh/core";
import { BACKEND_SETTINGS, type BackendSetting } from "./backend.js";

/** Settings of the `gan` synthesizer (a CTGAN-class conditional GAN); every field is optional in a request. */
export interface GanSettings {
  /** Passes over the training rows (default 300). */
  epochs: number;
  /** Rows per step; a multiple of `pac` (default 500). */
  batchSize: number;
  /** Widths of the generator's residual blocks (default [256, 256]). */
  generatorDim: number[];
  /** Widths of the critic's hidden layers (default [256, 256]). */
  criticDim: number[];
  /** Size of the noise vector fed to the generator (default 128). */
  embeddingDim: number;
  /** Adam learning rates (default 2e-4 each; betas 0.5 and 0.9, as CTGAN). */
  generatorLr: number;
  criticLr: number;
  /** L2 weight decay added to the gradients (default 1e-6 on the generator, 0 on the critic). */
  generatorDecay: number;
  criticDecay: number;
  /** Critic steps per generator step (default 1). */
  criticSteps: number;
  /** Rows the critic judges together (packing, default 10). */
  pac: number;
  /** Weight of the gradient penalty (default 10). */
  gradientPenalty: number;
  /** Seed of every random choice when `fit` is given none (default 0). */
  seed: number | string;
  /** Stop training after this many seconds (default: no limit); the best weights so far are kept. */
  maxSeconds: number | null;
  /**
   * Early stopping on the fidelity signal, computed every `every` epochs: the mean over columns of
   * 1 − KS (numbers) or 1 − TVD (categories) between `sampleRows` generated rows and the training
   * rows. Training stops after `patience` evaluations without a gain above `minDelta`; the best
   * weights are restored. `false` turns stopping off (the signal is still computed for progress).
   */
  earlyStopping: { every: number; patience: number; minDelta: number; sampleRows: number } | false;
  /** The TensorFlow.js backend (default "auto": tfjs-node-gpu, tfjs-node, wasm, cpu). */
  backend: BackendSetting;
  /** Conditional generation gives up after this many candidate rows per requested row (default 100). */
  maxRejectionAttempts: number;
  /**
   * Differentially private training of the critic (DP-SGD, see README "Differential privacy and
   * filters"): false (default), or the noise multiplier σ, the per-row gradient clip norm C and
   * the target δ. Needs `pac` 1 (one real row per critic input) and `earlyStopping` false.
   */
  differentialPrivacy: DifferentialPrivacySettings | false;
}

export interface DifferentialPrivacySettings {
  /** σ: the Gaussian noise's standard deviation over the clip norm (> 0). */
  noiseMultiplier: number;
  /** C: each real row's gradient is clipped to this L2 norm (> 0). */
  maxGradNorm: number;
  /** The δ of the (ε, δ) guarantee, in (0, 1); below 1/rows is the usual choice. */
  delta: number;
}

export const DEFAULT_EARLY_STOPPING = { every: 5, patience: 6, minDelta: 0.002, sampleRows: 1000 };

export const DEFAULT_GAN_SETTINGS: GanSettings = {
  epochs: 300,
  batchSize: 500,
  generatorDim: [256, 256],
  criticDim: [256, 256],
  embeddingDim: 128,
  generatorLr: 2e-4,
  criticLr: 2e-4,
  generatorDecay: 1e-6,
  criticDecay: 0,
  criticSteps: 1,
  pac: 10,
  gradientPenalty: 10,
  seed: 0,
  maxSeconds: null,
  earlyStopping: { ...DEFAULT_EARLY_STOPPING },
  backend: "auto",
  maxRejectionAttempts: 100,
  differentialPrivacy: false,
};

const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isNum = (v: unknown, min: number, max: number): v is number =>
  typeof v === "number" && Number.isFinite(v) && v >= min && v <= max;

function fail(field: string, expects: string, got: unknown): never {
  throw new InputError(`gan settings: "${field}" must be ${expects}, got ${JSON.stringify(got)}`);
}

function widths(field: string, v: unknown): number[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > 8 || !v.every((x) => isInt(x, 1, 4096)))
    fail(field, "a list of 1 to 8 layer widths, each an integer from 1 to 4096", v);
  return [...(v as number[])];
}

/** Checks settings given as data (a request, a file): unknown or ill-typed fields are named in the error. */
export function parseGanSettings(input: unknown): GanSettings {
  if (input === undefined || input === null) return structuredClone(DEFAULT_GAN_SETTINGS);
  if (typeof input !== "object" || Array.isArray(input)) throw new InputError("gan settings must be an object");
  const out: GanSettings = structuredClone(DEFAULT_GAN_SETTINGS);
  for (const [key, v] of Object.entries(input as Record<string, unknown>)) {
    if (v === undefined) continue;
    switch (key) {
      case "epochs":
        if (!isInt(v, 1, 100_000)) fail(key, "an integer from 1 to 100000", v);
        out.epochs = v;
        break;
      case "batchSize":
        if (!isInt(v, 2, 1_000_000)) fail(key, "an integer from 2 to 1000000", v);
        out.batchSize = v;
        break;
      case "generatorDim":
      case "criticDim":
        out[key] = widths(key, v);
        break;
      case "embeddingDim":
        if (!isInt(v, 1, 4096)) fail(key, "an integer from 1 to 4096", v);
        out.embeddingDim = v;
        break;
      case "generatorLr":
      case "criticLr":
        if (!isNum(v, 1e-8, 1) || v <= 0) fail(key, "a number above 0 and at most 1", v);
        out[key] = v;
        break;
      case "generatorDecay":
      case "criticDecay":
        if (!isNum(v, 0, 1)) fail(key, "a number from 0 to 1", v);
        out[key] = v;
        break;
      case "criticSteps":
        if (!isInt(v, 1, 100)) fail(key, "an integer from 1 to 100", v);
        out.criticSteps = v;
        break;
      case "pac":
        if (!isInt(v, 1, 1000)) fail(key, "an integer from 1 to 1000", v);
        out.pac = v;
        break;
      case "gradientPenalty":
        if (!isNum(v, 0, 1e6)) fail(key, "a number from 0 to 1000000", v);
        out.gradientPenalty = v;
        break;
      case "seed":
        if (!(typeof v === "string" || (typeof v === "number" && Number.isFinite(v)))) fail(key, "a number or a string", v);
        out.seed = v;
        break;
      case "maxSeconds":
        if (v !== null && !isNum(v, 0.001, 1e9)) fail(key, "a number of seconds above 0, or null", v);
        out.maxSeconds = v;
        break;
      case "earlyStopping":
        out.earlyStopping = parseEarlyStopping(v);
        break;
      case "backend":
        if (!BACKEND_SETTINGS.includes(v as BackendSetting)) fail(key, `one of ${BACKEND_SETTINGS.join(", ")}`, v);
        out.backend = v as BackendSetting;
        break;
      case "maxRejectionAttempts":
        if (!isInt(v, 1, 1_000_000)) fail(key, "an integer from 1 to 1000000", v);
        out.maxRejectionAttempts = v;
        break;
      case "differentialPrivacy":
        out.differentialPrivacy = parseDifferentialPrivacy(v);
        break;
      default:
        throw new InputError(`gan settings: unknown field "${key}" (known: ${Object.keys(DEFAULT_GAN_SETTINGS).join(", ")})`);
    }
  }
  if (out.batchSize % out.pac !== 0)
    throw new InputError(`gan settings: "batchSize" (${out.batchSize}) must be a multiple of "pac" (${out.pac})`);
  if (out.differentialPrivacy) {
    // The privacy unit is one real row: its gradient is clipped alone, which needs a critic that
    // judges rows one at a time.
    if (out.pac !== 1)
      throw new InputError(
        `gan settings: "differentialPrivacy" needs "pac": 1 (each real row's gradient is clipped on its own), got pac ${out.pac}`,
      );
    // Early stopping picks the weights by scoring them against the real rows without noise,
    // which the privacy accounting does not cover.
    if (out.earlyStopping !== false)
      throw new InputError(
        `gan settings: "differentialPrivacy" needs "earlyStopping": false (it scores the generator on the real rows without noise)`,
      );
  }
  return out;
}

function parseDifferentialPrivacy(v: unknown): GanSettings["differentialPrivacy"] {
  if (v === false) return false;
  if (typeof v !== "object" || v === null || Array.isArray(v))
    fail("differentialPrivacy", "false or an object { noiseMultiplier, maxGradNorm, delta }", v);
  const x = v as Record<string, unknown>;
  for (const key of Object.keys(x))
    if (!["noiseMultiplier", "maxGradNorm", "delta"].includes(key))
      throw new InputError(
        `gan settings: unknown field "differentialPrivacy.${key}" (known: noiseMultiplier, maxGradNorm, delta)`,
      );
  const positive = (key: string): number => {
    const n = x[key];
    if (!(typeof n === "number" && Number.isFinite(n) && n > 0 && n <= 1e6))
      fail(`differentialPrivacy.${key}`, "a number above 0 and at most 1000000", n);
    return n;
  };
  const noiseMultiplier = positive("noiseMultiplier");
  const maxGradNorm = positive("maxGradNorm");
  const delta = x.delta;
  if (!(typeof delta === "number" && delta > 0 && delta < 1))
    fail("differentialPrivacy.delta", "a number between 0 and 1 (exclusive)", delta);
  return { noiseMultiplier, maxGradNorm, delta };
}

function parseEarlyStopping(v: unknown): GanSettings["earlyStopping"] {
  if (v === false) return false;
  if (v === true) return { ...DEFAULT_EARLY_STOPPING };
  if (typeof v !== "object" || v === null || Array.isArray(v))
    fail("earlyStopping", "false, true or an object { every, patience, minDelta, sampleRows }", v);
  const out = { ...DEFAULT_EARLY_STOPPING };
  for (const [key, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === undefined) continue;
    const field = `earlyStopping.${key}`;
    switch (key) {
      case "every":
      case "patience":
        if (!isInt(x, 1, 100_000)) fail(field, "an integer from 1 to 100000", x);
        out[key] = x;
        break;
      case "sampleRows":
        if (!isInt(x, 10, 1_000_000)) fail(field, "an integer from 10 to 1000000", x);
        out.sampleRows = x;
        break;
      case "minDelta":
        if (!isNum(x, 0, 1)) fail(field, "a number from 0 to 1", x);
        out.minDelta = x;
        break;
      default:
        throw new InputError(`gan settings: unknown field "${field}" (known: every, patience, minDelta, sampleRows)`);
    }
  }
  return out;
}
