import { InputError, type CellValue, type Table, type TableColumn } from "@mesh/core";
import { type ColumnSpec } from "../columns.js";

/**
 * Post-generation privacy filters: drop synthetic rows that sit too close to a real row (a
 * near copy can disclose that person) and rows far from every real row (implausible records,
 * which also stand out when published).
 *
 * Distance: Gower's mixed-type distance (J. C. Gower, "A General Coefficient of Similarity and
 * Some of Its Properties", Biometrics 27(4), 1971), the mean over the filtered columns of
 *
 * - numerical and datetime columns: |a − b| / (max − min of the real column); a column whose
 *   real values are all equal compares as a category (0 when equal, else 1);
 * - categorical and boolean columns: 0 when equal, else 1;
 * - nulls: 0 between two nulls, 1 between a null and a value.
 *
 * So two rows are at distance 0 exactly when they agree on every column (an exact copy), and
 * real rows are at most 1 apart; a synthetic number outside the real range can add more than 1.
 */

export interface FilterOptions {
  /**
   * Drop synthetic rows whose distance to the nearest real row is below this. A number (a Gower
   * distance, 0 to 1), or "auto" (default): the `tooCloseQuantile` quantile of the real rows'
   * distances to their nearest other real row, i.e. closer than all but a few real records are to
   * each other. Exact copies (distance 0) are always dropped.
   */
  tooClose?: number | "auto";
  /** The quantile for `tooClose: "auto"` (default 0.05). */
  tooCloseQuantile?: number;
  /**
   * Drop synthetic rows farther from every real row than this quantile of the real rows'
   * nearest-neighbour distances (default 0.99); false keeps them.
   */
  outlierQuantile?: number | false;
  /** Drop rows with a number outside the real column's [min, max] (default true). */
  outsideRange?: boolean;
}

export interface FilterResult {
  /** The synthetic table without the dropped rows (every column of it, in order). */
  table: Table;
  /** A row counts once: as too close if it is, else as an outlier. */
  dropped: { tooClose: number; outliers: number };
  thresholds: {
    distance: "gower";
    /** Rows closer than this were dropped (exact copies always). */
    tooClose: number;
    tooCloseQuantile: number | null;
    /** Rows farther than this were dropped; null when that test was off. */
    outlier: number | null;
    outlierQuantile: number | null;
  };
}

const DEFAULTS = { tooClose: "auto" as const, tooCloseQuantile: 0.05, outlierQuantile: 0.99, outsideRange: true };

/** Rows encoded for the search: category codes and range-scaled numbers, row-major, and each row's projection. */
interface Encoded {
  rows: number;
  /** rows × (compared-by-equality columns): an integer code per value, −1 for null. */
  codes: Int32Array;
  /** rows × (range-scaled columns): (value − real min) / real range, NaN for null. */
  nums: Float64Array;
  /** Σ over range-scaled columns of the scaled value clamped to [0, 1] (null counts 0). */
  proj: Float64Array;
}

/**
 * The real table in a form built for nearest-neighbour search. Columns compared by equality
 * (categories, booleans, numbers that are constant in the real data) become integer codes;
 * the others become range-scaled numbers. The search visits real rows in order of a projection,
 * the sum of a row's scaled numbers clamped to [0, 1]: by the triangle inequality
 * |proj(a) − proj(b)| is at most the numbers' share of the distance (a null against a value is
 * 1 ≥ the clamped value), so a search starts at the query's projection, walks outwards and stops
 * on a side once the projection gap alone reaches the best distance so far. The real rows are
 * also grouped by their values in the first few equality columns (as many as keep groups about
 * eight rows large): the mismatches on those columns bound every row of a group from below, so
 * groups are visited from the best bound up and the search ends at the first group whose bound
 * reaches the best distance. Each distance stops early too, as soon as its partial sum reaches
 * the best; the columns most likely to differ (estimated from the real data) come first.
 */
class GowerIndex {
  readonly p: number;
  readonly n: number;
  /** Compared-by-equality columns (indices into `specs`), most often different first. */
  private readonly eq: number[];
  /** Range-scaled columns, widest spread first. */
  private readonly num: number[];
  private readonly codes: Map<CellValue, number>[];
  private readonly offset: number[];
  private readonly scale: number[];
  readonly min: number[];
  readonly max: number[];
  /** The real rows, grouped, each group sorted by projection. */
  readonly self: Encoded;
  /** Equality columns that define the groups (the first `g` of `eq`). */
  private readonly g: number;
  /** Group i holds sorted positions [groupStart[i], groupStart[i + 1]). */
  private readonly groupStart: Int32Array;
  /** groups × g: each group's codes in its defining columns. */
  private readonly groupKeys: Int32Array;
  /** Scratch space for one search: each group's bound, and the groups in order of bound. */
  private readonly bound: Int32Array;
  private readonly visit: Int32Array;

