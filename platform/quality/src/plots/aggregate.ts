import { type CellValue, type ColumnKind, InputError, type TableColumn } from "@mesh/core";
import { correlation } from "../fidelity.js";
import { NULL_KEY, categoryKey, isContinuous, numbersOf } from "../values.js";

/**
 * The aggregates the evaluation plots draw, computed here so that a plot is given shares and
 * correlations only, never a row's value (the tables hold patient data).
 *
 * Continuous columns are binned on "nice" edges (multiples of 1, 2 or 5 × 10^k; calendar units
 * for datetimes) that enclose the real range, so that no edge is the real minimum or maximum
 * itself. Synthetic values outside the edges get an overflow bar of their own on each side.
 */

/** What a bar of a distribution plot stands for. */
export type ShareBarKind = "bin" | "below" | "above" | "category" | "other" | "missing";

export interface ShareBar {
  /** The bar's axis label, unique within its column. */
  label: string;
  kind: ShareBarKind;
  /** Share of all rows (nulls included) on each side, in [0, 1]; 0 for a side without rows. */
  real: number;
  synthetic: number;
}

export interface ColumnShares {
  column: string;
  kind: ColumnKind;
  rows: { real: number; synthetic: number };
  /** The width of the bins in words ("5", "1 month") for continuous columns; null for discrete ones. */
  binWidth: string | null;
  bars: ShareBar[];
}

export interface BinLayout {
  /** Ascending bin edges, one more than the bins; bins are [e_i, e_(i+1)), the last one closed. */
  edges: number[];
  /** One label per bin. */
  labels: string[];
  /** The bin width in words. */
  width: string;
  /** How a value on an edge is written in an overflow label (`< 20`). */
  format: (edge: number) => string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type TimeStep = { ms: number; name: string } | { months: number; name: string };

const TIME_STEPS: TimeStep[] = [
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ ms: n * SECOND, name: plural(n, "second") })),
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ ms: n * MINUTE, name: plural(n, "minute") })),
  ...[1, 2, 3, 6, 12].map((n) => ({ ms: n * HOUR, name: plural(n, "hour") })),
  ...[1, 2].map((n) => ({ ms: n * DAY, name: plural(n, "day") })),
  { ms: 7 * DAY, name: "1 week" },
  ...[1, 2, 3, 6].map((n) => ({ months: n, name: plural(n, "month") })),
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map((n) => ({ months: 12 * n, name: plural(n, "year") })),
];

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/**
 * The bins of a continuous column whose real non-null values span [min, max]: the fewest-wide
 * nice bins, at most `maxBins` of them, whose edges enclose [min, max]. Numbers step by 1, 2 or
 * 5 × 10^k, aligned on multiples of the step; datetimes (epoch ms, UTC) by seconds, minutes,
 * hours, days, weeks, months or years, aligned on the calendar. A single value gets one bin
 * about a tenth of its magnitude wide (a day for datetimes), so that its edges do not give it away.
 */
export function binLayout(min: number, max: number, kind: "numerical" | "datetime", maxBins = 20): BinLayout {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) throw new InputError(`no bins for the range [${min}, ${max}]`);
  if (!Number.isInteger(maxBins) || maxBins < 1) throw new InputError(`bins must be a positive integer, not ${maxBins}`);
  return kind === "datetime" ? timeLayout(min, max, maxBins) : numberLayout(min, max, maxBins);
}

function numberLayout(min: number, max: number, maxBins: number): BinLayout {
  const span = max - min;
  const smallest = span > 0 ? span / maxBins : Math.max(Math.abs(min), 1) / 10;
  for (let exp = Math.floor(Math.log10(smallest)) - 1; ; exp++) {
    for (const m of [1, 2, 5]) {
      // Edges are k·m·10^exp; dividing an integer by a power of ten keeps them free of float noise.
      const at = (k: number): number => (exp < 0 ? (k * m) / 10 ** -exp : k * m * 10 ** exp);
      const step = at(1);
      if (step < smallest) continue;
      let first = Math.floor(min / step);
      let last = Math.ceil(max / step);
      while (at(first) > min) first--;
      while (at(last) < max) last++;
      if (last === first) last++;
      if (last - first > maxBins) continue;
      const decimals = Math.max(0, -exp);
      const format = (x: number): string => {
        const text = x.toFixed(decimals);
        return Number(text) === 0 ? (0).toFixed(decimals) : text;
      };
      const edges: number[] = [];
      for (let k = first; k <= last; k++) edges.push(at(k));
      const labels = edges
        .slice(0, -1)
        .map((lo, i) => `[${format(lo)}, ${format(edges[i + 1]!)}${i === edges.length - 2 ? "]" : ")"}`);
      return { edges, labels, width: format(step), format };
    }
  }
}

