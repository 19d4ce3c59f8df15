import { type CellValue, type Table, type TableColumn } from "@mesh/core";
import { type Random } from "../random.js";
import { type OutputSpan, type TableTransformer } from "../transformers.js";

/**
 * The GAN's view of an encoded row. The table transformer gives α values (tanh), softmax blocks
 * (modes, categories) and single 0/1 numbers (booleans, null indicators). The networks see every
 * 0/1 number as a two-way one-hot block instead, so that all discrete outputs go through the same
 * Gumbel-softmax and the critic never sees a "soft" boolean it could tell from a real one.
 */
export interface GanSpan {
  /** Position in the GAN row. */
  start: number;
  size: number;
  activation: "tanh" | "softmax";
  /** The transformer's span it stands for; a binary span is that span's single number. */
  source: OutputSpan;
  binary: boolean;
}

/** A discrete column the conditional vector can name: a categorical (one-hot) or boolean column. */
export interface CondColumn {
  column: string;
  /** Its span in the GAN row. */
  span: GanSpan;
  /** Where its block starts in the conditional vector. */
  offset: number;
  size: number;
}

export interface Layout {
  spans: GanSpan[];
  width: number;
  cond: CondColumn[];
  condWidth: number;
}

export function buildLayout(transformer: TableTransformer): Layout {
  const spans: GanSpan[] = [];
  let at = 0;
  for (const s of transformer.spans) {
    const binary = s.activation === "sigmoid";
    const size = binary ? 2 : s.size;
    spans.push({ start: at, size, activation: s.activation === "tanh" ? "tanh" : "softmax", source: s, binary });
    at += size;
  }
  const cond: CondColumn[] = [];
  let offset = 0;
  for (const span of spans) {
    if (span.source.role === "one-hot" || span.source.role === "boolean") {
      cond.push({ column: span.source.column, span, offset, size: span.size });
      offset += span.size;
    }
  }
  return { spans, width: at, cond, condWidth: offset };
}

/** Transformer rows (rows × transformer width) → GAN rows (rows × layout width), float32. */
export function toGanRows(layout: Layout, encoded: Float64Array, transformerWidth: number, rows: number): Float32Array {
  const out = new Float32Array(rows * layout.width);
  for (let r = 0; r < rows; r++) {
    const src = r * transformerWidth;
    const dst = r * layout.width;
    for (const s of layout.spans) {
      if (s.binary) {
        const v = encoded[src + s.source.start] as number;
        out[dst + s.start + (v > 0.5 ? 1 : 0)] = 1;
      } else {
        for (let j = 0; j < s.size; j++) out[dst + s.start + j] = encoded[src + s.source.start + j] as number;
      }
    }
  }
  return out;
}

/** GAN rows back to transformer rows (a binary span becomes the weight of its "1" slot). */
export function fromGanRows(layout: Layout, data: ArrayLike<number>, transformerWidth: number, rows: number): Float64Array {
  const out = new Float64Array(rows * transformerWidth);
  for (let r = 0; r < rows; r++) {
    const src = r * layout.width;
    const dst = r * transformerWidth;
    for (const s of layout.spans) {
      if (s.binary) out[dst + s.source.start] = data[src + s.start + 1] as number;
      else for (let j = 0; j < s.size; j++) out[dst + s.source.start + j] = data[src + s.start + j] as number;
    }
  }
  return out;
}

/** Category counts per conditional column, from GAN rows. */
export function categoryCounts(layout: Layout, data: Float32Array, rows: number): number[][] {
  return layout.cond.map((c) => {
    const counts = new Array<number>(c.size).fill(0);
    for (let r = 0; r < rows; r++) {
      const base = r * layout.width + c.span.start;
      let best = 0;
      for (let j = 1; j < c.size; j++) if ((data[base + j] as number) > (data[base + best] as number)) best = j;
      counts[best] = (counts[best] as number) + 1;
    }
    return counts;
  });
}

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => {
    s += w;
    out[i] = s;
  });
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / (s || 1);
  return out;
}

