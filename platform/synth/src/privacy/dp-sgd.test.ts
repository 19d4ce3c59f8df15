import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../gan/backend.js";
import { clippedSum, noisyMean } from "./dp-sgd.js";

describe("DP-SGD aggregation", () => {
  beforeAll(async () => {
    await selectBackend("wasm");
  });

  it("clips each row's gradient (over all variables) to C and sums", () => {
    // Row 0: w = [3, 0], b = [4] → norm 5, scaled by 1/5 to [0.6, 0], [0.8].
    // Row 1: w = [0.3, 0], b = [0.4] → norm 0.5 ≤ C, kept.
    // Row 2: zeros → kept (no division by zero).
    const w = tf.tensor2d([
      [3, 0],
      [0.3, 0],
      [0, 0],
    ]);
    const b = tf.tensor2d([[4], [0.4], [0]]);
    const [sw, sb] = clippedSum([w, b], 1);
    expect(sw?.shape).toEqual([2]);
    expect(sb?.shape).toEqual([1]);
    expect([...(sw?.dataSync() ?? [])].map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.9, 0]);
    expect([...(sb?.dataSync() ?? [])].map((x) => Math.round(x * 1e6) / 1e6)).toEqual([1.2]);
    for (const t of [w, b, sw, sb]) t?.dispose();
  });

  it("adds seeded Gaussian noise of standard deviation σ·C and divides by the batch size", () => {
    const sums = [tf.fill([200, 500], 10)];
    let seed = 0;
    const opts = { noiseMultiplier: 1.5, maxGradNorm: 2, batchSize: 5 };
    const [a] = noisyMean(sums, { ...opts, seeds: () => ++seed });
    const values = a?.dataSync() as Float32Array;
    const mean = values.reduce((s, x) => s + x, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
    // (10 + N(0, 3²)) / 5: mean 2, sd 0.6; 100,000 draws put both within 1 %.
    expect(mean).toBeGreaterThan(2 - 0.01);
    expect(mean).toBeLessThan(2 + 0.01);
    expect(sd).toBeGreaterThan(0.6 * 0.99);
    expect(sd).toBeLessThan(0.6 * 1.01);
    seed = 0;
    const [again] = noisyMean(sums, { ...opts, seeds: () => ++seed });
    expect(again?.dataSync()).toEqual(values);
    for (const t of [...sums, a, again]) t?.dispose();
  });
});
