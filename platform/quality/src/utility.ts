import { type CellValue, InputError, type Table, column } from "@mesh/core";
import {
  type Classifier,
  FeatureEncoder,
  type LogisticRegressionOptions,
  type Matrix,
  type RandomForestOptions,
  trainLogisticRegression,
  trainRandomForest,
} from "./models.js";
import { categoryKey, meanOrNull, selectRows } from "./values.js";

/**
 * Machine-learning utility: train-synthetic-test-real (TSTR) against train-real-test-real
 * (TRTR) for a target column, both tested on the real holdout, with two classifier families.
 */

export type ModelFamily = "logistic-regression" | "random-forest";
export const MODEL_FAMILIES: readonly ModelFamily[] = ["logistic-regression", "random-forest"];

/** The most classes a target may have (a continuous target must be binned first). */
export const MAX_CLASSES = 100;

export interface ClassificationScores {
  /** Share of test rows predicted right; null without test rows. */
  accuracy: number | null;
  /** Unweighted mean of the per-class F1 over the classes present in the truth or the predictions (scikit-learn's `average="macro"`). */
  f1Macro: number | null;
  /** F1 of the positive class, for a two-class target only (null otherwise); 0 when the class is never predicted nor present. */
  f1Binary: number | null;
}

/**
 * Scores of predictions against the truth (class indices). Per class k: F1 = 2·TP/(2·TP + FP + FN).
 */
export function classificationScores(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
  positive: number | null,
): ClassificationScores {
  const n = truth.length;
  if (n === 0) return { accuracy: null, f1Macro: null, f1Binary: null };
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (t === p) {
      correct++;
      tp[t] = tp[t]! + 1;
    } else {
      fp[p] = fp[p]! + 1;
      fn[t] = fn[t]! + 1;
    }
  }
  const f1 = (k: number): number | null => {
    const denominator = 2 * tp[k]! + fp[k]! + fn[k]!;
    return denominator === 0 ? null : (2 * tp[k]!) / denominator;
  };
  const perClass = Array.from({ length: classes }, (_, k) => f1(k));
  return {
    accuracy: correct / n,
    f1Macro: meanOrNull(perClass),
    f1Binary: positive === null ? null : (perClass[positive] ?? 0),
  };
}

export interface FamilyUtility {
  family: ModelFamily;
  /** Trained on the real training rows, tested on the real holdout. */
  trainRealTestReal: ClassificationScores;
  /** Trained on the synthetic rows, tested on the real holdout. */
  trainSyntheticTestReal: ClassificationScores;
  /** TSTR / TRTR, per score; null where TRTR is 0 or either is undefined. */
  ratio: { accuracy: number | null; f1Macro: number | null };
}

export interface UtilityReport {
  target: string;
  /** The target's classes, in the order of their category keys. */
  classes: CellValue[];
  /** The positive class of a two-class target (F1 binary, fairness rates); null otherwise. */
  positiveClass: CellValue;
  families: FamilyUtility[];
  /** The utility ratio: the mean over families of TSTR macro-F1 / TRTR macro-F1; null if none is defined. */
  ratio: number | null;
}

/** What fairness needs from the utility run: predictions of both models on the holdout rows kept. */
export interface UtilityRun {
  report: UtilityReport;
  /** Holdout row indices with a non-null target, the rows tested. */
  holdoutRows: number[];
  /** Class index of each tested holdout row. */
  truth: Int32Array;
  /** Index of the positive class, or null. */
  positive: number | null;
  predictions: { family: ModelFamily; real: Int32Array; synthetic: Int32Array }[];
}

export interface UtilityOptions {
  train: Table;
  holdout: Table;
  synthetic: Table;
  target: string;
  /** The positive class of a two-class target; by default the second of the two in key order (true over false, 1 over 0, "yes" over "no"). */
  positiveClass?: CellValue;
  families?: readonly ModelFamily[];
  /** Columns the models do not see (besides the target): those that restate it. */
  excludeFeatures?: readonly string[];
  seed?: number;
  logisticRegression?: LogisticRegressionOptions;
  randomForest?: Omit<RandomForestOptions, "seed">;
}