function draw(cum: Float64Array, u: number): number {
  for (let i = 0; i < cum.length; i++) if (u <= (cum[i] as number)) return i;
  return cum.length - 1;
}

export interface CondBatch {
  /** batch × condWidth, one 1 per row (none when there are no discrete columns). */
  cond: Float32Array;
  /** batch × cond.length: which column each row conditions on. */
  mask: Float32Array;
  column: Int32Array;
  category: Int32Array;
}

/**
 * Training-by-sampling (CTGAN): each row of a batch picks a discrete column uniformly, one of its
 * categories with probability ∝ log(1 + count), and (for the critic) a real row that has it.
 */
export class ConditionalSampler {
  private readonly logCum: Float64Array[];
  private readonly freqCum: Float64Array[];
  private readonly rowsBy: Int32Array[][];
  /** Per conditional column, each training row's category (for DP batches, which start from rows). */
  private readonly categoryOf: Int32Array[];

  constructor(
    readonly layout: Layout,
    readonly counts: number[][],
    private readonly data: Float32Array | null,
    private readonly rows: number,
  ) {
    this.logCum = counts.map((c) => cumulative(c.map((k) => Math.log(1 + k))));
    this.freqCum = counts.map((c) => cumulative(c));
    this.rowsBy = [];
    this.categoryOf = [];
    if (data) {
      layout.cond.forEach((c, ci) => {
        const lists: number[][] = (counts[ci] as number[]).map(() => []);
        const of = new Int32Array(rows);
        for (let r = 0; r < rows; r++) {
          const base = r * layout.width + c.span.start;
          let best = 0;
          for (let j = 1; j < c.size; j++) if ((data[base + j] as number) > (data[base + best] as number)) best = j;
          (lists[best] as number[]).push(r);
          of[r] = best;
        }
        this.rowsBy.push(lists.map((l) => Int32Array.from(l)));
        this.categoryOf.push(of);
      });
    }
  }

  /** Conditional vectors for training (log-frequency) or plain generation (frequency). */
  sample(batch: number, rng: Random, mode: "train" | "generate"): CondBatch {
    const L = this.layout;
    const out: CondBatch = {
      cond: new Float32Array(batch * L.condWidth),
      mask: new Float32Array(batch * L.cond.length),
      column: new Int32Array(batch),
      category: new Int32Array(batch),
    };
    if (L.cond.length === 0) return out;
    for (let i = 0; i < batch; i++) {
      const ci = rng.int(L.cond.length);
      const cum = (mode === "train" ? this.logCum : this.freqCum)[ci] as Float64Array;
      const k = draw(cum, rng.uniform());
      this.set(out, i, ci, k);
    }
    return out;
  }

  /** Conditional vectors that all name column `ci`, categories drawn by frequency among `allowed`. */
  fixed(batch: number, ci: number, allowed: readonly number[], rng: Random): CondBatch {
    const L = this.layout;
    const out: CondBatch = {
      cond: new Float32Array(batch * L.condWidth),
      mask: new Float32Array(batch * L.cond.length),
      column: new Int32Array(batch),
      category: new Int32Array(batch),
    };
    const counts = this.counts[ci] as number[];
    const cum = cumulative(allowed.map((k) => Math.max(counts[k] ?? 0, 1e-9)));
    for (let i = 0; i < batch; i++) this.set(out, i, ci, allowed[draw(cum, rng.uniform())] as number);
    return out;
  }

  private set(out: CondBatch, i: number, ci: number, k: number): void {
    const c = this.layout.cond[ci] as CondColumn;
    out.cond[i * this.layout.condWidth + c.offset + k] = 1;
    out.mask[i * this.layout.cond.length + ci] = 1;
    out.column[i] = ci;
    out.category[i] = k;
  }

  /**
   * Poisson sampling for DP-SGD: each training row joins the batch independently with
   * probability q (the sampling the privacy accountant assumes), so the batch size varies.
   */
  poissonRows(q: number, rng: Random): Int32Array {
    const picked: number[] = [];
    for (let r = 0; r < this.rows; r++) if (rng.uniform() < q) picked.push(r);
    return Int32Array.from(picked);
  }

