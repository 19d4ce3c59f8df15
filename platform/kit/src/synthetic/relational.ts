import type pg from "pg";
import { InputError } from "@mesh/core";
import { deriveParentTable, synthesizeParentChild, type ParentChildResult, type SynthesizerName } from "@mesh/synth";
import type { Dataset } from "../define.js";
import { readTable, synthesisColumns } from "./table.js";

export interface RelatedSynthesisOptions {
  /** The column of the dataset holding its parent's key, e.g. a shipment's `country`. */
  foreignKey: string;
  /** Parent columns (constant within each parent in the dataset) left out of the parent: codes that only re-encode the key. */
  leaveOut?: readonly string[];
  synthesizer?: SynthesizerName;
  settings?: unknown;
  seed?: number;
}

/**
 * A parent/child pair synthesised from one dataset whose rows carry their parent's attributes
 * (shipments with their destination country's): the parent table is derived by grouping on the
 * foreign key, and @mesh/synth's hierarchical synthesis generates synthetic parents with fresh
 * keys, their number of children, and the children conditioned on their parent. Every synthetic
 * child's foreign key is a synthetic parent's key; the report gives the children-per-parent fit.
 * The real rows are read as for any synthesis (identifiers and PHI left out).
 */
export async function synthesizeRelated(
  pool: pg.Pool,
  dataset: Dataset,
  options: RelatedSynthesisOptions,
): Promise<ParentChildResult> {
  const { model } = synthesisColumns(dataset);
  if (!model.some((c) => c.name === options.foreignKey)) {
    throw new InputError(
      `${dataset.urn}: ${options.foreignKey} is not a column the synthesizer learns, so it cannot link parents`,
    );
  }
  const real = await readTable(pool, dataset, model);
  const derived = deriveParentTable(real, options.foreignKey, model);
  const leaveOut = new Set(options.leaveOut ?? []);
  const parent = { ...derived, columns: derived.columns.filter((c) => !leaveOut.has(c.name)) };
  return synthesizeParentChild({
    parent,
    child: { table: real, columns: model.filter((c) => !leaveOut.has(c.name)), foreignKey: options.foreignKey },
    ...(options.synthesizer ? { synthesizer: options.synthesizer } : {}),
    ...(options.settings !== undefined ? { settings: options.settings } : {}),
    seed: options.seed ?? 0,
  });
}
