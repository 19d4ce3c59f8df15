import { describe, expect, it } from "vitest";
import {
  assertWithinBudget,
  classicEpsilon,
  criticStepsPerEpoch,
  DEFAULT_ORDERS,
  planPrivacy,
  privacySpent,
  sampledGaussianRdp,
} from "./accountant.js";

const LOG_1E5 = Math.log(1e5); // 11.512925…

describe("sampledGaussianRdp", () => {
  it("is the plain Gaussian mechanism's α/(2σ²) at q = 1, and 0 at q = 0", () => {
    expect(sampledGaussianRdp(1, 2, 3)).toBe(3 / 8);
    expect(sampledGaussianRdp(1, 0.5, 10)).toBe(20);
    expect(sampledGaussianRdp(0, 1, 10)).toBe(0);
  });

  it("matches the binomial sum worked out by hand at α = 2", () => {
    // A_2 = (1−q)² + 2q(1−q) + q²·e^(1/σ²) = 1 + q²(e^(1/σ²) − 1); ρ(2) = log A_2.
    // q = 0.1, σ = 1: 1 + 0.01 · 1.718281828… = 1.01718281828…, log = 0.0170370…
    expect(sampledGaussianRdp(0.1, 1, 2)).toBeCloseTo(Math.log(1 + 0.01 * (Math.E - 1)), 14);
    expect(sampledGaussianRdp(0.1, 1, 2)).toBeCloseTo(0.017037, 6);
  });

  it("never exceeds the unsampled mechanism and grows with q and with 1/σ", () => {
    for (const alpha of [2, 5, 32, 256]) {
      const full = sampledGaussianRdp(1, 1.5, alpha);
      let last = 0;
      for (const q of [0.001, 0.01, 0.1, 0.5, 0.9, 1]) {
        const r = sampledGaussianRdp(q, 1.5, alpha);
        expect(r).toBeGreaterThan(last);
        expect(r).toBeLessThanOrEqual(full * (1 + 1e-12));
        last = r;
      }
      expect(sampledGaussianRdp(0.01, 0.8, alpha)).toBeGreaterThan(sampledGaussianRdp(0.01, 1.6, alpha));
    }
  });
});

describe("privacySpent", () => {
  it("q = 1, one step: ε worked out by hand (Balle et al. 2020, Theorem 21)", () => {
    // σ = 10, δ = 1e-5: ε(α) = α/200 + log((α−1)/α) − (log δ + log α)/(α − 1).
    // α = 41: 0.205 − 0.0246926 + (11.5129255 − 3.7135721)/40 = 0.205 − 0.0246926 + 0.1949838 = 0.3752912;
    // α = 40 gives 0.3752929 and α = 42 gives 0.3753035, so 41 is the best order.
    const a = privacySpent({ samplingRate: 1, steps: 1, noiseMultiplier: 10, delta: 1e-5 });
    expect(a.order).toBe(41);
    expect(a.epsilon).toBeCloseTo(0.3752912, 6);
    // σ = 2: α = 10: 10/8 + log(0.9) + (11.5129255 − 2.3025851)/9 = 1.25 − 0.1053605 + 1.0233712 = 2.1680107.
    const b = privacySpent({ samplingRate: 1, steps: 1, noiseMultiplier: 2, delta: 1e-5 });
    expect(b.order).toBe(10);
    expect(b.epsilon).toBeCloseTo(2.1680107, 6);
  });

  it("q = 1: the classic conversion by hand (Mironov 2017, Proposition 3) is looser", () => {
    // σ = 10: ε(α) = α/200 + log(1e5)/(α − 1); α = 49: 0.245 + 11.5129255/48 = 0.4848526 (α = 48, 50: 0.48496).
    const classic = Math.min(...DEFAULT_ORDERS.map((a) => classicEpsilon(sampledGaussianRdp(1, 10, a), a, 1e-5)));
    expect(classic).toBeCloseTo(0.245 + LOG_1E5 / 48, 10);
    expect(privacySpent({ samplingRate: 1, steps: 1, noiseMultiplier: 10, delta: 1e-5 }).epsilon).toBeLessThan(classic);
  });

  it("q = 1: T steps at σ equal one step at σ/√T (Gaussian composition)", () => {
    const four = privacySpent({ samplingRate: 1, steps: 4, noiseMultiplier: 2, delta: 1e-6 });
    const one = privacySpent({ samplingRate: 1, steps: 1, noiseMultiplier: 1, delta: 1e-6 });
    expect(four.epsilon).toBeCloseTo(one.epsilon, 12);
    expect(four.order).toBe(one.order);
  });

  it("reproduces published figures of Opacus's compute_dp_sgd_privacy script", () => {
    // Opacus, opacus/scripts/compute_dp_sgd_privacy.py (docstring example): sampling rate 1 %,
    // noise multiplier 1.0, 3 epochs = 300 steps, orders 2 5 10 20 100, δ = 1e-5 → "epsilon = 2.39 …
    // The optimal alpha is 5.0" (Balle et al.'s conversion, as ours).
    const a = privacySpent({ samplingRate: 0.01, steps: 300, noiseMultiplier: 1, delta: 1e-5, orders: [2, 5, 10, 20, 100] });
    expect(a.order).toBe(5);
    expect(Math.round(a.epsilon * 100) / 100).toBe(2.39);
    // The Opacus documentation page of the same script (an older version, classic conversion):
    // 60,000 rows, batch 256, noise 1.12, 60 epochs (60 × ⌈60000/256⌉ = 14,100 steps), orders 10 20 100,
    // δ = 1e-5 → (2.95, 1e-5). Our RDP curve through the classic conversion gives the same figure.
    const q = 256 / 60000;
    const classic = Math.min(...[10, 20, 100].map((o) => classicEpsilon(14_100 * sampledGaussianRdp(q, 1.12, o), o, 1e-5)));
    expect(Math.round(classic * 100) / 100).toBe(2.95);
  });

  it("grows with steps and q, shrinks with σ and δ; zero steps spend nothing", () => {
    const base = { samplingRate: 0.02, steps: 500, noiseMultiplier: 1.2, delta: 1e-5 };
    const eps = (o: Partial<typeof base>) => privacySpent({ ...base, ...o }).epsilon;
    expect(eps({ steps: 1000 })).toBeGreaterThan(eps({}));
    expect(eps({ steps: 250 })).toBeLessThan(eps({}));
    expect(eps({ samplingRate: 0.04 })).toBeGreaterThan(eps({}));
    expect(eps({ noiseMultiplier: 2 })).toBeLessThan(eps({}));
    expect(eps({ delta: 1e-8 })).toBeGreaterThan(eps({}));
    expect(eps({ steps: 0 })).toBe(0);
  });

  it("refuses ill-formed input, naming the field", () => {
    const base = { samplingRate: 0.02, steps: 5, noiseMultiplier: 1, delta: 1e-5 };
    expect(() => privacySpent({ ...base, delta: 1 })).toThrow(
      'privacy plan: "delta" must be a number between 0 and 1 (exclusive), got 1',
    );
    expect(() => privacySpent({ ...base, noiseMultiplier: 0 })).toThrow('"noiseMultiplier" must be a number above 0, got 0');
    expect(() => privacySpent({ ...base, samplingRate: 1.5 })).toThrow('"samplingRate"');
    expect(() => privacySpent({ ...base, orders: [1.5] })).toThrow('"orders" must be integers ≥ 2');
  });
});

