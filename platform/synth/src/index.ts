export {
  type ColumnSpec,
  type ColumnModel,
  checkColumnModel,
  checkTableAgainstModel,
  finalizeNumber,
  numberFinalizer,
  inferColumnModel,
} from "./columns.js";
export { type Condition, type Conditions } from "./conditions.js";
export { type GaussianMixture, type GaussianMixtureOptions, fitGaussianMixture } from "./gmm.js";
export {
  TableTransformer,
  type OutputSpan,
  type TransformerOptions,
  type TableTransformerJSON,
  type ColumnTransformerState,
} from "./transformers.js";
export {
  type FitOptions,
  type SampleOptions,
  type Synthesizer,
  type FittedSynthesizer,
  type SynthesizerCheckpoint,
  type SynthesizerName,
} from "./synthesizer.js";
export {
  type GaussianCopulaSettings,
  DEFAULT_COPULA_SETTINGS,
  parseGaussianCopulaSettings,
  type GanSettings,
  DEFAULT_GAN_SETTINGS,
  parseGanSettings,
} from "./settings.js";
export { GaussianCopulaSynthesizer, FittedGaussianCopula, type GaussianCopulaCheckpoint, type Marginal } from "./copula.js";
export { createSynthesizer, loadSynthesizer } from "./registry.js";
export {
  GanSynthesizer,
  FittedGan,
  type GanCheckpoint,
  type GanFitOptions,
  type GanProgress,
  type GanTrainingRecord,
} from "./gan/ctgan.js";
export { selectBackend, BACKEND_SETTINGS, type BackendChoice, type BackendName, type BackendSetting } from "./gan/backend.js";
export {
  synthesizeParentChild,
  deriveParentTable,
  ksDistance,
  type ParentChildInput,
  type ParentChildResult,
  type ParentChildReport,
  type ParentInput,
  type ChildInput,
} from "./relational.js";
export { type DifferentialPrivacySettings } from "./gan/settings.js";
export { type GanPrivacyRecord } from "./gan/ctgan.js";
export {
  planPrivacy,
  privacySpent,
  assertWithinBudget,
  sampledGaussianRdp,
  DEFAULT_ORDERS,
  ACCOUNTANT_NAME,
  type PrivacySpent,
  type PrivacyPlanInput,
} from "./privacy/accountant.js";
export { clippedSum, noisyMean } from "./privacy/dp-sgd.js";
export { filterSynthetic, nearestRealDistances, type FilterOptions, type FilterResult } from "./privacy/filters.js";
