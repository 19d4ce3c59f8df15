import { InputError, type CellValue, type Table, type TableColumn } from "@mesh/core";
import { checkTableAgainstModel, numberFinalizer, type ColumnModel, type ColumnSpec } from "./columns.js";
import { fitGaussianMixture, mostProbableComponent, type GaussianMixture, type GaussianMixtureOptions } from "./gmm.js";

/**
 * Reversible column transformers: a table becomes a matrix of numbers a network can learn
 * from, and a matrix of the same shape (e.g. a generator's output) becomes a valid table.
 *
 * - numerical and datetime: mode-specific normalisation (CTGAN, Xu et al. 2019): a Gaussian
 *   mixture is fitted to the column; a value x is encoded as the one-hot of its most probable
 *   mode k and the scalar α = (x − μ_k) / (4σ_k). The inverse takes the mode with the largest
 *   output and returns μ_k + 4σ_k·α, clamped to the bounds and rounded as the column asks.
 *   (CTGAN samples the mode from the posterior; we take the most probable one, so that the
 *   encoding is a function of the value.)
 * - categorical: one-hot over the categories seen in training (allowed values never seen are not
 *   given a slot). Unseen values at transform time follow the `unseen` policy: "error" (default)
 *   refuses them; "other" maps them to an extra slot, which the inverse turns into the most
 *   frequent training category, so the output always stays within the allowed values.
 * - boolean: one number, 1 for true; the inverse thresholds at 0.5.
 * - nullable columns get one more number, the null indicator (1 = null, and then the column's
 *   other numbers are 0); the inverse returns null when it is above 0.5.
 */

/** What a span of the encoded row holds, and the activation a generator should put on it. */
export interface OutputSpan {
  column: string;
  role: "alpha" | "modes" | "one-hot" | "boolean" | "null";
  start: number;
  size: number;
  activation: "tanh" | "softmax" | "sigmoid";
}

export type ColumnTransformerState =
  | { type: "mode-normal"; spec: ColumnSpec; mixture: GaussianMixture }
  | { type: "one-hot"; spec: ColumnSpec; categories: CellValue[]; other: boolean; fallback: number }
  | { type: "boolean"; spec: ColumnSpec };

export interface TableTransformerJSON {
  format: "mesh-synth-transformer";
  version: 1;
  columns: ColumnTransformerState[];
}

export interface TransformerOptions {
  /** What `transform` does with a categorical value not seen in `fit`. */
  unseen?: "error" | "other";
  gmm?: GaussianMixtureOptions;
}

function width(state: ColumnTransformerState): number {
  const base =
    state.type === "mode-normal"
      ? 1 + state.mixture.means.length
      : state.type === "one-hot"
        ? state.categories.length + (state.other ? 1 : 0)
        : 1;
  return base + (state.spec.nullable ? 1 : 0);
}

export class TableTransformer {
  /** Encoded numbers per row. */
  readonly width: number;
  readonly spans: readonly OutputSpan[];
  private readonly offsets: number[];
  private readonly lookups: (Map<CellValue, number> | null)[];

  private constructor(readonly columns: readonly ColumnTransformerState[]) {
    this.offsets = [];
    const spans: OutputSpan[] = [];
    let at = 0;
    for (const c of columns) {
      this.offsets.push(at);
      const name = c.spec.name;
      if (c.type === "mode-normal") {
        spans.push({ column: name, role: "alpha", start: at, size: 1, activation: "tanh" });
        spans.push({ column: name, role: "modes", start: at + 1, size: c.mixture.means.length, activation: "softmax" });
      } else if (c.type === "one-hot") {
        spans.push({
          column: name,
          role: "one-hot",
          start: at,
          size: c.categories.length + (c.other ? 1 : 0),
          activation: "softmax",
        });
      } else {
        spans.push({ column: name, role: "boolean", start: at, size: 1, activation: "sigmoid" });
      }
      const w = width(c);
      if (c.spec.nullable) spans.push({ column: name, role: "null", start: at + w - 1, size: 1, activation: "sigmoid" });
      at += w;
    }
    this.width = at;
    this.spans = spans;
    this.lookups = columns.map((c) => (c.type === "one-hot" ? new Map(c.categories.map((v, i) => [v, i])) : null));
  }

