import { describe, expect, it } from "vitest";
import { fitGaussianMixture, mostProbableComponent } from "./gmm.js";
import { Random } from "./random.js";

describe("fitGaussianMixture", () => {
  it("finds the two modes of a clearly bimodal sample", () => {
    const rng = new Random(7);
    const xs = Array.from({ length: 4000 }, (_, i) => (i % 10 < 4 ? -5 + rng.normal() : 8 + 1.5 * rng.normal()));
    const mix = fitGaussianMixture(xs);
    expect(mix.means).toHaveLength(2);
    expect(mix.means[0]).toBeCloseTo(-5, 0);
    expect(mix.means[1]).toBeCloseTo(8, 0);
    expect(mix.stds[0]).toBeGreaterThan(0.85);
    expect(mix.stds[0]).toBeLessThan(1.15);
    expect(mix.stds[1]).toBeGreaterThan(1.3);
    expect(mix.stds[1]).toBeLessThan(1.7);
    expect(mix.weights[0]).toBeCloseTo(0.4, 1);
    expect(mostProbableComponent(mix, -4)).toBe(0);
    expect(mostProbableComponent(mix, 7)).toBe(1);
  });

  it("keeps one mode for a unimodal sample and handles a constant column", () => {
    const rng = new Random(3);
    expect(fitGaussianMixture(Array.from({ length: 3000 }, () => 10 + 2 * rng.normal())).means).toHaveLength(1);
    const constant = fitGaussianMixture([4, 4, 4]);
    expect(constant.means).toEqual([4]);
    expect(constant.stds[0]).toBeGreaterThan(0);
  });

  it("prunes modes lighter than the threshold", () => {
    const rng = new Random(5);
    const xs = Array.from({ length: 5000 }, (_, i) => (i < 10 ? 100 + rng.normal() : rng.normal()));
    const mix = fitGaussianMixture(xs, { weightThreshold: 0.005 });
    expect(mix.weights.every((w) => w >= 0.005)).toBe(true);
    expect(mix.means.every((m) => m < 50)).toBe(true);
  });
});
