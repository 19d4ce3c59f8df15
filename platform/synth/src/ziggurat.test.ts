import { describe, expect, it } from "vitest";
import { normalCdf } from "./normal.js";
import { Random } from "./random.js";
import { FastNormal } from "./ziggurat.js";

const draws = (seed: string, n: number) => {
  const source = new FastNormal(new Random(seed));
  return Float64Array.from({ length: n }, () => source.normal());
};

describe("FastNormal (ziggurat)", () => {
  const n = 200_000;
  const xs = draws("zig", n);

  it("draws a standard normal: mean, variance and the Kolmogorov–Smirnov distance to Φ", () => {
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
    const sorted = [...xs].sort((a, b) => a - b);
    let ks = 0;
    sorted.forEach((x, i) => {
      const cdf = normalCdf(x);
      ks = Math.max(ks, Math.abs(cdf - i / n), Math.abs(cdf - (i + 1) / n));
    });
    // Standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032; KS at α = 0.001 is 1.95/√n ≈ 0.0044.
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.015);
    expect(ks).toBeLessThan(0.0044);
  });

  it("reaches the tail beyond the base layer (r = 3.4426) as often as the normal does", () => {
    const tail = xs.filter((x) => Math.abs(x) > 3.442619855899).length;
    const expected = 2 * (1 - normalCdf(3.442619855899)) * n; // ≈ 115
    expect(tail).toBeGreaterThan(expected * 0.6);
    expect(tail).toBeLessThan(expected * 1.4);
    expect(xs.filter((x) => x > 3.442619855899).length).toBeGreaterThan(0);
    expect(xs.filter((x) => x < -3.442619855899).length).toBeGreaterThan(0);
  });

  it("gives the same draws for the same seed and others for another", () => {
    expect(draws("zig", 1000)).toEqual(xs.subarray(0, 1000));
    expect(draws("other", 1000)).not.toEqual(xs.subarray(0, 1000));
  });

  it("fills rows of a wider buffer, leaving the other columns alone", () => {
    const out = new Float32Array(3 * 5).fill(7);
    new FastNormal(new Random("fill")).fill(out, 3, 2, 5, 1);
    const expected = draws("fill", 6);
    expect([...out]).toEqual(
      [7, expected[0], expected[1], 7, 7, 7, expected[2], expected[3], 7, 7, 7, expected[4], expected[5], 7, 7].map((v) =>
        Math.fround(v!),
      ),
    );
  });
});