  constructor(
    real: TableColumn[],
    readonly specs: readonly ColumnSpec[],
  ) {
    this.p = specs.length;
    this.n = real[0]?.values.length ?? 0;
    this.min = [];
    this.max = [];
    const eq: { j: number; differ: number }[] = [];
    const num: { j: number; spread: number }[] = [];
    real.forEach((col, j) => {
      const spec = specs[j] as ColumnSpec;
      let lo = Infinity;
      let hi = -Infinity;
      if (spec.kind === "numerical" || spec.kind === "datetime") {
        col.values.forEach((v, r) => {
          if (v === null) return;
          if (typeof v !== "number" || !Number.isFinite(v))
            throw new InputError(`real table, column "${spec.name}", row ${r}: ${JSON.stringify(v)} is not a finite number`);
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        });
      }
      this.min.push(lo);
      this.max.push(hi);
      if (hi > lo) {
        // Gini's mean difference of the scaled values, E|X − Y|, from the sorted sample.
        const xs = Float64Array.from(
          col.values.filter((v): v is number => v !== null),
          (v) => (v - lo) / (hi - lo),
        ).sort();
        let s = 0;
        xs.forEach((x, i) => (s += (2 * i - xs.length + 1) * x));
        num.push({ j, spread: (2 * s) / Math.max(1, xs.length * xs.length) });
      } else {
        // Probability that two rows differ: 1 − Σ share².
        const counts = new Map<CellValue, number>();
        for (const v of col.values) counts.set(v, (counts.get(v) ?? 0) + 1);
        let same = 0;
        for (const c of counts.values()) same += (c / Math.max(1, this.n)) ** 2;
        eq.push({ j, differ: 1 - same });
      }
    });
    this.eq = eq.sort((a, b) => b.differ - a.differ).map((c) => c.j);
    this.num = num.sort((a, b) => b.spread - a.spread).map((c) => c.j);
    this.codes = specs.map(() => new Map());
    this.offset = this.min.map((m) => (Number.isFinite(m) ? m : 0));
    this.scale = this.min.map((m, j) => ((this.max[j] as number) > m ? 1 / ((this.max[j] as number) - m) : 1));
    const encoded = this.encode(real, "real");
    const E = this.eq.length;
    const N = this.num.length;
    let g = 0;
    for (let combos = 1; g < E; g++) {
      combos *= (this.codes[this.eq[g] as number] as Map<CellValue, number>).size + 1;
      if (combos > this.n / 8) break;
    }
    this.g = g;
    const groupOf = new Int32Array(this.n);
    const ids = new Map<string, number>();
    for (let r = 0; r < this.n; r++) {
      const key = encoded.codes.subarray(r * E, r * E + g).join(",");
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      groupOf[r] = id;
    }
    const order = [...Array(this.n).keys()].sort(
      (a, b) => (groupOf[a] as number) - (groupOf[b] as number) || (encoded.proj[a] as number) - (encoded.proj[b] as number),
    );
    this.groupStart = new Int32Array(ids.size + 1);
    this.groupKeys = new Int32Array(ids.size * g);
    order.forEach((r, i) => {
      const id = groupOf[r] as number;
      this.groupStart[id + 1] = i + 1;
      this.groupKeys.set(encoded.codes.subarray(r * E, r * E + g), id * g);
    });
    this.bound = new Int32Array(ids.size);
    this.visit = new Int32Array(ids.size);
    this.self = {
      rows: this.n,
      codes: new Int32Array(this.n * E),
      nums: new Float64Array(this.n * N),
      proj: new Float64Array(this.n),
    };
    order.forEach((r, i) => {
      this.self.codes.set(encoded.codes.subarray(r * E, (r + 1) * E), i * E);
      this.self.nums.set(encoded.nums.subarray(r * N, (r + 1) * N), i * N);
      this.self.proj[i] = encoded.proj[r] as number;
    });
  }

