import { type CellValue, InputError, type Table, column, rowCount } from "@mesh/core";
import { type AttributeFairness, fairness } from "./fairness.js";
import { type CorrelationMethod, type QualityReport, qualityScore } from "./fidelity.js";
import { type PrivacyReport, privacy } from "./privacy.js";
import { type ModelFamily, type UtilityReport, runUtility } from "./utility.js";

export interface EvaluateOptions {
  /** The real rows the synthesizer was trained on. */
  train: Table;
  /** Real rows the synthesizer never saw (same columns). */
  holdout: Table;
  synthetic: Table;
  /**
   * The column the utility models predict (its values are class labels). Without one, utility
   * is not measured (a table with no outcome worth predicting, e.g. weekly surveillance counts)
   * and fairness compares group shares only.
   */
  target?: string;
  quasiIdentifiers?: readonly string[];
  sensitiveAttributes?: readonly string[];
  /** Seeds the random forest; the report is a function of the inputs and the seed. Default 0. */
  seed?: number;
  /** Compare DCR against real parts of equal size, the larger subsampled with the seed (default true). */
  balanceDcr?: boolean;
  /** k of the k-anonymity figures (default 5). */
  k?: number;
  /** Correlation in column pair trends (default Pearson, as SDMetrics). */
  correlation?: CorrelationMethod;
  /** Bins of continuous columns in contingency tables (default 10, as SDMetrics). */
  numBins?: number;
  /** The positive class of a two-class target (see runUtility). */
  positiveClass?: CellValue;
  families?: readonly ModelFamily[];
  /** Columns the utility and fairness models do not see: those that restate the target. */
  excludeFeatures?: readonly string[];
}

export interface EvaluationReport {
  rows: { train: number; holdout: number; synthetic: number };
  /** Fidelity of the synthetic rows to the real training rows (SDMetrics' quality report). */
  quality: QualityReport;
  /** Null when no target was given. */
  utility: UtilityReport | null;
  privacy: PrivacyReport;
  fairness: AttributeFairness[];
}

/**
 * The whole evaluation of a synthetic table against the real data: fidelity (against the
 * training rows), utility and fairness (models tested on the holdout), privacy (training vs
 * holdout). Every column of `train` must be in `holdout` and `synthetic` with the same kind.
 */
export function evaluate(options: EvaluateOptions): EvaluationReport {
  const { train, holdout, synthetic, target } = options;
  for (const c of train.columns) {
    for (const [name, t] of [
      ["holdout", holdout],
      ["synthetic", synthetic],
    ] as const) {
      const other = column(t, c.name);
      if (other.kind !== c.kind)
        throw new InputError(`column "${c.name}" is ${c.kind} in the training table and ${other.kind} in the ${name} table`);
    }
  }
  if (target !== undefined) column(train, target);
  const fidelityOptions = {
    ...(options.correlation ? { method: options.correlation } : {}),
    ...(options.numBins ? { numBins: options.numBins } : {}),
  };
  const utility =
    target === undefined
      ? null
      : runUtility({
          train,
          holdout,
          synthetic,
          target,
          seed: options.seed ?? 0,
          ...(options.positiveClass !== undefined ? { positiveClass: options.positiveClass } : {}),
          ...(options.families ? { families: options.families } : {}),
          ...(options.excludeFeatures ? { excludeFeatures: options.excludeFeatures } : {}),
        });
  return {
    rows: { train: rowCount(train), holdout: rowCount(holdout), synthetic: rowCount(synthetic) },
    quality: qualityScore(train, synthetic, fidelityOptions),
    utility: utility?.report ?? null,
    privacy: privacy({
      train,
      holdout,
      synthetic,
      quasiIdentifiers: options.quasiIdentifiers ?? [],
      seed: options.seed ?? 0,
      ...(options.balanceDcr === undefined ? {} : { balanceDcr: options.balanceDcr }),
      ...(options.k ? { k: options.k } : {}),
    }),
    fairness: fairness({
      train,
      holdout,
      synthetic,
      sensitiveAttributes: options.sensitiveAttributes ?? [],
      ...(utility ? { utility } : {}),
    }),
  };
}
