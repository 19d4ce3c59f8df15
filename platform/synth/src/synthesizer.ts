import { type Table } from "@mesh/core";
import { type ColumnModel, type ColumnSpec } from "./columns.js";
import { type Conditions } from "./conditions.js";

/** The names `createSynthesizer` knows: `gan` is a CTGAN-class GAN on TensorFlow.js (gan/README.md). */
export type SynthesizerName = "gaussian-copula" | "gan";

export interface FitOptions {
  /** Seeds every random choice made while fitting (default 0). */
  seed?: number | string;
}

export interface SampleOptions {
  /** Seeds generation (default 0): the same fitted model, n, seed and options give the same rows. */
  seed?: number | string;
  /** Columns to fix on every generated row. */
  conditions?: Conditions;
  /**
   * A categorical or boolean column (e.g. a sensitive attribute) whose groups, as seen in
   * training, get equal counts (n split as evenly as integers allow; rows shuffled).
   */
  rebalance?: string;
}

/** A synthesizer before training: its settings, checked when it is created. */
export interface Synthesizer {
  readonly name: SynthesizerName;
  fit(table: Table, model: ColumnModel, options?: FitOptions): Promise<FittedSynthesizer>;
}

/** A trained synthesizer: generates tables shaped by its column model and saves itself as JSON. */
export interface FittedSynthesizer {
  readonly name: SynthesizerName;
  readonly columns: readonly ColumnSpec[];
  sample(n: number, options?: SampleOptions): Promise<Table>;
  /** A plain-JSON checkpoint that `loadSynthesizer` turns back into the same model. */
  toJSON(): SynthesizerCheckpoint;
}

/** What every checkpoint carries; the rest is the synthesizer's own. */
export interface SynthesizerCheckpoint {
  format: "mesh-synth-model";
  version: number;
  synthesizer: SynthesizerName;
  columns: ColumnSpec[];
}