  /** Fits one transformer per column of the model to the table. */
  static fit(table: Table, model: ColumnModel, options: TransformerOptions = {}): TableTransformer {
    const cols = checkTableAgainstModel(table, model);
    const states = model.map((spec, i): ColumnTransformerState => {
      const values = (cols[i] as TableColumn).values;
      const present = values.filter((v): v is Exclude<CellValue, null> => v !== null);
      switch (spec.kind) {
        case "numerical":
        case "datetime":
          return { type: "mode-normal", spec, mixture: fitGaussianMixture(present as number[], options.gmm) };
        case "boolean":
          return { type: "boolean", spec };
        case "categorical": {
          const counts = new Map<CellValue, number>();
          for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
          const categories = [...counts.keys()];
          if (categories.length === 0)
            throw new InputError(`column "${spec.name}" has no non-null value to learn categories from`);
          let fallback = 0;
          categories.forEach((c, j) => {
            if ((counts.get(c) ?? 0) > (counts.get(categories[fallback] as CellValue) ?? 0)) fallback = j;
          });
          return { type: "one-hot", spec, categories, other: options.unseen === "other", fallback };
        }
      }
    });
    return new TableTransformer(states);
  }

  static fromJSON(json: TableTransformerJSON): TableTransformer {
    if (json?.format !== "mesh-synth-transformer" || json.version !== 1)
      throw new InputError("not a mesh-synth-transformer version 1 document");
    return new TableTransformer(json.columns);
  }

  toJSON(): TableTransformerJSON {
    return { format: "mesh-synth-transformer", version: 1, columns: this.columns.map((c) => structuredClone(c)) };
  }

  /** Encodes the table (which must match the fitted model) row-major: rows × width. */
  transform(table: Table): Float64Array {
    const cols = checkTableAgainstModel(
      table,
      this.columns.map((c) => (c.type === "one-hot" ? { ...c.spec, allowedValues: undefined } : c.spec)),
    );
    const n = cols[0]?.values.length ?? 0;
    const out = new Float64Array(n * this.width);
    this.columns.forEach((state, ci) => {
      const values = (cols[ci] as TableColumn).values;
      const off = this.offsets[ci] as number;
      const w = width(state);
      for (let r = 0; r < n; r++) {
        const base = r * this.width + off;
        const v = values[r] as CellValue;
        if (v === null) {
          out[base + w - 1] = 1;
          continue;
        }
        if (state.type === "mode-normal") {
          const x = v as number;
          const k = mostProbableComponent(state.mixture, x);
          out[base] = (x - (state.mixture.means[k] as number)) / (4 * (state.mixture.stds[k] as number));
          out[base + 1 + k] = 1;
        } else if (state.type === "boolean") {
          out[base] = v === true ? 1 : 0;
        } else {
          const j = (this.lookups[ci] as Map<CellValue, number>).get(v);
          if (j !== undefined) out[base + j] = 1;
          else if (state.other) out[base + state.categories.length] = 1;
          else
            throw new InputError(
              `column "${state.spec.name}", row ${r}: ${JSON.stringify(v)} was not seen when the transformer was fitted`,
            );
        }
      }
    });
    return out;
  }

  /** Decodes a rows × width matrix (row-major) into a table that satisfies the column model. */
  inverse(data: ArrayLike<number>, rows = data.length / this.width): Table {
    if (!Number.isInteger(rows) || data.length < rows * this.width)
      throw new InputError(`expected ${rows} rows of ${this.width} numbers, got ${data.length} numbers`);
    const columns = this.columns.map((state, ci): TableColumn => {
      const off = this.offsets[ci] as number;
      const w = width(state);
      const spec = state.spec;
      const values: CellValue[] = new Array(rows);
      const finalize = numberFinalizer(spec);
      for (let r = 0; r < rows; r++) {
        const base = r * this.width + off;
        if (spec.nullable && (data[base + w - 1] as number) > 0.5) {
          values[r] = null;
          continue;
        }
        if (state.type === "mode-normal") {
          const k = argmax(data, base + 1, state.mixture.means.length);
          const x = (data[base] as number) * 4 * (state.mixture.stds[k] as number) + (state.mixture.means[k] as number);
          values[r] = finalize(x);
        } else if (state.type === "boolean") {
          values[r] = (data[base] as number) > 0.5;
        } else {
          const j = argmax(data, base, state.categories.length + (state.other ? 1 : 0));
          values[r] = state.categories[j < state.categories.length ? j : state.fallback] as CellValue;
        }
      }
      return { name: spec.name, kind: spec.kind, values };
    });
    return { columns };
  }
}

function argmax(data: ArrayLike<number>, start: number, size: number): number {
  let best = 0;
  for (let j = 1; j < size; j++) if ((data[start + j] as number) > (data[start + best] as number)) best = j;
  return best;
}
