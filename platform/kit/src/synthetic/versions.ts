import type pg from "pg";
import { syntheticObjectives } from "@mesh/contracts";
import { findUnfinishedJobs } from "@mesh/jobs";
import type { Dataset } from "../define.js";
import type { GateResult } from "./gate.js";

/**
 * Whether a dataset has a SYNTHETIC port: its contract declares synthetic objectives (the
 * contracts' domain rule makes its product offer such a port exactly then).
 */
export function synthesized(dataset: Dataset): boolean {
  return syntheticObjectives(dataset.contract.document).objectives.length > 0;
}

/** A synthetic version as the product API serves it. */
export interface SyntheticVersionView {
  id: string;
  model: string | null;
  synthesizer: string;
  settings: unknown;
  seed: number;
  rowsTrained: number;
  rowsHeldOut: number;
  rows: number;
  sampling: unknown;
  createdAt: string;
  evaluatedAt: string | null;
  published: boolean;
  objectives: GateResult["results"];
  summary: Record<string, number | null> | null;
  report: unknown;
  plots: Array<{ name: string; kind: string; svg: string }>;
}

const COLUMNS = `id, model_id, synthesizer, settings, seed, rows_train, rows_holdout, rows_synthetic, sampling, created_at,
  evaluated_at, published, gate, report, plots`;

/** The version a dataset's SYNTHETIC port serves: the latest evaluated one whose objectives all passed. */
export async function publishedVersion(pool: pg.Pool, dataset: Dataset): Promise<SyntheticVersionView | null> {
  const found = await pool.query(
    `select ${COLUMNS} from platform.synthetic_versions where dataset_urn = $1 and published order by evaluated_at desc limit 1`,
    [dataset.urn],
  );
  return found.rows[0] ? view(found.rows[0] as VersionRow) : null;
}

/** A dataset's synthetic versions, newest first. */
export async function listVersions(pool: pg.Pool, dataset: Dataset, first: number): Promise<SyntheticVersionView[]> {
  const found = await pool.query(
    `select ${COLUMNS} from platform.synthetic_versions where dataset_urn = $1 order by created_at desc limit $2`,
    [dataset.urn, first],
  );
  return (found.rows as VersionRow[]).map(view);
}

/** The synthesis job under way for a dataset (the oldest unfinished one), if any. */
export async function synthesisInProgress(pool: pg.Pool, dataset: Dataset) {
  const [job] = await findUnfinishedJobs(pool, ["synth.train", "synth.generate", "synth.evaluate", "synth.publish"], {
    dataset: dataset.urn,
  });
  if (!job) return null;
  return {
    job: job.id,
    step: job.name.replace(/^synth\./, ""),
    state: job.state.toUpperCase(),
    fraction: job.progress.fraction ?? null,
    message: job.progress.message ?? null,
    updatedAt: job.progress.updatedAt?.toISOString() ?? null,
  };
}

interface VersionRow {
  id: string;
  model_id: string | null;
  synthesizer: string;
  settings: unknown;
  seed: number;
  rows_train: number;
  rows_holdout: number;
  rows_synthetic: number;
  sampling: unknown;
  created_at: Date;
  evaluated_at: Date | null;
  published: boolean;
  gate: GateResult | null;
  report: Record<string, unknown> | null;
  plots: { columns: Array<{ column: string; kind: string; svg: string }>; correlation: Record<string, string> | null } | null;
}

function view(row: VersionRow): SyntheticVersionView {
  const report = row.report as {
    quality?: { score: number | null; columnShapes: { score: number | null }; columnPairTrends: { score: number | null } };
    utility?: { ratio: number | null };
    privacy?: {
      exactMatchRate: number | null;
      dcr: { closerToTrainingShare: number | null };
      membershipInference: { auc: number | null };
    };
  } | null;
  return {
    id: row.id,
    model: row.model_id,
    synthesizer: row.synthesizer,
    settings: row.settings,
    seed: row.seed,
    rowsTrained: row.rows_train,
    rowsHeldOut: row.rows_holdout,
    rows: row.rows_synthetic,
    sampling: row.sampling,
    createdAt: row.created_at.toISOString(),
    evaluatedAt: row.evaluated_at?.toISOString() ?? null,
    published: row.published,
    objectives: row.gate?.results ?? [],
    summary: report
      ? {
          qualityScore: report.quality?.score ?? null,
          columnShapes: report.quality?.columnShapes.score ?? null,
          columnPairTrends: report.quality?.columnPairTrends.score ?? null,
          utilityRatio: report.utility?.ratio ?? null,
          exactMatchRate: report.privacy?.exactMatchRate ?? null,
          closerToTrainingShare: report.privacy?.dcr.closerToTrainingShare ?? null,
          membershipInferenceAuc: report.privacy?.membershipInference.auc ?? null,
        }
      : null,
    report: report && servedReport(report),
    plots: [
      ...(row.plots?.columns ?? []).map((p) => ({ name: p.column, kind: p.kind, svg: p.svg })),
      ...Object.entries(row.plots?.correlation ?? {})
        .filter(([name]) => name !== "columns")
        .map(([name, svg]) => ({ name: `correlation:${name}`, kind: "correlation", svg })),
    ],
  };
}

/**
 * The report as the API serves it: the per-column distributions of the fidelity part are left
 * out — their bin bounds are the real rows' extremes (values of real records); the plots show the
 * same shares on rounded bins.
 */
function servedReport(report: Record<string, unknown>): unknown {
  const quality = report.quality as Record<string, unknown> | undefined;
  if (!quality || !("distributions" in quality)) return report;
  const { distributions: _left, ...rest } = quality;
  return { ...report, quality: rest };
}
