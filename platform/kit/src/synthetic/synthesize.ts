import type pg from "pg";
import { synthesizerDefaults, syntheticObjectives, type SyntheticObjectives } from "@mesh/contracts";
import type { EvaluationReport } from "@mesh/quality";
import type { FilterOptions } from "@mesh/synth";
import type { Dataset } from "../define.js";
import { assertObjectives, type GateResult } from "./gate.js";
import {
  evaluateSyntheticDataset,
  generateSyntheticDataset,
  trainSynthesizer,
  type GenerateOptions,
  type StepProgress,
} from "./steps.js";

/**
 * How a dataset's synthetic version is made when nobody asks for anything else (`mesh up`,
 * `mesh synth` without flags): its contract's `meshSynthesizer`, else the copula with seed 0.
 */
export function defaultSynthesis(dataset: Dataset): {
  synthesizer: string;
  settings: unknown;
  seed: number;
  filters?: GenerateOptions["filters"];
} {
  const declared = synthesizerDefaults(dataset.contract.document);
  return {
    synthesizer: declared.synthesizer ?? "gaussian-copula",
    settings: declared.settings ?? {},
    seed: declared.seed ?? 0,
    ...(declared.filters ? { filters: declared.filters as GenerateOptions["filters"] } : {}),
  };
}

export interface SynthesisOptions {
  /** `gaussian-copula` (default) or `gan`. */
  synthesizer?: string;
  settings?: unknown;
  seed?: number;
  /** Synthetic rows to generate; default as many as the training rows. */
  rows?: number;
  /** Share of the real rows held out for the evaluation (never seen by the synthesizer). Default 0.2. */
  holdoutShare?: number;
  /**
   * The most rows of each part (training, holdout, synthetic) the evaluation compares, a seeded
   * sample of each: its nearest-neighbour and model-training steps grow with the rows. Default 2,000.
   */
  evaluationRows?: number;
  /** The utility target; default the contract's `fidelity.target` (none: utility is not measured). */
  target?: string;
  /** Objectives to judge by instead of the contract's (experiments, tests). */
  objectives?: SyntheticObjectives;
  /** Post-generation privacy filters (rows too close to a real row, outliers). */
  filters?: FilterOptions;
  /** Called as each step starts and as it goes (epochs while training). */
  onProgress?: (progress: SynthesisProgress) => void;
  signal?: AbortSignal;
}

export const SYNTHESIS_STEPS = ["train", "generate", "evaluate"] as const;
export interface SynthesisProgress extends StepProgress {
  step: (typeof SYNTHESIS_STEPS)[number];
  /** Steps done, out of SYNTHESIS_STEPS.length. */
  done: number;
}

export interface SynthesisResult {
  modelId: string;
  versionId: string;
  datasetUrn: string;
  synthesizer: string;
  rows: { train: number; holdout: number; synthetic: number };
  /** Whether every objective passed, so that this version is the dataset's published synthetic port. */
  published: boolean;
  gate: GateResult;
  report: EvaluationReport;
}

/**
 * Makes a synthetic version of a dataset in one go: trains a synthesizer (a seeded share of the
 * real rows held out), generates, evaluates against the held-out rows and publishes the version
 * only when every objective of the contract passes. Each step is its own run in lineage, as
 * when the steps run as separate jobs.
 */
export async function synthesize(pool: pg.Pool, dataset: Dataset, options: SynthesisOptions = {}): Promise<SynthesisResult> {
  const objectives = options.objectives ?? syntheticObjectives(dataset.contract.document);
  assertObjectives(dataset, objectives);
  const target = options.target ?? objectives.target;
  const progress = (step: SynthesisProgress["step"]) => (p: StepProgress) =>
    options.onProgress?.({ ...p, step, done: SYNTHESIS_STEPS.indexOf(step) });
  const signal = options.signal ? { signal: options.signal } : {};
  const trained = await trainSynthesizer(pool, dataset, {
    ...(options.synthesizer !== undefined ? { synthesizer: options.synthesizer } : {}),
    ...(options.settings !== undefined ? { settings: options.settings } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.holdoutShare !== undefined ? { holdoutShare: options.holdoutShare } : {}),
    onProgress: progress("train"),
    ...signal,
  });
  const generated = await generateSyntheticDataset(pool, dataset, trained.modelId, {
    ...(options.rows !== undefined ? { rows: options.rows } : {}),
    ...(options.filters !== undefined ? { filters: options.filters } : {}),
    onProgress: progress("generate"),
    ...signal,
  });
  const evaluated = await evaluateSyntheticDataset(pool, dataset, generated.versionId, {
    ...(target !== undefined ? { target } : {}),
    objectives,
    ...(options.evaluationRows !== undefined ? { evaluationRows: options.evaluationRows } : {}),
    onProgress: progress("evaluate"),
    ...signal,
  });
  return {
    modelId: trained.modelId,
    versionId: generated.versionId,
    datasetUrn: dataset.urn,
    synthesizer: trained.synthesizer,
    rows: { ...trained.rows, synthetic: generated.rows },
    published: evaluated.published,
    gate: evaluated.gate,
    report: evaluated.report,
  };
}