function timeLayout(min: number, max: number, maxBins: number): BinLayout {
  const smallest = max > min ? (max - min) / maxBins : DAY;
  for (const step of TIME_STEPS) {
    const length = "ms" in step ? step.ms : step.months * 30.4 * DAY;
    if (length < smallest && step !== TIME_STEPS[TIME_STEPS.length - 1]) continue;
    const edges: number[] = [];
    if ("ms" in step) {
      for (let t = Math.floor(min / step.ms) * step.ms; ; t += step.ms) {
        edges.push(t);
        if (t >= max && edges.length > 1) break;
      }
    } else {
      const start = new Date(min);
      const month0 = start.getUTCFullYear() * 12 + start.getUTCMonth();
      for (let m = Math.floor(month0 / step.months) * step.months; ; m += step.months) {
        const t = Date.UTC(Math.floor(m / 12), ((m % 12) + 12) % 12, 1);
        edges.push(t);
        if (t >= max && edges.length > 1) break;
      }
    }
    if (edges.length - 1 > maxBins) continue;
    const format = timeFormat(step);
    return { edges, labels: edges.slice(0, -1).map(format), width: step.name, format };
  }
  throw new InputError(`no bins for the range [${min}, ${max}]`);
}

/** A bin start as precise as the step needs (UTC): 2021, 2021-03, 2021-03-04, 2021-03-04 10:00, … */
function timeFormat(step: TimeStep): (t: number) => string {
  let end: number;
  if ("months" in step) end = step.months % 12 === 0 ? 4 : 7;
  else if (step.ms % DAY === 0) end = 10;
  else if (step.ms % MINUTE === 0) end = 16;
  else end = 19;
  return (t) => new Date(t).toISOString().slice(0, end).replace("T", " ");
}

/**
 * The shares of a column's bars, real against synthetic (same name and kind). Continuous
 * columns: the bins of {@link binLayout} over the real values, with `below`/`above` bars for
 * synthetic values outside them (only where there are some). Discrete columns: one bar per
 * category, the `maxCategories` most frequent (real share, then synthetic share, then key)
 * shown in that order and the rest summed in an `other` bar (booleans: false, true, never grouped). A
 * `missing` bar last wherever either side has nulls. Every share is of all the side's rows.
 */
export function columnShares(
  real: TableColumn,
  synthetic: TableColumn,
  options: { bins?: number; maxCategories?: number } = {},
): ColumnShares {
  if (real.kind !== synthetic.kind)
    throw new InputError(`column "${real.name}" is ${real.kind} in the real table and ${synthetic.kind} in the synthetic one`);
  const rows = { real: real.values.length, synthetic: synthetic.values.length };
  const share = (count: number, total: number): number => (total === 0 ? 0 : count / total);
  let bars: ShareBar[];
  let binWidth: string | null = null;
  let missing: [number, number];
  if (isContinuous(real)) {
    const r = finiteNumbers(real);
    const s = finiteNumbers(synthetic);
    missing = [r.missing, s.missing];
    let min = Infinity;
    let max = -Infinity;
    for (const x of r.values) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (r.values.length === 0) {
      // Nothing to bin on: every synthetic value is out of the (empty) real range.
      bars =
        s.values.length === 0
          ? []
          : [{ label: "any value", kind: "above", real: 0, synthetic: share(s.values.length, rows.synthetic) }];
    } else {
      const layout = binLayout(min, max, real.kind === "datetime" ? "datetime" : "numerical", options.bins);
      binWidth = layout.width;
      const rc = binCounts(r.values, layout.edges);
      const sc = binCounts(s.values, layout.edges);
      bars = [];
      const first = layout.edges[0]!;
      const last = layout.edges[layout.edges.length - 1]!;
      if (sc.below > 0)
        bars.push({ label: `< ${layout.format(first)}`, kind: "below", real: 0, synthetic: share(sc.below, rows.synthetic) });
      layout.labels.forEach((label, i) =>
        bars.push({ label, kind: "bin", real: share(rc.bins[i]!, rows.real), synthetic: share(sc.bins[i]!, rows.synthetic) }),
      );
      if (sc.above > 0)
        bars.push({ label: `> ${layout.format(last)}`, kind: "above", real: 0, synthetic: share(sc.above, rows.synthetic) });
    }
  } else {
    const maxCategories = options.maxCategories ?? 20;
    if (!Number.isInteger(maxCategories) || maxCategories < 1)
      throw new InputError(`maxCategories must be a positive integer, not ${maxCategories}`);
    const rc = keyCounts(real.values);
    const sc = keyCounts(synthetic.values);
    missing = [rc.counts.get(NULL_KEY) ?? 0, sc.counts.get(NULL_KEY) ?? 0];
    const keys = [...new Set([...rc.counts.keys(), ...sc.counts.keys()])].filter((k) => k !== NULL_KEY);
    const byCount = (a: string, b: string): number =>
      (rc.counts.get(b) ?? 0) - (rc.counts.get(a) ?? 0) || (sc.counts.get(b) ?? 0) - (sc.counts.get(a) ?? 0) || compare(a, b);
    keys.sort(real.kind === "boolean" ? compare : byCount);
    // Booleans have two categories at most: never an "other" bar.
    const limit = real.kind === "boolean" ? keys.length : maxCategories;
    const shown = keys.slice(0, limit);
    const rest = keys.slice(limit);
    bars = shown.map((k) => ({
      label: categoryLabel(rc.values.get(k) ?? sc.values.get(k) ?? null),
      kind: "category" as const,
      real: share(rc.counts.get(k) ?? 0, rows.real),
      synthetic: share(sc.counts.get(k) ?? 0, rows.synthetic),
    }));
    if (rest.length > 0) {
      const sum = (c: Map<string, number>): number => rest.reduce((n, k) => n + (c.get(k) ?? 0), 0);
      bars.push({
        label: `other (${rest.length} ${rest.length === 1 ? "category" : "categories"})`,
        kind: "other",
        real: share(sum(rc.counts), rows.real),
        synthetic: share(sum(sc.counts), rows.synthetic),
      });
    }
  }
  if (missing[0] + missing[1] > 0)
    bars.push({
      label: "(missing)",
      kind: "missing",
      real: share(missing[0], rows.real),
      synthetic: share(missing[1], rows.synthetic),
    });
  return { column: real.name, kind: real.kind, rows, binWidth, bars: uniqueLabels(bars) };
}

