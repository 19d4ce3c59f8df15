import { type CellValue, InputError, type Table, type TableColumn, column } from "@mesh/core";
import {
  NULL_KEY,
  categoryKey,
  counts,
  isContinuous,
  meanOrNull,
  numbersOf,
  requireContinuous,
  requireDiscrete,
  sortedNonNull,
  totalVariation,
} from "./values.js";

/**
 * Fidelity metrics, with the definitions of SDMetrics (sdv-dev/SDMetrics, MIT licence; docs at
 * docs.sdv.dev/sdmetrics): KSComplement, TVComplement, CorrelationSimilarity,
 * ContingencySimilarity, and the quality report's Column Shapes and Column Pair Trends.
 * Every score is in [0, 1], 1 being identical.
 */

/**
 * KSComplement: 1 − D, D the two-sample Kolmogorov–Smirnov statistic (the largest gap between
 * the two empirical CDFs) over the non-null values of a numerical or datetime column.
 * Defined edge cases: both columns without a non-null value → 1 (nothing differs); exactly one
 * without → 0. A constant column needs no special case (its CDF is one step).
 */
export function ksComplement(real: TableColumn, synthetic: TableColumn): number {
  requireContinuous(real, "KSComplement");
  requireContinuous(synthetic, "KSComplement");
  return 1 - ksStatistic(sortedNonNull(real), sortedNonNull(synthetic));
}

/** The two-sample KS statistic of two ascending arrays (see {@link ksComplement} for empties). */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 && m === 0) return 0;
  if (n === 0 || m === 0) return 1;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}

/**
 * TVComplement: 1 − TVD, TVD = ½·Σ_c |p_real(c) − p_synth(c)| over every category c seen in
 * either column (null is a category of its own). For categorical and boolean columns.
 * Defined edge cases: both columns empty (no rows) → 1; exactly one empty → 0.
 */
export function tvComplement(real: TableColumn, synthetic: TableColumn): number {
  requireDiscrete(real, "TVComplement");
  requireDiscrete(synthetic, "TVComplement");
  return discreteComplement(real.values.map(categoryKey), synthetic.values.map(categoryKey));
}

function discreteComplement(realKeys: string[], synthKeys: string[]): number {
  if (realKeys.length === 0 && synthKeys.length === 0) return 1;
  if (realKeys.length === 0 || synthKeys.length === 0) return 0;
  return 1 - totalVariation(realKeys, synthKeys);
}

export type CorrelationMethod = "pearson" | "spearman";

/**
 * The correlation coefficient of two continuous columns over the rows where both are non-null;
 * null (undefined) when fewer than 2 such rows remain or either side has no variance there.
 * Spearman: Pearson's coefficient of the ranks, ties given their average rank.
 */
export function correlation(x: TableColumn, y: TableColumn, method: CorrelationMethod = "pearson"): number | null {
  requireContinuous(x, "correlation");
  requireContinuous(y, "correlation");
  if (x.values.length !== y.values.length) throw new InputError(`columns "${x.name}" and "${y.name}" differ in length`);
  const xs = numbersOf(x);
  const ys = numbersOf(y);
  const keptX: number[] = [];
  const keptY: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (Number.isNaN(xs[i]!) || Number.isNaN(ys[i]!)) continue;
    keptX.push(xs[i]!);
    keptY.push(ys[i]!);
  }
  if (method === "spearman") return pearson(averageRanks(keptX), averageRanks(keptY));
  return pearson(keptX, keptY);
}

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks 1..n, tied values sharing the average of their ranks. */
export function averageRanks(values: readonly number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * CorrelationSimilarity: 1 − |ρ_real − ρ_synth| / 2 for a pair of numerical/datetime columns.
 * null when either correlation is undefined (see {@link correlation}): a constant column has no
 * correlation, as in SDMetrics, where such a pair is left out of the report's average.
 */
export function correlationSimilarity(
  real: readonly [TableColumn, TableColumn],
  synthetic: readonly [TableColumn, TableColumn],
  options: { method?: CorrelationMethod } = {},
): number | null {
  const r = correlation(real[0], real[1], options.method);
  const s = correlation(synthetic[0], synthetic[1], options.method);
  if (r === null || s === null) return null;
  return 1 - Math.abs(r - s) / 2;
}

/**
 * The interior bin edges SDMetrics uses to discretise a continuous column for
 * ContingencySimilarity: `numBins` equal-width bins over the real column's non-null [min, max]
 * (numpy's `histogram_bin_edges`; a constant column gets [v − 0.5, v + 0.5]), the outer edges
 * opened to ±∞ so that synthetic values outside the real range fall into the end bins.
 * Bins are closed on the right, as pandas' `cut`: bin(x) = #{interior edges e : e < x}.
 * A column without any non-null real value has no edges (one bin).
 */
export function binEdges(real: TableColumn, numBins = 10): number[] {
  const sorted = sortedNonNull(real);
  if (sorted.length === 0) return [];
  let lo = sorted[0]!;
  let hi = sorted[sorted.length - 1]!;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges: number[] = [];
  for (let i = 1; i < numBins; i++) edges.push(lo + ((hi - lo) * i) / numBins);
  return edges;
}

/** The category keys of a column for contingency tables: bins for continuous columns, nulls apart. */
function discreteKeys(col: TableColumn, edges: readonly number[] | null): string[] {
  if (edges === null) return col.values.map(categoryKey);
  const xs = numbersOf(col);
  const keys: string[] = new Array<string>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (Number.isNaN(x)) {
      keys[i] = NULL_KEY;
      continue;
    }
    let bin = 0;
    while (bin < edges.length && edges[bin]! < x) bin++;
    keys[i] = `bin:${bin}`;
  }
  return keys;
}