/**
 * Trains each family on the real training rows and on the synthetic rows (features: every
 * column but the target and `excludeFeatures`, encoded by a {@link FeatureEncoder} fitted on the rows trained on),
 * and scores both on the real holdout. Rows whose target is null are left out everywhere.
 * The target's values are class labels whatever the column's kind.
 */
export function runUtility(options: UtilityOptions): UtilityRun {
  const { train, holdout, synthetic, target } = options;
  for (const name of options.excludeFeatures ?? []) column(train, name); // an unknown column is named
  const excluded = new Set([target, ...(options.excludeFeatures ?? [])]);
  const features = train.columns.map((c) => c.name).filter((n) => !excluded.has(n));
  const labelled = (t: Table): number[] => {
    const values = column(t, target).values;
    return values.flatMap((v, i) => (v === null ? [] : [i]));
  };
  const trainRows = labelled(train);
  const holdoutRows = labelled(holdout);
  const synthRows = labelled(synthetic);

  const byKey = new Map<string, CellValue>();
  for (const t of [train, holdout, synthetic])
    for (const v of column(t, target).values) if (v !== null) byKey.set(categoryKey(v), v);
  const keys = [...byKey.keys()].sort();
  if (keys.length > MAX_CLASSES) {
    throw new InputError(
      `target "${target}" has ${keys.length} distinct values; utility needs a classification target (at most ${MAX_CLASSES} classes): bin it first`,
    );
  }
  const index = new Map(keys.map((k, i) => [k, i]));
  const classes = keys.map((k) => byKey.get(k) ?? null);
  let positive: number | null = null;
  if (options.positiveClass !== undefined && options.positiveClass !== null) {
    positive = index.get(categoryKey(options.positiveClass)) ?? null;
    if (positive === null)
      throw new InputError(`positive class ${JSON.stringify(options.positiveClass)} is not a value of "${target}"`);
    if (keys.length !== 2) positive = null;
  } else if (keys.length === 2) positive = 1;
  const labels = (t: Table, rows: number[]): Int32Array => {
    const values = column(t, target).values;
    return Int32Array.from(rows, (r) => index.get(categoryKey(values[r] ?? null))!);
  };
  const truth = labels(holdout, holdoutRows);

  const fit = (family: ModelFamily, source: Table, rows: number[]): Int32Array => {
    const data = selectRows(source, rows);
    const encoder = new FeatureEncoder(data, features);
    const x: Matrix = encoder.transform(data);
    const y = labels(source, rows);
    const model: Classifier =
      family === "logistic-regression"
        ? trainLogisticRegression(x, y, keys.length, options.logisticRegression)
        : trainRandomForest(x, y, keys.length, { ...options.randomForest, seed: options.seed ?? 0 });
    return model.predict(encoder.transform(selectRows(holdout, holdoutRows)));
  };

  const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);
  const predictions: UtilityRun["predictions"] = [];
  const families: FamilyUtility[] = [];
  for (const family of options.families ?? MODEL_FAMILIES) {
    const real = fit(family, train, trainRows);
    const synth = fit(family, synthetic, synthRows);
    predictions.push({ family, real, synthetic: synth });
    const trtr = classificationScores(truth, real, keys.length, positive);
    const tstr = classificationScores(truth, synth, keys.length, positive);
    families.push({
      family,
      trainRealTestReal: trtr,
      trainSyntheticTestReal: tstr,
      ratio: { accuracy: ratio(tstr.accuracy, trtr.accuracy), f1Macro: ratio(tstr.f1Macro, trtr.f1Macro) },
    });
  }
  const report: UtilityReport = {
    target,
    classes,
    positiveClass: positive === null ? null : (classes[positive] ?? null),
    families,
    ratio: meanOrNull(families.map((f) => f.ratio.f1Macro)),
  };
  return { report, holdoutRows, truth, positive, predictions };
}
