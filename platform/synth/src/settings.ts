import { InputError } from "@mesh/core";

export interface GaussianCopulaSettings {
  /** Shrinkage towards the identity that keeps the correlation matrix positive definite (default 1e-6, raised ×10 until Cholesky succeeds). */
  ridge: number;
  /** Most knots kept per empirical marginal (default 1000). */
  maxQuantiles: number;
  /** Conditional generation gives up after this many candidate rows per requested row (default 100). */
  maxRejectionAttempts: number;
  /**
   * A categorical or boolean column of the model: fitting makes a mixture with one copula per
   * value of it (checked against the model when fitting). Absent: one copula for the whole table.
   */
  stratifyBy?: string;
  /** With `stratifyBy`: values with fewer training rows share one pooled copula (default 30). */
  minStratumRows?: number;
}

export const DEFAULT_MIN_STRATUM_ROWS = 30;

export const DEFAULT_COPULA_SETTINGS: GaussianCopulaSettings = { ridge: 1e-6, maxQuantiles: 1000, maxRejectionAttempts: 100 };

type Rule = { check: (v: unknown) => boolean; expects: string };
const number = (min: number, max = Infinity): Rule => ({
  check: (v) => typeof v === "number" && Number.isFinite(v) && v >= min && v <= max,
  expects: `a number from ${min}${max === Infinity ? "" : ` to ${max}`}`,
});
const integer = (min: number): Rule => ({
  check: (v) => Number.isInteger(v) && (v as number) >= min,
  expects: `an integer ≥ ${min}`,
});

const COPULA_RULES: Record<keyof GaussianCopulaSettings, Rule> = {
  ridge: number(0, 1),
  maxQuantiles: integer(2),
  maxRejectionAttempts: integer(1),
  stratifyBy: { check: (v) => typeof v === "string" && v !== "", expects: "a column name (a non-empty string)" },
  // A stratum of one row would replay that row: each stratum's copula needs at least two.
  minStratumRows: integer(2),
};

/** Checks settings given as data (a request, a file): unknown or ill-typed fields are named in the error. */
export function parseGaussianCopulaSettings(input: unknown): GaussianCopulaSettings {
  if (input === undefined || input === null) return { ...DEFAULT_COPULA_SETTINGS };
  if (typeof input !== "object" || Array.isArray(input)) throw new InputError("gaussian-copula settings must be an object");
  const out: GaussianCopulaSettings = { ...DEFAULT_COPULA_SETTINGS };
  for (const [key, value] of Object.entries(input)) {
    if (!(key in COPULA_RULES)) {
      throw new InputError(`gaussian-copula settings: unknown field "${key}" (known: ${Object.keys(COPULA_RULES).join(", ")})`);
    }
    if (value === undefined) continue;
    const rule = COPULA_RULES[key as keyof GaussianCopulaSettings];
    if (!rule.check(value))
      throw new InputError(`gaussian-copula settings: "${key}" must be ${rule.expects}, got ${JSON.stringify(value)}`);
    (out as unknown as Record<string, unknown>)[key] = value;
  }
  // The stratification fields appear only when stratifying, so unstratified settings and their checkpoints stay as they were.
  if (out.minStratumRows !== undefined && out.stratifyBy === undefined)
    throw new InputError('gaussian-copula settings: "minStratumRows" applies only with "stratifyBy"');
  if (out.stratifyBy !== undefined) out.minStratumRows ??= DEFAULT_MIN_STRATUM_ROWS;
  return out;
}

export { type GanSettings, DEFAULT_GAN_SETTINGS, parseGanSettings } from "./gan/settings.js";
