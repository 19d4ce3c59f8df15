export {
  ksComplement,
  ksStatistic,
  tvComplement,
  correlation,
  averageRanks,
  correlationSimilarity,
  binEdges,
  contingencySimilarity,
  columnShapes,
  columnPairTrends,
  qualityScore,
  columnDistributions,
  type DistributionBin,
  type ColumnDistribution,
  type CorrelationMethod,
  type ColumnShapeScore,
  type ColumnShapesReport,
  type ColumnPairScore,
  type ColumnPairTrendsReport,
  type QualityReport,
} from "./fidelity.js";
export {
  FeatureEncoder,
  trainLogisticRegression,
  largestEigenvalue,
  trainRandomForest,
  type Matrix,
  type Classifier,
  type LogisticRegressionOptions,
  type RandomForestOptions,
} from "./models.js";
export {
  classificationScores,
  runUtility,
  MODEL_FAMILIES,
  type ModelFamily,
  type ClassificationScores,
  type FamilyUtility,
  type UtilityReport,
  type UtilityRun,
  type UtilityOptions,
} from "./utility.js";
export { DistanceSpace, exactMatchRate, rocAuc, kAnonymity, privacy, type KAnonymity, type PrivacyReport } from "./privacy.js";
export {
  groupShares,
  modelFairness,
  fairness,
  type GroupShare,
  type GroupRates,
  type ModelFairness,
  type AttributeFairness,
} from "./fairness.js";
export { evaluate, type EvaluateOptions, type EvaluationReport } from "./evaluate.js";
export { seededRandom, selectRows } from "./values.js";
export {
  plotEvaluation,
  type PlotEvaluationInput,
  type EvaluationPlots,
  type ColumnPlot,
  type CorrelationPlots,
} from "./plots/plot-evaluation.js";
export {
  columnShares,
  binLayout,
  binCounts,
  correlationMatrix,
  correlationDifference,
  type ShareBar,
  type ShareBarKind,
  type ColumnShares,
  type BinLayout,
  type CorrelationMatrix,
} from "./plots/aggregate.js";