  /** Encodes a table's columns (same order as `specs`); values the real data never had get new codes. */
  encode(cols: TableColumn[], which: string): Encoded {
    const rows = cols[0]?.values.length ?? 0;
    const E = this.eq.length;
    const N = this.num.length;
    const out: Encoded = {
      rows,
      codes: new Int32Array(rows * E),
      nums: new Float64Array(rows * N),
      proj: new Float64Array(rows),
    };
    this.eq.forEach((j, k) => {
      const values = (cols[j] as TableColumn).values;
      const codes = this.codes[j] as Map<CellValue, number>;
      for (let r = 0; r < rows; r++) {
        const v = values[r] ?? null;
        let c = -1;
        if (v !== null) {
          c = codes.get(v) ?? codes.size;
          if (c === codes.size) codes.set(v, c);
        }
        out.codes[r * E + k] = c;
      }
    });
    this.num.forEach((j, k) => {
      const spec = this.specs[j] as ColumnSpec;
      const values = (cols[j] as TableColumn).values;
      const offset = this.offset[j] as number;
      const scale = this.scale[j] as number;
      for (let r = 0; r < rows; r++) {
        const v = values[r] ?? null;
        let x = NaN;
        if (v !== null) {
          if (typeof v !== "number" || !Number.isFinite(v))
            throw new InputError(`${which} table, column "${spec.name}", row ${r}: ${JSON.stringify(v)} is not a finite number`);
          x = (v - offset) * scale;
          out.proj[r] = (out.proj[r] as number) + Math.min(1, Math.max(0, x));
        }
        out.nums[r * N + k] = x;
      }
    });
    return out;
  }

  /**
   * The smallest summed (not yet averaged) distance from row `at` of `q` to a real row, skipping
   * the real row at sorted position `skip` (−1 for none).
   */
  nearest(q: Encoded, at: number, skip: number): number {
    const E = this.eq.length;
    const N = this.num.length;
    const g = this.g;
    const { codes, nums, proj } = this.self;
    const { groupStart, groupKeys, bound, visit } = this;
    const groups = bound.length;
    const qc = q.codes;
    const qn = q.nums;
    const qe = at * E;
    const qv = at * N;
    const v = q.proj[at] as number;
    // Each group's bound (its mismatches on the grouping columns), then the groups by bound (counting sort).
    const counts = new Int32Array(g + 2);
    for (let i = 0; i < groups; i++) {
      let m = 0;
      for (let k = 0; k < g; k++) if (groupKeys[i * g + k] !== qc[qe + k]) m++;
      bound[i] = m;
      counts[m + 1] = (counts[m + 1] as number) + 1;
    }
    for (let m = 1; m <= g + 1; m++) counts[m] = (counts[m] as number) + (counts[m - 1] as number);
    for (let i = 0; i < groups; i++) {
      const m = bound[i] as number;
      visit[counts[m] as number] = i;
      counts[m] = (counts[m] as number) + 1;
    }
    let best = Infinity;
    for (let t = 0; t < groups; t++) {
      const group = visit[t] as number;
      const base = bound[group] as number;
      if (base >= best) break;
      const start = groupStart[group] as number;
      const end = groupStart[group + 1] as number;
      let hi = lowerBound(proj, v, start, end);
      let lo = hi - 1;
      while (lo >= start || hi < end) {
        const gapLo = lo >= start ? v - (proj[lo] as number) : Infinity;
        const gapHi = hi < end ? (proj[hi] as number) - v : Infinity;
        let pos: number;
        if (gapLo <= gapHi) {
          if (base + gapLo >= best) break;
          pos = lo--;
        } else {
          if (base + gapHi >= best) break;
          pos = hi++;
        }
        if (pos === skip) continue;
        let sum = base;
        const re = pos * E;
        let k = g;
        for (; k < E; k++) if (codes[re + k] !== qc[qe + k] && ++sum >= best) break;
        if (k < E) continue;
        const rv = pos * N;
        for (k = 0; k < N; k++) {
          const a = qn[qv + k] as number;
          const b = nums[rv + k] as number;
          if (a === b) continue;
          if (a !== a || b !== b) sum += a !== a && b !== b ? 0 : 1;
          else sum += a > b ? a - b : b - a;
          if (sum >= best) break;
        }
        if (k === N) best = sum;
      }
    }
    return best;
  }
}

