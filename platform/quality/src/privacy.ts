import { InputError, type Table, column, rowCount } from "@mesh/core";
import { categoryKey, isContinuous, numbersOf, seededRandom, selectRows } from "./values.js";

/**
 * Privacy metrics of synthetic rows against the real training rows (which the synthesizer saw)
 * and the real holdout rows (which it did not).
 *
 * **Distance between two rows** (used by DCR, NNDR and the membership-inference attack): the
 * mean over the compared columns (every column of the training table) of a per-column term in
 * [0, 1] for values in the real range (a Gower distance):
 * - numerical/datetime: |a − b| / (max − min), max and min over the non-null values of the real
 *   rows (training ∪ holdout), capped at 1 as SDMetrics' DCR does (a synthetic value far outside
 *   the real range counts as a full mismatch); a range of 0 counts as 1; both null → 0, one
 *   null → 1. (SDMetrics takes the range from the one real part compared with; one range for
 *   both parts keeps the two distances comparable.)
 * - categorical/boolean: 0 when equal (null equals null), 1 otherwise.
 */
interface Encoded {
  rows: number;
  /** rows × numeric columns, normalised, NaN for null. */
  num: Float64Array;
  /** rows × categorical columns, category codes (null has one). */
  cat: Int32Array;
}

/** Encodes the real and synthetic tables for {@link nearest}, per the distance above. */
export class DistanceSpace {
  readonly numNames: string[] = [];
  readonly catNames: string[] = [];
  private readonly lo: number[] = [];
  private readonly range: number[] = [];
  private readonly codes = new Map<string, number>();

  constructor(train: Table, holdout: Table) {
    for (const col of train.columns) {
      if (isContinuous(col)) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const t of [train, holdout]) {
          for (const x of numbersOf(column(t, col.name))) {
            if (Number.isNaN(x)) continue;
            if (x < lo) lo = x;
            if (x > hi) hi = x;
          }
        }
        this.numNames.push(col.name);
        this.lo.push(Number.isFinite(lo) ? lo : 0);
        this.range.push(Number.isFinite(lo) && hi > lo ? hi - lo : 1);
      } else {
        this.catNames.push(col.name);
      }
    }
  }

  get width(): number {
    return this.numNames.length + this.catNames.length;
  }

  encode(table: Table): Encoded {
    const n = rowCount(table);
    const p = this.numNames.length;
    const q = this.catNames.length;
    const num = new Float64Array(n * p);
    const cat = new Int32Array(n * q);
    this.numNames.forEach((name, j) => {
      const xs = numbersOf(column(table, name));
      for (let i = 0; i < n; i++) num[i * p + j] = (xs[i]! - this.lo[j]!) / this.range[j]!;
    });
    this.catNames.forEach((name, j) => {
      const values = column(table, name).values;
      for (let i = 0; i < n; i++) {
        const key = `${name}\u0001${categoryKey(values[i] ?? null)}`;
        let code = this.codes.get(key);
        if (code === undefined) {
          code = this.codes.size;
          this.codes.set(key, code);
        }
        cat[i * q + j] = code;
      }
    });
    return { rows: n, num, cat };
  }

  /**
   * For every row of `a`, the distances to its nearest and second-nearest row of `b` (Infinity
   * where `b` has fewer rows); and for every row of `b`, the distance to its nearest row of `a`.
   * One pass over the n·m pairs, no allocation per pair.
   */
  nearest(a: Encoded, b: Encoded): { aFirst: Float64Array; aSecond: Float64Array; bFirst: Float64Array } {
    const p = this.numNames.length;
    const q = this.catNames.length;
    const width = p + q;
    const aFirst = new Float64Array(a.rows).fill(Infinity);
    const aSecond = new Float64Array(a.rows).fill(Infinity);
    const bFirst = new Float64Array(b.rows).fill(Infinity);
    const an = a.num;
    const bn = b.num;
    const ac = a.cat;
    const bc = b.cat;
    for (let i = 0; i < a.rows; i++) {
      const ai = i * p;
      const ci = i * q;
      let first = Infinity;
      let second = Infinity;
      for (let j = 0; j < b.rows; j++) {
        let sum = 0;
        const bj = j * p;
        for (let k = 0; k < p; k++) {
          const x = an[ai + k]!;
          const y = bn[bj + k]!;
          const xNull = x !== x;
          const yNull = y !== y;
          sum += xNull || yNull ? (xNull && yNull ? 0 : 1) : Math.min(1, Math.abs(x - y));
        }
        const cj = j * q;
        for (let k = 0; k < q; k++) if (ac[ci + k] !== bc[cj + k]) sum += 1;
        const d = width === 0 ? 0 : sum / width;
        if (d < first) {
          second = first;
          first = d;
        } else if (d < second) second = d;
        if (d < bFirst[j]!) bFirst[j] = d;
      }
      aFirst[i] = first;
      aSecond[i] = second;
    }
    return { aFirst, aSecond, bFirst };
  }
}