/** Code-unit order, the same in every locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function categoryLabel(value: CellValue): string {
  const text = String(value);
  return text.trim() === "" ? `(blank${text.length > 0 ? `, ${plural(text.length, "space")}` : ""})` : text;
}

/** A category's text may collide with another's (1 and "1") or with a label of ours ("(missing)"). */
function uniqueLabels(bars: ShareBar[]): ShareBar[] {
  const seen = new Set<string>();
  return bars.map((bar) => {
    let label = bar.label;
    for (let n = 2; seen.has(label); n++) label = `${bar.label} (${n})`;
    seen.add(label);
    return label === bar.label ? bar : { ...bar, label };
  });
}

function keyCounts(values: readonly CellValue[]): { counts: Map<string, number>; values: Map<string, CellValue> } {
  const counts = new Map<string, number>();
  const byKey = new Map<string, CellValue>();
  for (const v of values) {
    const k = categoryKey(v);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    if (!byKey.has(k)) byKey.set(k, v);
  }
  return { counts, values: byKey };
}

function finiteNumbers(col: TableColumn): { values: number[]; missing: number } {
  const all = numbersOf(col);
  const values: number[] = [];
  let missing = 0;
  for (let i = 0; i < all.length; i++) {
    const x = all[i]!;
    if (Number.isNaN(x)) missing++;
    else if (!Number.isFinite(x))
      throw new InputError(`column "${col.name}" (${col.kind}), row ${i}: ${x} is not a finite number`);
    else values.push(x);
  }
  return { values, missing };
}

/** Counts per bin [e_i, e_(i+1)) (the last bin closed), and of the values below and above the edges. */
export function binCounts(values: readonly number[], edges: readonly number[]): { below: number; above: number; bins: number[] } {
  const bins = new Array<number>(Math.max(0, edges.length - 1)).fill(0);
  let below = 0;
  let above = 0;
  const first = edges[0]!;
  const last = edges[edges.length - 1]!;
  for (const x of values) {
    if (x < first) below++;
    else if (x > last) above++;
    else {
      // The largest i with edges[i] <= x, kept inside the bins (x = the last edge is in the last bin).
      let lo = 0;
      let hi = edges.length - 2;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (edges[mid]! <= x) lo = mid;
        else hi = mid - 1;
      }
      bins[lo]!++;
    }
  }
  return { below, above, bins };
}

export interface CorrelationMatrix {
  columns: string[];
  /** Row i, column j: Pearson's r of columns i and j over the rows where both are non-null; null where undefined. */
  values: (number | null)[][];
}

/** Pearson correlations between every pair of the given continuous columns (datetimes as epoch ms). */
export function correlationMatrix(columns: readonly TableColumn[]): CorrelationMatrix {
  const n = columns.length;
  const values: (number | null)[][] = Array.from({ length: n }, () => new Array<number | null>(n).fill(null));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const r = correlation(columns[i]!, columns[j]!, "pearson");
      values[i]![j] = r;
      values[j]![i] = r;
    }
  }
  return { columns: columns.map((c) => c.name), values };
}

/** |r_real − r_synthetic| cell by cell; null where either is undefined. */
export function correlationDifference(real: CorrelationMatrix, synthetic: CorrelationMatrix): CorrelationMatrix {
  return {
    columns: real.columns,
    values: real.values.map((row, i) =>
      row.map((r, j) => {
        const s = synthetic.values[i]?.[j] ?? null;
        return r === null || s === null ? null : Math.abs(r - s);
      }),
    ),
  };
}
