import { InputError } from "@mesh/core";

/**
 * Privacy accounting for DP-SGD: Rényi differential privacy (RDP) of the sampled Gaussian
 * mechanism, composed over the steps of a run and converted to an (ε, δ) guarantee.
 *
 * Sources (formulas only; the code is ours):
 *
 * - RDP and its composition: I. Mironov, "Rényi Differential Privacy", CSF 2017. Running T
 *   mechanisms that are each (α, ρ(α))-RDP is (α, T·ρ(α))-RDP.
 * - The sampled Gaussian mechanism (each row in a step's batch independently with probability
 *   q, Gaussian noise of standard deviation σ·C on a sum whose per-row contribution is clipped
 *   to norm C): I. Mironov, K. Talwar, L. Zhang, "Rényi Differential Privacy of the Sampled
 *   Gaussian Mechanism", arXiv:1908.10530 (2019), Section 3.3. For an integer order α ≥ 2,
 *
 *       A_α = Σ_{k=0..α} C(α, k) · (1 − q)^(α−k) · q^k · exp((k² − k) / (2σ²)),
 *       ρ(α) = log(A_α) / (α − 1),
 *
 *   exact (no bound is involved for integer orders), for the add-or-remove-one-row neighbour
 *   relation. At q = 1 only k = α remains and ρ(α) = α / (2σ²), the plain Gaussian mechanism.
 * - RDP → (ε, δ): B. Balle, G. Barthe, M. Gaboardi, J. Hsu, T. Sato, "Hypothesis Testing
 *   Interpretations and Rényi Differential Privacy", AISTATS 2020, Theorem 21:
 *
 *       ε = min over α of  ρ_T(α) + log((α − 1) / α) − (log δ + log α) / (α − 1).
 *
 *   It is never worse than the classic conversion of Mironov 2017, Proposition 3
 *   (ε = ρ_T(α) + log(1/δ) / (α − 1)); `classicEpsilon` keeps that one for comparison.
 */

/** The integer orders we evaluate: 2 to 64 one by one, then a few large ones for small-ε runs. */
export const DEFAULT_ORDERS: readonly number[] = [...Array.from({ length: 63 }, (_, i) => i + 2), 80, 96, 128, 256, 512];

export const ACCOUNTANT_NAME = "rdp-sampled-gaussian" as const;

export interface PrivacySpent {
  epsilon: number;
  delta: number;
  accountant: typeof ACCOUNTANT_NAME;
  /** The orders evaluated. */
  orders: number[];
  /** The order that gave the smallest ε. */
  order: number;
  steps: number;
  samplingRate: number;
  noiseMultiplier: number;
}

export interface PrivacyPlanInput {
  /** Training rows (the privacy unit is one row). */
  rows: number;
  batchSize: number;
  epochs: number;
  /** Critic updates per generator update: each one reads a fresh batch of real rows. */
  criticSteps: number;
  /** σ: the noise's standard deviation over the clip norm. */
  noiseMultiplier: number;
  delta: number;
}

/** log(e^a + e^b) without overflow. */
function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** ρ(α) of one step of the sampled Gaussian mechanism, integer α ≥ 2 (Mironov et al. 2019, §3.3). */
export function sampledGaussianRdp(q: number, sigma: number, alpha: number): number {
  if (!Number.isInteger(alpha) || alpha < 2) throw new RangeError(`RDP order must be an integer ≥ 2, got ${alpha}`);
  if (q === 0) return 0;
  if (q === 1) return alpha / (2 * sigma * sigma);
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  let logBinom = 0; // log C(α, 0)
  let logA = -Infinity;
  for (let k = 0; k <= alpha; k++) {
    if (k > 0) logBinom += Math.log(alpha - k + 1) - Math.log(k);
    logA = logAdd(logA, logBinom + k * logQ + (alpha - k) * log1mQ + (k * k - k) / (2 * sigma * sigma));
  }
  return logA / (alpha - 1);
}

/** ε from a total RDP curve by Balle et al. 2020, Theorem 21 (see the file's header). */
function balleEpsilon(rdp: number, alpha: number, delta: number): number {
  return rdp + Math.log((alpha - 1) / alpha) - (Math.log(delta) + Math.log(alpha)) / (alpha - 1);
}

/** ε by the classic conversion (Mironov 2017, Proposition 3), for comparison only. */
export function classicEpsilon(rdp: number, alpha: number, delta: number): number {
  return rdp + Math.log(1 / delta) / (alpha - 1);
}