/**
 * ContingencySimilarity: 1 − TVD of the normalised contingency tables (joint frequencies) of a
 * pair of columns, TVD = ½·Σ_(a,b) |p_real(a,b) − p_synth(a,b)|. Categorical and boolean values
 * are categories; numerical and datetime columns are binned with {@link binEdges} computed on
 * the real column (`numBins`, default 10, as SDMetrics' quality report); null is a category.
 * Edge cases as {@link tvComplement}.
 */
export function contingencySimilarity(
  real: readonly [TableColumn, TableColumn],
  synthetic: readonly [TableColumn, TableColumn],
  options: { numBins?: number } = {},
): number {
  const numBins = options.numBins ?? 10;
  if (!Number.isInteger(numBins) || numBins < 1) throw new InputError(`numBins must be a positive integer, not ${numBins}`);
  const keysOf = (k: 0 | 1): [string[], string[]] => {
    const edges = isContinuous(real[k]) ? binEdges(real[k], numBins) : null;
    return [discreteKeys(real[k], edges), discreteKeys(synthetic[k], edges)];
  };
  const [ra, sa] = keysOf(0);
  const [rb, sb] = keysOf(1);
  const joint = (a: string[], b: string[]): string[] => a.map((x, i) => `${x}\u0001${b[i]!}`);
  return discreteComplement(joint(ra, rb), joint(sa, sb));
}

export interface ColumnShapeScore {
  column: string;
  kind: TableColumn["kind"];
  metric: "KSComplement" | "TVComplement";
  score: number;
}

export interface ColumnShapesReport {
  /** Mean of the column scores; null for a table without columns. */
  score: number | null;
  columns: ColumnShapeScore[];
}

/**
 * Column Shapes (SDMetrics quality report): KSComplement of each numerical/datetime column,
 * TVComplement of each categorical/boolean column, and their mean. Every column of `real` must
 * be in `synthetic`, with the same kind.
 */
export function columnShapes(real: Table, synthetic: Table): ColumnShapesReport {
  const columns = real.columns.map((r): ColumnShapeScore => {
    const s = matching(synthetic, r);
    return isContinuous(r)
      ? { column: r.name, kind: r.kind, metric: "KSComplement", score: ksComplement(r, s) }
      : { column: r.name, kind: r.kind, metric: "TVComplement", score: tvComplement(r, s) };
  });
  return { score: meanOrNull(columns.map((c) => c.score)), columns };
}

function matching(synthetic: Table, real: TableColumn): TableColumn {
  const s = column(synthetic, real.name);
  if (s.kind !== real.kind)
    throw new InputError(`column "${real.name}" is ${real.kind} in the real table and ${s.kind} in the synthetic one`);
  return s;
}

export interface ColumnPairScore {
  columns: [string, string];
  metric: "CorrelationSimilarity" | "ContingencySimilarity";
  /** null where the metric is undefined (a constant column's correlation); left out of the mean. */
  score: number | null;
  /** The correlations compared (CorrelationSimilarity only; null otherwise or when undefined), for heatmaps. */
  realCorrelation: number | null;
  syntheticCorrelation: number | null;
}

export interface ColumnPairTrendsReport {
  /** Mean of the defined pair scores; null when none is defined (fewer than two columns). */
  score: number | null;
  pairs: ColumnPairScore[];
}

/**
 * Column Pair Trends (SDMetrics quality report): for each pair of columns (in table order),
 * CorrelationSimilarity when both are numerical/datetime, ContingencySimilarity (continuous
 * columns binned) otherwise; and the mean of the defined scores.
 */
