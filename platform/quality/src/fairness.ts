import { type CellValue, type Table, column } from "@mesh/core";
import { type ModelFamily, type UtilityRun } from "./utility.js";
import { categoryKey } from "./values.js";

/**
 * Group fairness per sensitive attribute, with fairlearn's definitions (fairlearn.org,
 * `demographic_parity_difference`, `equalized_odds_difference`): groups are the attribute's
 * values (null is a group; values compared exactly, so bin a numerical attribute first).
 */

export interface GroupShare {
  group: CellValue;
  real: number;
  synthetic: number;
}

/**
 * Each group's share of the rows in `real` and in `synthetic`, groups in key order, and the
 * largest absolute gap; a table without rows gives shares of 0 (and a gap of 0 if both are empty).
 */
export function groupShares(real: Table, synthetic: Table, attribute: string): { groups: GroupShare[]; maxGap: number } {
  const r = column(real, attribute).values;
  const s = column(synthetic, attribute).values;
  const byKey = new Map<string, { group: CellValue; real: number; synthetic: number }>();
  const add = (values: CellValue[], side: "real" | "synthetic"): void => {
    for (const v of values) {
      const key = categoryKey(v);
      const entry = byKey.get(key) ?? { group: v, real: 0, synthetic: 0 };
      entry[side] += 1;
      byKey.set(key, entry);
    }
  };
  add(r, "real");
  add(s, "synthetic");
  for (const g of byKey.values()) {
    g.real = r.length === 0 ? 0 : g.real / r.length;
    g.synthetic = s.length === 0 ? 0 : g.synthetic / s.length;
  }
  const groups = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  return { groups, maxGap: groups.reduce((m, g) => Math.max(m, Math.abs(g.real - g.synthetic)), 0) };
}

export interface GroupRates {
  group: CellValue;
  rows: number;
  /** Share of the group's rows predicted positive. */
  selectionRate: number;
  /** True-positive rate; null when the group has no positive row. */
  truePositiveRate: number | null;
  /** False-positive rate; null when the group has no negative row. */
  falsePositiveRate: number | null;
}

export interface ModelFairness {
  groups: GroupRates[];
  /** max − min over groups of the selection rate. */
  demographicParityDifference: number | null;
  /** max(TPR difference, FPR difference), each max − min over the groups where the rate is defined. */
  equalizedOddsDifference: number | null;
}

/**
 * Group rates and fairlearn's differences of binary predictions (`positive` the positive class
 * index) against the truth, grouped by `groups` (one key per row). A group where a rate is
 * undefined is left out of that rate's difference; a difference over no group is null.
 */
export function modelFairness(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  positive: number,
  groups: readonly CellValue[],
): ModelFairness {
  const byKey = new Map<string, { group: CellValue; n: number; sel: number; pos: number; tp: number; neg: number; fp: number }>();
  for (let i = 0; i < truth.length; i++) {
    const g = groups[i] ?? null;
    const key = categoryKey(g);
    const e = byKey.get(key) ?? { group: g, n: 0, sel: 0, pos: 0, tp: 0, neg: 0, fp: 0 };
    const yes = predicted[i] === positive;
    e.n++;
    if (yes) e.sel++;
    if (truth[i] === positive) {
      e.pos++;
      if (yes) e.tp++;
    } else {
      e.neg++;
      if (yes) e.fp++;
    }
    byKey.set(key, e);
  }
  const rates = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]): GroupRates => ({
      group: e.group,
      rows: e.n,
      selectionRate: e.sel / e.n,
      truePositiveRate: e.pos === 0 ? null : e.tp / e.pos,
      falsePositiveRate: e.neg === 0 ? null : e.fp / e.neg,
    }));
  const spread = (xs: (number | null)[]): number | null => {
    const defined = xs.filter((x): x is number => x !== null);
    return defined.length === 0 ? null : Math.max(...defined) - Math.min(...defined);
  };
  const tpr = spread(rates.map((r) => r.truePositiveRate));
  const fpr = spread(rates.map((r) => r.falsePositiveRate));
  return {
    groups: rates,
    demographicParityDifference: spread(rates.map((r) => r.selectionRate)),
    equalizedOddsDifference: tpr === null && fpr === null ? null : Math.max(tpr ?? 0, fpr ?? 0),
  };
}

export interface AttributeFairness {
  attribute: string;
  /** Group shares in the real training rows vs the synthetic rows. */
  shares: GroupShare[];
  maxShareGap: number;
  /** Per model family, on the real holdout; empty without a target, or for one without exactly two classes. */
  models: {
    family: ModelFamily;
    realTrained: ModelFairness;
    syntheticTrained: ModelFairness;
    /** synthetic-trained − real-trained, per difference (positive: the synthetic data made the model less fair). */
    demographicParityDelta: number | null;
    equalizedOddsDelta: number | null;
  }[];
}

/**
 * Fairness of every sensitive attribute: group shares, and the models' differences from the
 * predictions of a utility run on the holdout (none without one).
 */
export function fairness(options: {
  train: Table;
  holdout: Table;
  synthetic: Table;
  sensitiveAttributes: readonly string[];
  utility?: UtilityRun;
}): AttributeFairness[] {
  const { utility } = options;
  return options.sensitiveAttributes.map((attribute) => {
    const { groups, maxGap } = groupShares(options.train, options.synthetic, attribute);
    if (!utility) return { attribute, shares: groups, maxShareGap: maxGap, models: [] };
    const values = column(options.holdout, attribute).values;
    const rowGroups = utility.holdoutRows.map((r) => values[r] ?? null);
    const positive = utility.positive;
    const delta = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);
    const models =
      positive === null
        ? []
        : utility.predictions.map((p) => {
            const realTrained = modelFairness(utility.truth, p.real, positive, rowGroups);
            const syntheticTrained = modelFairness(utility.truth, p.synthetic, positive, rowGroups);
            return {
              family: p.family,
              realTrained,
              syntheticTrained,
              demographicParityDelta: delta(
                syntheticTrained.demographicParityDifference,
                realTrained.demographicParityDifference,
              ),
              equalizedOddsDelta: delta(syntheticTrained.equalizedOddsDifference, realTrained.equalizedOddsDifference),
            };
          });
    return { attribute, shares: groups, maxShareGap: maxGap, models };
  });
}
