import type { SyntheticObjective, SyntheticObjectives } from "@mesh/contracts";
import { InputError } from "@mesh/core";
import type { EvaluationReport } from "@mesh/quality";
import type { Dataset } from "../define.js";

export interface ObjectiveResult {
  name: string;
  metric: string;
  comparison: ">=" | "<=";
  threshold: number;
  /** The figure measured; null when the evaluation could not measure it. */
  measured: number | null;
  passed: boolean;
  /** Why it failed, naming the figure: e.g. "qualityScore 0.81 is below 0.85". */
  reason: string | null;
}

export interface GateResult {
  /** Whether every objective passed: only then is the synthetic version published. */
  passed: boolean;
  results: ObjectiveResult[];
}

/**
 * Judges an evaluation against a contract's synthetic objectives. A figure the evaluation could
 * not measure fails its objective (publishing needs evidence, not its absence). Fairness figures
 * are the worst over the `groupBy` attributes (and, for the model differences, over the model
 * families): the synthetic-trained model's difference minus the real-trained one's, so that the
 * objective bounds how much less fair the synthetic data makes a model.
 */
export function judgeObjectives(
  report: EvaluationReport,
  objectives: SyntheticObjectives,
  extra: { epsilon?: number | null } = {},
): GateResult {
  const results = objectives.objectives.map((objective) => judge(objective, measure(objective.metric, report, extra)));
  // No objective is no evidence: nothing is published on it.
  return { passed: results.length > 0 && results.every((r) => r.passed), results };
}

/**
 * Refuses synthesis for a dataset judged by no objective (its contract declares no
 * `meshObjectives`, and none were given instead): it has no SYNTHETIC port, and no version could
 * be published on one.
 */
export function assertObjectives(dataset: Dataset, objectives: SyntheticObjectives): void {
  if (objectives.objectives.length > 0) return;
  throw new InputError(
    `${dataset.urn} declares no synthetic objectives (its contract's meshObjectives): it has no SYNTHETIC port to publish a synthetic version on`,
  );
}

function measure(metric: string, report: EvaluationReport, extra: { epsilon?: number | null }): number | null {
  const worst = (values: Array<number | null>) => {
    const defined = values.filter((v): v is number => v !== null);
    return defined.length === 0 ? null : Math.max(...defined);
  };
  switch (metric) {
    case "qualityScore":
      return report.quality.score;
    case "columnShapes":
      return report.quality.columnShapes.score;
    case "columnPairTrends":
      return report.quality.columnPairTrends.score;
    case "utilityRatio":
      return report.utility?.ratio ?? null;
    case "exactMatchRate":
      return report.privacy.exactMatchRate;
    case "closerToTrainingShare":
      return report.privacy.dcr.closerToTrainingShare;
    case "membershipInferenceAuc":
      return report.privacy.membershipInference.auc;
    case "kAnonymity":
      return report.privacy.kAnonymity.synthetic.minClassSize;
    case "epsilon":
      return extra.epsilon ?? null;
    case "groupShareGap":
      return worst(report.fairness.map((f) => f.maxShareGap));
    case "demographicParityDifference":
      return worst(report.fairness.flatMap((f) => f.models.map((m) => m.demographicParityDelta)));
    case "equalizedOddsDifference":
      return worst(report.fairness.flatMap((f) => f.models.map((m) => m.equalizedOddsDelta)));
    default:
      return null;
  }
}

function judge(objective: SyntheticObjective, measured: number | null): ObjectiveResult {
  const { name, metric, comparison, threshold } = objective;
  const passed = measured !== null && (comparison === ">=" ? measured >= threshold : measured <= threshold);
  const shown = (n: number) => String(Math.round(n * 1e4) / 1e4);
  return {
    name,
    metric,
    comparison,
    threshold,
    measured,
    passed,
    reason: passed
      ? null
      : measured === null
        ? `${metric} could not be measured (the objective needs it)`
        : `${metric} ${shown(measured)} is ${comparison === ">=" ? "below" : "above"} ${threshold}`,
  };
}