export function columnPairTrends(
  real: Table,
  synthetic: Table,
  options: { method?: CorrelationMethod; numBins?: number } = {},
): ColumnPairTrendsReport {
  const pairs: ColumnPairScore[] = [];
  const cols = real.columns;
  for (let i = 0; i < cols.length; i++) {
    for (let j = i + 1; j < cols.length; j++) {
      const a = cols[i]!;
      const b = cols[j]!;
      const sa = matching(synthetic, a);
      const sb = matching(synthetic, b);
      if (isContinuous(a) && isContinuous(b)) {
        const rc = correlation(a, b, options.method);
        const sc = correlation(sa, sb, options.method);
        const score = rc === null || sc === null ? null : 1 - Math.abs(rc - sc) / 2;
        pairs.push({
          columns: [a.name, b.name],
          metric: "CorrelationSimilarity",
          score,
          realCorrelation: rc,
          syntheticCorrelation: sc,
        });
      } else {
        const score = contingencySimilarity([a, b], [sa, sb], options.numBins === undefined ? {} : { numBins: options.numBins });
        pairs.push({
          columns: [a.name, b.name],
          metric: "ContingencySimilarity",
          score,
          realCorrelation: null,
          syntheticCorrelation: null,
        });
      }
    }
  }
  return { score: meanOrNull(pairs.map((p) => p.score)), pairs };
}

export interface DistributionBin {
  /** A category's text, a bin's range `lower–upper`, or `null`. */
  label: string;
  /** The category (categorical/boolean columns); null for bins and for the null category. */
  value: CellValue;
  /** A bin's bounds on the real range (the end bins also hold synthetic values beyond it); null for categories. */
  lower: number | null;
  upper: number | null;
  /** Share of the rows (nulls included) in this bin or category. */
  real: number;
  synthetic: number;
}

export interface ColumnDistribution {
  column: string;
  kind: TableColumn["kind"];
  bins: DistributionBin[];
}

/**
 * Real-vs-synthetic distributions for plots: continuous columns in the `numBins` bins of
 * {@link binEdges} (a column without real values: one bin), categorical and boolean columns by
 * category (key order); a `null` entry last wherever either side has nulls.
 */
export function columnDistributions(real: Table, synthetic: Table, numBins = 10): ColumnDistribution[] {
  return real.columns.map((r) => {
    const s = matching(synthetic, r);
    const bins: DistributionBin[] = [];
    const share = (count: number, total: number): number => (total === 0 ? 0 : count / total);
    let rk: string[];
    let sk: string[];
    if (isContinuous(r)) {
      const edges = binEdges(r, numBins);
      rk = discreteKeys(r, edges);
      sk = discreteKeys(s, edges);
      const sorted = sortedNonNull(r);
      const rc = counts(rk);
      const sc = counts(sk);
      if (sorted.length === 0) {
        bins.push({
          label: "all values",
          value: null,
          lower: null,
          upper: null,
          real: 0,
          synthetic: share(sc.get("bin:0") ?? 0, sk.length),
        });
      } else {
        let lo = sorted[0]!;
        let hi = sorted[sorted.length - 1]!;
        if (lo === hi) {
          lo -= 0.5;
          hi += 0.5;
        }
        const bounds = [lo, ...edges, hi];
        for (let i = 0; i < bounds.length - 1; i++) {
          const lower = bounds[i]!;
          const upper = bounds[i + 1]!;
          bins.push({
            label: `${lower}–${upper}`,
            value: null,
            lower,
            upper,
            real: share(rc.get(`bin:${i}`) ?? 0, rk.length),
            synthetic: share(sc.get(`bin:${i}`) ?? 0, sk.length),
          });
        }
      }
    } else {
      rk = r.values.map(categoryKey);
      sk = s.values.map(categoryKey);
      const rc = counts(rk);
      const sc = counts(sk);
      const byKey = new Map<string, CellValue>();
      for (const v of [...r.values, ...s.values]) if (v !== null) byKey.set(categoryKey(v), v);
      for (const key of [...byKey.keys()].sort()) {
        const value = byKey.get(key) ?? null;
        bins.push({
          label: String(value),
          value,
          lower: null,
          upper: null,
          real: share(rc.get(key) ?? 0, rk.length),
          synthetic: share(sc.get(key) ?? 0, sk.length),
        });
      }
    }
    const rn = rk.filter((k) => k === NULL_KEY).length;
    const sn = sk.filter((k) => k === NULL_KEY).length;
    if (rn + sn > 0)
      bins.push({
        label: "null",
        value: null,
        lower: null,
        upper: null,
        real: share(rn, rk.length),
        synthetic: share(sn, sk.length),
      });
    return { column: r.name, kind: r.kind, bins };
  });
}

export interface QualityReport {
  /** Mean of the column-shapes and column-pair-trends scores (those defined); SDMetrics' overall quality score. */
  score: number | null;
  columnShapes: ColumnShapesReport;
  columnPairTrends: ColumnPairTrendsReport;
  /** Per-column real and synthetic distributions, for plots. */
  distributions: ColumnDistribution[];
}

/** The SDMetrics quality report: column shapes, column pair trends, and their mean. */
export function qualityScore(
  real: Table,
  synthetic: Table,
  options: { method?: CorrelationMethod; numBins?: number } = {},
): QualityReport {
  const shapes = columnShapes(real, synthetic);
  const trends = columnPairTrends(real, synthetic, options);
  return {
    score: meanOrNull([shapes.score, trends.score]),
    columnShapes: shapes,
    columnPairTrends: trends,
    distributions: columnDistributions(real, synthetic, options.numBins),
  };
}
