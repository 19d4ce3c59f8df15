import * as tf from "@tensorflow/tfjs";

/**
 * The aggregation step of DP-SGD (M. Abadi, A. Chu, I. Goodfellow, H. B. McMahan, I. Mironov,
 * K. Talwar, L. Zhang, "Deep Learning with Differential Privacy", CCS 2016, Algorithm 1): each
 * row's gradient is scaled down to L2 norm at most C, the scaled gradients are summed, Gaussian
 * noise of standard deviation σ·C is added to every coordinate of the sum, and the result is
 * divided by the (expected) batch size. One row then moves the noiseless sum by at most C, which
 * is what the accountant's sampled Gaussian mechanism assumes.
 */

/**
 * Σ_i clip_C(g_i) for per-row gradients given as one [rows, …shape] tensor per variable. A row's
 * norm is taken over all variables together; its factor is C / max(‖g_i‖, C).
 */
export function clippedSum(perRow: readonly tf.Tensor[], maxGradNorm: number): tf.Tensor[] {
  return tf.tidy(() => {
    const rows = perRow[0]?.shape[0] ?? 0;
    const flat = perRow.map((g) => tf.reshape(g, [rows, -1]) as tf.Tensor2D);
    const norms = tf.sqrt(tf.addN(flat.map((g) => tf.sum(tf.square(g), 1))));
    const factors = tf.reshape(tf.div(maxGradNorm, tf.maximum(norms, maxGradNorm)), [1, rows]) as tf.Tensor2D;
    return flat.map((g, i) => tf.reshape(tf.matMul(factors, g), (perRow[i] as tf.Tensor).shape.slice(1)));
  });
}

/**
 * (sum + N(0, (σ·C)²)) / batchSize, per variable; `seeds` gives each noise tensor its own seed, so
 * a seeded run adds the same noise every time.
 */
export function noisyMean(
  sums: readonly tf.Tensor[],
  options: { noiseMultiplier: number; maxGradNorm: number; batchSize: number; seeds: () => number },
): tf.Tensor[] {
  const std = options.noiseMultiplier * options.maxGradNorm;
  return tf.tidy(() =>
    sums.map((s) => tf.div(tf.add(s, tf.randomNormal(s.shape, 0, std, "float32", options.seeds())), options.batchSize)),
  );
}