/** The first index in [lo, hi) whose value is ≥ v (hi when none). */
function lowerBound(sorted: Float64Array, v: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The q-quantile of sorted values, linear between order statistics (Hyndman & Fan's type 7). */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  const a = sorted[i] as number;
  const b = sorted[Math.min(i + 1, sorted.length - 1)] as number;
  return a + (h - i) * (b - a);
}

function columnsOf(table: Table, specs: readonly ColumnSpec[], which: string): TableColumn[] {
  const rows = table.columns[0]?.values.length ?? 0;
  return specs.map((spec) => {
    const col = table.columns.find((c) => c.name === spec.name);
    if (!col) throw new InputError(`${which} table: column "${spec.name}" is missing`);
    if (col.kind !== spec.kind)
      throw new InputError(`${which} table: column "${spec.name}" is ${col.kind}, expected ${spec.kind}`);
    if (col.values.length !== rows)
      throw new InputError(`${which} table: column "${spec.name}" has ${col.values.length} values, expected ${rows}`);
    return col;
  });
}

function prepare(synthetic: Table, real: Table, columns: readonly ColumnSpec[]) {
  if (!Array.isArray(columns) || columns.length === 0)
    throw new InputError("privacy filter: list at least one column to compare");
  const realCols = columnsOf(real, columns, "real");
  const synthCols = columnsOf(synthetic, columns, "synthetic");
  const index = new GowerIndex(realCols, columns);
  if (index.n === 0) throw new InputError("privacy filter: the real table has no rows");
  return { index, synthCols, query: index.encode(synthCols, "synthetic") };
}

/**
 * Gower distance from each synthetic row to its nearest real row (the "distance to closest
 * record"), in synthetic row order.
 */
export function nearestRealDistances(synthetic: Table, real: Table, columns: readonly ColumnSpec[]): Float64Array {
  const { index, synthCols, query } = prepare(synthetic, real, columns);
  const rows = synthCols[0]?.values.length ?? 0;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = index.nearest(query, r, -1) / index.p;
  return out;
}

/**
 * Drops synthetic rows that are too close to a real row (exact copies always) and outliers (far
 * from every real row, or with a number outside the real range). Distances are Gower distances
 * over `columns` (see the file's header); other columns are carried through untouched.
 */
export function filterSynthetic(
  synthetic: Table,
  real: Table,
  columns: readonly ColumnSpec[],
  options: FilterOptions = {},
): FilterResult {
  const o = { ...DEFAULTS, ...options };
  const fraction = (field: string, v: unknown): void => {
    if (!(typeof v === "number" && v >= 0 && v <= 1))
      throw new InputError(`privacy filter: "${field}" must be a number from 0 to 1, got ${JSON.stringify(v)}`);
  };
  if (o.tooClose === "auto") fraction("tooCloseQuantile", o.tooCloseQuantile);
  else if (!(typeof o.tooClose === "number" && Number.isFinite(o.tooClose) && o.tooClose >= 0))
    throw new InputError(`privacy filter: "tooClose" must be "auto" or a distance ≥ 0, got ${JSON.stringify(o.tooClose)}`);
  if (o.outlierQuantile !== false) fraction("outlierQuantile", o.outlierQuantile);
  if (typeof o.outsideRange !== "boolean")
    throw new InputError(`privacy filter: "outsideRange" must be true or false, got ${JSON.stringify(o.outsideRange)}`);

  const { index, synthCols, query } = prepare(synthetic, real, columns);
  const p = index.p;
  let realNearest: Float64Array | null = null;
  if (o.tooClose === "auto" || o.outlierQuantile !== false) {
    if (index.n < 2) throw new InputError("privacy filter: automatic thresholds need at least 2 real rows");
    realNearest = new Float64Array(index.n);
    for (let r = 0; r < index.n; r++) realNearest[r] = index.nearest(index.self, r, r) / p;
    realNearest.sort();
  }
  const tooClose = o.tooClose === "auto" ? quantile(realNearest as Float64Array, o.tooCloseQuantile) : o.tooClose;
  const outlier = o.outlierQuantile === false ? null : quantile(realNearest as Float64Array, o.outlierQuantile);

  const rows = synthCols[0]?.values.length ?? 0;
  const ranges = columns.flatMap((spec, j) =>
    (spec.kind === "numerical" || spec.kind === "datetime") && (index.min[j] as number) <= (index.max[j] as number)
      ? [{ values: (synthCols[j] as TableColumn).values, min: index.min[j] as number, max: index.max[j] as number }]
      : [],
  );
  const keep: number[] = [];
  let close = 0;
  let outliers = 0;
  for (let r = 0; r < rows; r++) {
    const d = index.nearest(query, r, -1) / p;
    if (d === 0 || d < tooClose) close++;
    else if (
      (outlier !== null && d > outlier) ||
      (o.outsideRange &&
        ranges.some(
          (c) => typeof c.values[r] === "number" && ((c.values[r] as number) < c.min || (c.values[r] as number) > c.max),
        ))
    )
      outliers++;
    else keep.push(r);
  }
  return {
    table: { columns: synthetic.columns.map((c) => ({ ...c, values: keep.map((r) => c.values[r] as CellValue) })) },
    dropped: { tooClose: close, outliers },
    thresholds: {
      distance: "gower",
      tooClose,
      tooCloseQuantile: o.tooClose === "auto" ? o.tooCloseQuantile : null,
      outlier,
      outlierQuantile: o.outlierQuantile === false ? null : o.outlierQuantile,
    },
  };
}
