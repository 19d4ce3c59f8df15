/**
 * A one-dimensional Gaussian mixture fitted by expectation–maximisation, for mode-specific
 * normalisation. CTGAN fits a variational Bayesian GMM (its Dirichlet prior switches unneeded
 * components off); plain EM does not switch components off, so here the number of components
 * is chosen by BIC over k = 1..maxComponents, and components whose weight falls below
 * `weightThreshold` are then pruned (and the rest refitted), as CTGAN prunes its modes.
 */
export interface GaussianMixture {
  weights: number[];
  means: number[];
  stds: number[];
}

export interface GaussianMixtureOptions {
  /** Most modes to consider (CTGAN: 10). */
  maxComponents?: number;
  /** Components lighter than this are dropped (CTGAN: 0.005). */
  weightThreshold?: number;
  maxIterations?: number;
  /** Stop when the mean log-likelihood improves by less than this. */
  tolerance?: number;
  /** EM runs on at most this many values (an evenly spaced subsample of the sorted values). */
  maxSamples?: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function logSumExp(xs: Float64Array, k: number): number {
  let m = -Infinity;
  for (let j = 0; j < k; j++) if ((xs[j] as number) > m) m = xs[j] as number;
  if (m === -Infinity) return m;
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp((xs[j] as number) - m);
  return m + Math.log(s);
}

/** EM from the given start; returns the fitted mixture (standardised units) and its total log-likelihood. */
function em(
  x: Float64Array,
  start: GaussianMixture,
  maxIterations: number,
  tolerance: number,
  varFloor: number,
): { mix: GaussianMixture; logLik: number } {
  const n = x.length;
  const k = start.means.length;
  const w = Float64Array.from(start.weights);
  const mu = Float64Array.from(start.means);
  const v = Float64Array.from(start.stds.map((s) => s * s));
  const resp = new Float64Array(n * k);
  const lp = new Float64Array(k);
  let prev = -Infinity;
  let logLik = -Infinity;
  for (let it = 0; it < maxIterations; it++) {
    // E step
    logLik = 0;
    const logW = Array.from(w, (a) => Math.log(a));
    const logNorm = Array.from(v, (a) => -0.5 * Math.log(a) - LOG_SQRT_2PI);
    for (let i = 0; i < n; i++) {
      const xi = x[i] as number;
      for (let j = 0; j < k; j++) {
        const d = xi - (mu[j] as number);
        lp[j] = (logW[j] as number) + (logNorm[j] as number) - (0.5 * d * d) / (v[j] as number);
      }
      const lse = logSumExp(lp, k);
      logLik += lse;
      for (let j = 0; j < k; j++) resp[i * k + j] = Math.exp((lp[j] as number) - lse);
    }
    // M step
    for (let j = 0; j < k; j++) {
      let nk = 0;
      let sx = 0;
      for (let i = 0; i < n; i++) {
        const r = resp[i * k + j] as number;
        nk += r;
        sx += r * (x[i] as number);
      }
      const m = nk > 0 ? sx / nk : (mu[j] as number);
      let sv = 0;
      for (let i = 0; i < n; i++) {
        const d = (x[i] as number) - m;
        sv += (resp[i * k + j] as number) * d * d;
      }
      w[j] = Math.max(nk / n, 1e-12);
      mu[j] = m;
      v[j] = Math.max(nk > 0 ? sv / nk : varFloor, varFloor);
    }
    if (logLik - prev < tolerance * n) break;
    prev = logLik;
  }
  const total = Array.from(w).reduce((a, b) => a + b, 0);
  return { mix: { weights: Array.from(w, (a) => a / total), means: Array.from(mu), stds: Array.from(v, Math.sqrt) }, logLik };
}

function quantileStart(sorted: Float64Array, k: number): GaussianMixture {
  const n = sorted.length;
  const means: number[] = [];
  for (let j = 0; j < k; j++) means.push(sorted[Math.min(n - 1, Math.floor(((j + 0.5) / k) * n))] as number);
  return { weights: means.map(() => 1 / k), means, stds: means.map(() => 1 / k) };
}

/** Fits a mixture to `values` (finite numbers, at least one). Deterministic: no random start. */
export function fitGaussianMixture(values: readonly number[], options: GaussianMixtureOptions = {}): GaussianMixture {
  const maxComponents = options.maxComponents ?? 10;
  const threshold = options.weightThreshold ?? 0.005;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const maxSamples = options.maxSamples ?? 20_000;
  const all = Float64Array.from(values).sort();
  const n0 = all.length;
  if (n0 === 0) return { weights: [1], means: [0], stds: [1] };
  let mean = 0;
  for (const a of all) mean += a;
  mean /= n0;
  let sd = 0;
  for (const a of all) sd += (a - mean) ** 2;
  sd = Math.sqrt(sd / n0);
  if (!(sd > 0)) return { weights: [1], means: [mean], stds: [Math.max(Math.abs(mean) * 1e-6, 1e-6)] };
  // Standardise, subsample evenly over the sorted values.
  const m = Math.min(n0, maxSamples);
  const x = new Float64Array(m);
  for (let i = 0; i < m; i++) x[i] = ((all[Math.floor(((i + 0.5) * n0) / m)] as number) - mean) / sd;
  const varFloor = 1e-6;
  const distinct = new Set(x).size;
  const kMax = Math.max(1, Math.min(maxComponents, distinct));

  let best: { mix: GaussianMixture; bic: number } | null = null;
  let worse = 0;
  for (let k = 1; k <= kMax; k++) {
    const { mix, logLik } = em(x, quantileStart(x, k), maxIterations, tolerance, varFloor);
    const bic = -2 * logLik + (3 * k - 1) * Math.log(m);
    if (!best || bic < best.bic) {
      best = { mix, bic };
      worse = 0;
    } else if (++worse >= 2) break;
  }
  let mix = (best as { mix: GaussianMixture }).mix;
  // Prune light components and refit the rest until none is below the threshold.
  for (let round = 0; round < maxComponents; round++) {
    const keep = mix.weights.map((w, j) => (w >= threshold ? j : -1)).filter((j) => j >= 0);
    if (keep.length === mix.weights.length || keep.length === 0) break;
    const start = {
      weights: keep.map((j) => mix.weights[j] as number),
      means: keep.map((j) => mix.means[j] as number),
      stds: keep.map((j) => mix.stds[j] as number),
    };
    mix = em(x, start, maxIterations, tolerance, varFloor).mix;
  }
  // Back to the original units, modes in increasing order of their mean.
  const order = mix.means.map((_, j) => j).sort((a, b) => (mix.means[a] as number) - (mix.means[b] as number));
  return {
    weights: order.map((j) => mix.weights[j] as number),
    means: order.map((j) => (mix.means[j] as number) * sd + mean),
    stds: order.map((j) => (mix.stds[j] as number) * sd),
  };
}

/** The index of the most probable component for x (posterior argmax). */
export function mostProbableComponent(mix: GaussianMixture, x: number): number {
  let best = 0;
  let bestLp = -Infinity;
  for (let j = 0; j < mix.means.length; j++) {
    const s = mix.stds[j] as number;
    const d = (x - (mix.means[j] as number)) / s;
    const lp = Math.log(mix.weights[j] as number) - Math.log(s) - 0.5 * d * d;
    if (lp > bestLp) {
      bestLp = lp;
      best = j;
    }
  }
  return best;
}