/** Share of synthetic rows identical (every column, nulls equal) to at least one training row; null without synthetic rows. */
export function exactMatchRate(train: Table, synthetic: Table): number | null {
  const m = rowCount(synthetic);
  if (m === 0) return null;
  const names = train.columns.map((c) => c.name);
  const keyOf = (t: Table): string[] => {
    const cols = names.map((n) => column(t, n).values);
    return Array.from({ length: rowCount(t) }, (_, i) => cols.map((v) => categoryKey(v[i] ?? null)).join("\u0001"));
  };
  const seen = new Set(keyOf(train));
  return keyOf(synthetic).filter((k) => seen.has(k)).length / m;
}

/**
 * Area under the ROC curve of scores separating positives from negatives, exactly: the
 * probability that a random positive scores above a random negative, ties counting ½
 * (Mann–Whitney U / (n₊·n₋), ranks averaged over ties). null when either side is empty.
 */
export function rocAuc(positives: ArrayLike<number>, negatives: ArrayLike<number>): number | null {
  const np = positives.length;
  const nn = negatives.length;
  if (np === 0 || nn === 0) return null;
  const all = new Float64Array(np + nn);
  const isPos = new Uint8Array(np + nn);
  for (let i = 0; i < np; i++) {
    all[i] = positives[i]!;
    isPos[i] = 1;
  }
  for (let i = 0; i < nn; i++) all[np + i] = negatives[i]!;
  const order = Array.from({ length: all.length }, (_, i) => i).sort((a, b) => all[a]! - all[b]!);
  let rankSum = 0;
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && all[order[end + 1]!] === all[order[start]!]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (isPos[order[k]!]) rankSum += rank;
    start = end + 1;
  }
  return (rankSum - (np * (np + 1)) / 2) / (np * nn);
}

export interface KAnonymity {
  quasiIdentifiers: string[];
  k: number;
  /** The size of the smallest equivalence class (rows sharing every quasi-identifier value, nulls equal); the table is k-anonymous for every k up to it. null for a table without rows. */
  minClassSize: number | null;
  classes: number;
  /** Share of rows in an equivalence class smaller than k; null for a table without rows. */
  shareBelowK: number | null;
}

/**
 * k-anonymity over the given quasi-identifier columns, values compared exactly (generalise
 * them before, e.g. ages into bands, for a meaningful figure). With no quasi-identifier every
 * row is in one class.
 */
export function kAnonymity(table: Table, quasiIdentifiers: readonly string[], k = 5): KAnonymity {
  if (!Number.isInteger(k) || k < 1) throw new InputError(`k must be a positive integer, not ${k}`);
  const n = rowCount(table);
  const cols = quasiIdentifiers.map((q) => column(table, q).values);
  const sizes = new Map<string, number>();
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = cols.map((v) => categoryKey(v[i] ?? null)).join("\u0001");
    keys.push(key);
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  const base = { quasiIdentifiers: [...quasiIdentifiers], k, classes: sizes.size };
  if (n === 0) return { ...base, minClassSize: null, shareBelowK: null };
  const below = keys.filter((key) => sizes.get(key)! < k).length;
  return { ...base, minClassSize: Math.min(...sizes.values()), shareBelowK: below / n };
}

export interface PrivacyReport {
  /** Share of synthetic rows identical to a training row (see {@link exactMatchRate}). */
  exactMatchRate: number | null;
  dcr: {
    /**
     * Share of synthetic rows strictly closer to the training rows than to the holdout rows, as
     * SDMetrics' DCROverfittingProtection counts it: for each synthetic row s, d_T(s) and d_H(s)
     * its distances to the nearest training and holdout row; counted when d_T < d_H. About ½
     * (less the equidistant share) when the synthesizer does not overfit; 1 for a copy of the
     * training rows. The larger real part is first subsampled (seeded) to the size of the
     * smaller one unless `balanceDcr` is false, since a larger part is nearer by its size alone;
     * `rowsCompared` says how many rows of each took part. null without synthetic, training or
     * holdout rows.
     */
    closerToTrainingShare: number | null;
    /** Share of synthetic rows with d_T = d_H (frequent with categorical columns); ½ of it is the tie-corrected excess. */
    equidistantShare: number | null;
    /** min(1, 2·(1 − closerToTrainingShare)): 1 best, as SDMetrics' DCROverfittingProtection scales it. */
    overfittingProtection: number | null;
    rowsCompared: { training: number; holdout: number };
    /** Median over the synthetic rows of d_T and d_H, to all training and all holdout rows (no subsampling). */
    medianToTraining: number | null;
    medianToHoldout: number | null;
  };
  nndr: {
    /**
     * Nearest-neighbour distance ratio of each synthetic row: d₁/d₂, its distances to the
     * nearest and second-nearest training rows (0 when both are 0: a copy of a duplicated row).
     * Near 0: the row sits on one real record, away from the others. Mean and median; null
     * with fewer than 2 training rows or no synthetic row.
     */
    mean: number | null;
    median: number | null;
  };
  membershipInference: {
    /**
     * A distance-based attack: each real row scores −(its distance to the nearest synthetic
     * row); AUC of those scores with training rows as members and holdout rows as non-members
     * (see {@link rocAuc}). ½: the synthetic data tells nothing about membership; 1: it gives
     * every member away. null without synthetic, training or holdout rows.
     */
    auc: number | null;
  };
  kAnonymity: { real: KAnonymity; synthetic: KAnonymity };
}