function check(field: string, ok: boolean, expects: string, got: unknown): void {
  if (!ok) throw new InputError(`privacy plan: "${field}" must be ${expects}, got ${JSON.stringify(got)}`);
}

/**
 * (ε, δ) after `steps` steps of the sampled Gaussian mechanism at sampling rate q and noise
 * multiplier σ: the smallest ε over `orders`.
 */
export function privacySpent(input: {
  samplingRate: number;
  steps: number;
  noiseMultiplier: number;
  delta: number;
  orders?: readonly number[];
}): PrivacySpent {
  const { samplingRate: q, steps, noiseMultiplier: sigma, delta } = input;
  const orders = [...(input.orders ?? DEFAULT_ORDERS)];
  check("samplingRate", Number.isFinite(q) && q > 0 && q <= 1, "a number above 0 and at most 1", q);
  check("steps", Number.isInteger(steps) && steps >= 0, "a whole number ≥ 0", steps);
  check("noiseMultiplier", Number.isFinite(sigma) && sigma > 0, "a number above 0", sigma);
  check("delta", Number.isFinite(delta) && delta > 0 && delta < 1, "a number between 0 and 1 (exclusive)", delta);
  check("orders", orders.length > 0 && orders.every((a) => Number.isInteger(a) && a >= 2), "integers ≥ 2", orders);
  let epsilon = Infinity;
  let order = orders[0] as number;
  for (const alpha of orders) {
    const eps = balleEpsilon(steps * sampledGaussianRdp(q, sigma, alpha), alpha, delta);
    if (eps < epsilon) {
      epsilon = eps;
      order = alpha;
    }
  }
  // With no step taken nothing was released (the conversion alone would still give a small ε).
  // ε < 0 can come out of the conversion for a large δ; it means no loss at all.
  epsilon = steps === 0 ? 0 : Math.max(0, epsilon);
  return { epsilon, delta, accountant: ACCOUNTANT_NAME, orders, order, steps, samplingRate: q, noiseMultiplier: sigma };
}

/**
 * The privacy a DP run of the `gan` synthesizer would spend if it ran all its epochs, worked out
 * before training so that a caller can refuse it. Steps are counted as the trainer counts them:
 * ⌊rows / batchSize⌋ steps per epoch (at least 1), each with `criticSteps` critic updates; every
 * critic update draws each real row independently with probability q = batchSize / rows.
 */
export function planPrivacy(input: PrivacyPlanInput & { orders?: readonly number[] }): PrivacySpent {
  const { rows, batchSize, epochs, criticSteps } = input;
  check("rows", Number.isInteger(rows) && rows >= 1, "a whole number ≥ 1", rows);
  check("batchSize", Number.isInteger(batchSize) && batchSize >= 1, "a whole number ≥ 1", batchSize);
  check("epochs", Number.isInteger(epochs) && epochs >= 1, "a whole number ≥ 1", epochs);
  check("criticSteps", Number.isInteger(criticSteps) && criticSteps >= 1, "a whole number ≥ 1", criticSteps);
  return privacySpent({
    samplingRate: Math.min(1, batchSize / rows),
    steps: epochs * criticStepsPerEpoch(rows, batchSize, criticSteps),
    noiseMultiplier: input.noiseMultiplier,
    delta: input.delta,
    orders: input.orders,
  });
}

/** Critic updates per epoch of the GAN trainer (shared with it so plan and record agree). */
export function criticStepsPerEpoch(rows: number, batchSize: number, criticSteps: number): number {
  return Math.max(1, Math.floor(rows / batchSize)) * criticSteps;
}

/** Throws an InputError naming both figures when a plan would spend more than `maxEpsilon`. */
export function assertWithinBudget(plan: Pick<PrivacySpent, "epsilon" | "delta">, maxEpsilon: number): void {
  if (!(typeof maxEpsilon === "number" && maxEpsilon > 0))
    throw new InputError(`privacy budget: maxEpsilon must be a number above 0, got ${JSON.stringify(maxEpsilon)}`);
  if (!(plan.epsilon <= maxEpsilon))
    throw new InputError(
      `privacy budget exceeded: the run would spend ε = ${round(plan.epsilon)} (δ = ${plan.delta}), above the budget ε = ${maxEpsilon}; ` +
        "raise noiseMultiplier, or lower epochs or batchSize",
    );
}

function round(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 1000) / 1000) : String(x);
}