  /**
   * Conditional vectors for given training rows: each picks a discrete column uniformly and
   * names the row's own category in it, so a row's critic input depends on that row alone
   * (categories then come at their data frequency, as in `sample(…, "generate")`).
   */
  condForRows(rows: Int32Array, rng: Random): CondBatch {
    const L = this.layout;
    const out: CondBatch = {
      cond: new Float32Array(rows.length * L.condWidth),
      mask: new Float32Array(rows.length * L.cond.length),
      column: new Int32Array(rows.length),
      category: new Int32Array(rows.length),
    };
    if (L.cond.length === 0) return out;
    rows.forEach((r, i) => {
      const ci = rng.int(L.cond.length);
      this.set(out, i, ci, (this.categoryOf[ci] as Int32Array)[r] as number);
    });
    return out;
  }

  /** The training rows with these indices, as float32 GAN rows. */
  rowsAt(rows: Int32Array): Float32Array {
    const w = this.layout.width;
    const data = this.data as Float32Array;
    const out = new Float32Array(rows.length * w);
    rows.forEach((r, pos) => out.set(data.subarray(r * w, (r + 1) * w), pos * w));
    return out;
  }

  /** Real GAN rows that match the conditions of `b` (row i gets a row with b's category i), as float32. */
  realRows(b: CondBatch, order: readonly number[], rng: Random): Float32Array {
    const w = this.layout.width;
    const data = this.data as Float32Array;
    const out = new Float32Array(order.length * w);
    order.forEach((i, pos) => {
      let r: number;
      if (this.layout.cond.length === 0) r = rng.int(this.rows);
      else {
        const list = (this.rowsBy[b.column[i] as number] as Int32Array[])[b.category[i] as number] as Int32Array;
        r = list.length > 0 ? (list[rng.int(list.length)] as number) : rng.int(this.rows);
      }
      out.set(data.subarray(r * w, (r + 1) * w), pos * w);
    });
    return out;
  }
}

/**
 * The fidelity signal for early stopping: mean over columns of 1 − KS statistic (numerical,
 * datetime; non-null values) or 1 − total variation distance (categorical, boolean; null is a
 * category of its own). 1 means identical marginals.
 */
export class FidelityReference {
  private readonly refs: ({ kind: "numbers"; sorted: Float64Array } | { kind: "categories"; shares: Map<string, number> })[];
  private readonly names: string[];

  constructor(table: Table) {
    this.names = table.columns.map((c) => c.name);
    this.refs = table.columns.map((c) =>
      c.kind === "numerical" || c.kind === "datetime"
        ? { kind: "numbers", sorted: sortedNumbers(c.values) }
        : { kind: "categories", shares: shares(c.values) },
    );
  }

  score(table: Table): number {
    let total = 0;
    this.refs.forEach((ref, i) => {
      const col = table.columns.find((c) => c.name === this.names[i]) as TableColumn;
      if (ref.kind === "numbers") {
        const s = sortedNumbers(col.values);
        total += ref.sorted.length === 0 || s.length === 0 ? (ref.sorted.length === s.length ? 1 : 0) : 1 - ks(ref.sorted, s);
      } else {
        const mine = shares(col.values);
        let tvd = 0;
        for (const k of new Set([...ref.shares.keys(), ...mine.keys()]))
          tvd += Math.abs((ref.shares.get(k) ?? 0) - (mine.get(k) ?? 0));
        total += 1 - tvd / 2;
      }
    });
    return total / Math.max(this.refs.length, 1);
  }
}

function sortedNumbers(values: readonly CellValue[]): Float64Array {
  return Float64Array.from(values.filter((v): v is number => typeof v === "number")).sort();
}

function shares(values: readonly CellValue[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(JSON.stringify(v), (m.get(JSON.stringify(v)) ?? 0) + 1 / values.length);
  return m;
}

/** Two-sample Kolmogorov–Smirnov statistic of two sorted samples. */
export function ks(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i] as number, b[j] as number);
    while (i < a.length && (a[i] as number) <= x) i++;
    while (j < b.length && (b[j] as number) <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}