describe("planPrivacy and assertWithinBudget", () => {
  it("counts steps as the trainer does and reports the plan", () => {
    // 1,000 rows, batch 100: 10 steps per epoch × 2 critic steps × 30 epochs = 600 steps at q = 0.1.
    const plan = planPrivacy({ rows: 1000, batchSize: 100, epochs: 30, criticSteps: 2, noiseMultiplier: 1.5, delta: 1e-5 });
    expect(plan).toMatchObject({
      accountant: "rdp-sampled-gaussian",
      steps: 600,
      samplingRate: 0.1,
      delta: 1e-5,
      noiseMultiplier: 1.5,
    });
    expect(plan.orders).toEqual(DEFAULT_ORDERS);
    expect(plan.epsilon).toBe(privacySpent({ samplingRate: 0.1, steps: 600, noiseMultiplier: 1.5, delta: 1e-5 }).epsilon);
    expect(criticStepsPerEpoch(50, 100, 1)).toBe(1); // a batch larger than the table: one step, q capped at 1
    expect(
      planPrivacy({ rows: 50, batchSize: 100, epochs: 1, criticSteps: 1, noiseMultiplier: 1, delta: 1e-5 }).samplingRate,
    ).toBe(1);
    expect(() => planPrivacy({ rows: 0, batchSize: 1, epochs: 1, criticSteps: 1, noiseMultiplier: 1, delta: 1e-5 })).toThrow(
      '"rows" must be a whole number ≥ 1, got 0',
    );
  });

  it("refuses a plan above the budget, naming both figures", () => {
    const loose = planPrivacy({ rows: 500, batchSize: 100, epochs: 200, criticSteps: 1, noiseMultiplier: 0.3, delta: 1e-5 });
    expect(loose.epsilon).toBeGreaterThan(100);
    expect(() => assertWithinBudget(loose, 3)).toThrow(
      new RegExp(
        `^privacy budget exceeded: the run would spend ε = ${Math.round(loose.epsilon * 1000) / 1000} \\(δ = 0.00001\\), above the budget ε = 3;`,
      ),
    );
    const tight = planPrivacy({ rows: 10_000, batchSize: 100, epochs: 1, criticSteps: 1, noiseMultiplier: 2, delta: 1e-5 });
    expect(tight.epsilon).toBeLessThan(1);
    expect(() => assertWithinBudget(tight, 1)).not.toThrow();
    expect(() => assertWithinBudget(tight, 0)).toThrow("maxEpsilon must be a number above 0, got 0");
  });
});
