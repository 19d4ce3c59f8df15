import type { OdcsContract } from "./model.js";

/**
 * What a contract asks of the synthetic version of its data (and, later, of models), in the
 * custom property `meshObjectives` (contracts/README.md). Each objective names the evaluation
 * figure it bounds (`@mesh/quality`'s report) and on which side.
 */
export type ObjectiveGroup = "fidelity" | "privacy" | "fairness";

export interface SyntheticObjective {
  group: ObjectiveGroup;
  /** The key in the contract, e.g. `minQualityScore`. */
  name: string;
  /** The figure of the evaluation report it bounds, e.g. `qualityScore`. */
  metric: string;
  comparison: ">=" | "<=";
  threshold: number;
  description: string;
}

export interface SyntheticObjectives {
  objectives: SyntheticObjective[];
  /** The column utility is measured on (train-synthetic-test-real against train-real-test-real). */
  target: string | undefined;
  /**
   * Columns the utility and fairness models do not see: those that restate the target (a
   * diagnosis grade beside its yes/no), with which any model would be perfect on real and
   * synthetic rows alike and the comparison would measure nothing.
   */
  excludeFeatures: string[];
  /** Sensitive attributes whose groups fairness is measured over. */
  groupBy: string[];
  /** δ of the differential-privacy guarantee, when ε is bounded. */
  delta: number | undefined;
}

/** Every objective Mesh knows: its group, the report figure, the side, and the range of its threshold. */
export const OBJECTIVES: Readonly<
  Record<
    string,
    { group: ObjectiveGroup; metric: string; comparison: ">=" | "<="; range: "unit" | "positive" | "count"; description: string }
  >
> = {
  minQualityScore: {
    group: "fidelity",
    metric: "qualityScore",
    comparison: ">=",
    range: "unit",
    description: "SDMetrics quality score (mean of column shapes and column pair trends)",
  },
  minColumnShapeScore: {
    group: "fidelity",
    metric: "columnShapes",
    comparison: ">=",
    range: "unit",
    description: "mean KSComplement / TVComplement over the columns",
  },
  minColumnPairTrendScore: {
    group: "fidelity",
    metric: "columnPairTrends",
    comparison: ">=",
    range: "unit",
    description: "mean correlation / contingency similarity over the column pairs",
  },
  minUtilityRatio: {
    group: "fidelity",
    metric: "utilityRatio",
    comparison: ">=",
    range: "positive",
    description: "train-synthetic-test-real over train-real-test-real (macro F1) on the target",
  },
  maxExactMatchRate: {
    group: "privacy",
    metric: "exactMatchRate",
    comparison: "<=",
    range: "unit",
    description: "share of synthetic rows identical to a training row",
  },
  maxCloserToTrainingShare: {
    group: "privacy",
    metric: "closerToTrainingShare",
    comparison: "<=",
    range: "unit",
    description: "share of synthetic rows closer to a training row than to any holdout row",
  },
  maxMembershipInferenceAuc: {
    group: "privacy",
    metric: "membershipInferenceAuc",
    comparison: "<=",
    range: "unit",
    description: "AUC of a distance-based membership-inference attack",
  },
  minKAnonymity: {
    group: "privacy",
    metric: "kAnonymity",
    comparison: ">=",
    range: "count",
    description: "smallest group of synthetic rows sharing the quasi-identifiers",
  },
  maxEpsilon: {
    group: "privacy",
    metric: "epsilon",
    comparison: "<=",
    range: "positive",
    description: "ε spent by differentially private training, at the contract's δ",
  },
  maxGroupShareGap: {
    group: "fairness",
    metric: "groupShareGap",
    comparison: "<=",
    range: "unit",
    description: "largest difference of a group's share, synthetic against real",
  },
  maxDemographicParityDifference: {
    group: "fairness",
    metric: "demographicParityDifference",
    comparison: "<=",
    range: "unit",
    description: "demographic-parity difference of the synthetic-trained model",
  },
  maxEqualizedOddsDifference: {
    group: "fairness",
    metric: "equalizedOddsDifference",
    comparison: "<=",
    range: "unit",
    description: "equalised-odds difference of the synthetic-trained model",
  },
};

/** Keys that are settings of an objective group rather than objectives. */
export const OBJECTIVE_SETTINGS: Readonly<Record<string, ObjectiveGroup>> = {
  target: "fidelity",
  excludeFeatures: "fidelity",
  delta: "privacy",
  groupBy: "fairness",
};

/**
 * The synthetic objectives of a contract that passed `validateContract` (an empty list when it
 * declares none).
 */
export function syntheticObjectives(contract: OdcsContract): SyntheticObjectives {
  const value = contract.customProperties?.find((p) => p.property === "meshObjectives")?.value as
    Partial<Record<ObjectiveGroup, Record<string, unknown>>> | undefined;
  const objectives: SyntheticObjective[] = [];
  for (const group of ["fidelity", "privacy", "fairness"] as const) {
    for (const [name, threshold] of Object.entries(value?.[group] ?? {})) {
      const known = OBJECTIVES[name];
      if (!known || typeof threshold !== "number") continue;
      objectives.push({
        group,
        name,
        metric: known.metric,
        comparison: known.comparison,
        threshold,
        description: known.description,
      });
    }
  }
  const target = value?.fidelity?.target;
  const excludeFeatures = value?.fidelity?.excludeFeatures;
  const groupBy = value?.fairness?.groupBy;
  const delta = value?.privacy?.delta;
  return {
    objectives,
    target: typeof target === "string" ? target : undefined,
    excludeFeatures: Array.isArray(excludeFeatures) ? excludeFeatures.filter((c): c is string => typeof c === "string") : [],
    groupBy: Array.isArray(groupBy) ? groupBy.filter((g): g is string => typeof g === "string") : [],
    delta: typeof delta === "number" ? delta : undefined,
  };
}

/**
 * How a dataset's synthetic version is made when nobody asks for anything else (`mesh up`): the
 * contract's `meshSynthesizer` custom property. `exclude` names columns the synthesizer must not
 * learn (reference numbers, free-text notes, codes that restate another column): they are left
 * null in the synthetic rows.
 */
export interface SynthesizerDefaults {
  synthesizer: string | undefined;
  settings: Record<string, unknown> | undefined;
  seed: number | undefined;
  filters: Record<string, unknown> | undefined;
  exclude: string[];
  /**
   * Whether the primary key's columns are facts to learn (a place and a week) rather than an
   * identifier to generate fresh: then the synthetic rows carry learnt values there, and may
   * repeat a key (the synthetic table has none).
   */
  naturalKey: boolean;
}

export function synthesizerDefaults(contract: OdcsContract): SynthesizerDefaults {
  const value = contract.customProperties?.find((p) => p.property === "meshSynthesizer")?.value as
    Record<string, unknown> | undefined;
  const object = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  return {
    synthesizer: typeof value?.synthesizer === "string" ? value.synthesizer : undefined,
    settings: object(value?.settings),
    seed: typeof value?.seed === "number" ? value.seed : undefined,
    filters: object(value?.filters),
    exclude: Array.isArray(value?.exclude) ? value.exclude.filter((c): c is string => typeof c === "string") : [],
    naturalKey: value?.naturalKey === true,
  };
}