function median(xs: Float64Array): number | null {
  if (xs.length === 0) return null;
  const s = Float64Array.from(xs).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function mean(xs: Float64Array): number | null {
  if (xs.length === 0) return null;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Every privacy figure; the real table for k-anonymity is training ∪ holdout. */
export function privacy(options: {
  train: Table;
  holdout: Table;
  synthetic: Table;
  quasiIdentifiers?: readonly string[];
  k?: number;
  /** Compare DCR against real parts of equal size (default true; see `closerToTrainingShare`). */
  balanceDcr?: boolean;
  /** Seeds the DCR subsample (default 0). */
  seed?: number;
}): PrivacyReport {
  const { train, holdout, synthetic } = options;
  const space = new DistanceSpace(train, holdout);
  const t = space.encode(train);
  const h = space.encode(holdout);
  const s = space.encode(synthetic);
  const toTrain = space.nearest(s, t);
  const toHoldout = space.nearest(s, h);
  const m = s.rows;

  // DCR on real parts of equal size: the larger one subsampled, seeded.
  const balance = options.balanceDcr ?? true;
  const random = seededRandom(options.seed ?? 0);
  const sample = (rows: number, size: number): number[] => {
    const order = Array.from({ length: rows }, (_, i) => i);
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(random() * (rows - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order.slice(0, size).sort((x, y) => x - y);
  };
  let dT = toTrain.aFirst;
  let dH = toHoldout.aFirst;
  let rowsCompared = { training: t.rows, holdout: h.rows };
  if (balance && m > 0 && t.rows > 0 && h.rows > 0 && t.rows !== h.rows) {
    if (t.rows > h.rows) {
      dT = space.nearest(s, space.encode(selectRows(train, sample(t.rows, h.rows)))).aFirst;
      rowsCompared = { training: h.rows, holdout: h.rows };
    } else {
      dH = space.nearest(s, space.encode(selectRows(holdout, sample(h.rows, t.rows)))).aFirst;
      rowsCompared = { training: t.rows, holdout: t.rows };
    }
  }
  let closer: number | null = null;
  let equidistant: number | null = null;
  if (m > 0 && t.rows > 0 && h.rows > 0) {
    let count = 0;
    let ties = 0;
    for (let i = 0; i < m; i++) {
      if (dT[i]! < dH[i]!) count++;
      else if (dT[i] === dH[i]) ties++;
    }
    closer = count / m;
    equidistant = ties / m;
  }

  let ratios = new Float64Array(0);
  if (m > 0 && t.rows >= 2) {
    ratios = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const d2 = toTrain.aSecond[i]!;
      ratios[i] = d2 === 0 ? 0 : toTrain.aFirst[i]! / d2;
    }
  }

  const auc =
    m === 0
      ? null
      : rocAuc(
          toTrain.bFirst.map((d) => -d),
          toHoldout.bFirst.map((d) => -d),
        );

  const quasi = options.quasiIdentifiers ?? [];
  const real: Table = { columns: train.columns.map((c) => ({ ...c, values: [...c.values, ...column(holdout, c.name).values] })) };
  return {
    exactMatchRate: exactMatchRate(train, synthetic),
    dcr: {
      closerToTrainingShare: closer,
      equidistantShare: equidistant,
      overfittingProtection: closer === null ? null : Math.min(1, 2 * (1 - closer)),
      medianToTraining: t.rows === 0 ? null : median(toTrain.aFirst),
      medianToHoldout: h.rows === 0 ? null : median(toHoldout.aFirst),
      rowsCompared,
    },
    nndr: { mean: mean(ratios), median: median(ratios) },
    membershipInference: { auc },
    kAnonymity: { real: kAnonymity(real, quasi, options.k), synthetic: kAnonymity(synthetic, quasi, options.k) },
  };
}
