import { Readable } from "node:stream";
import type pg from "pg";
import { syntheticObjectives, type SyntheticObjectives } from "@mesh/contracts";
import { InputError, rowCount, type CellValue, type Table } from "@mesh/core";
import { evaluate, seededRandom, selectRows, type EvaluationReport } from "@mesh/quality";
import { meshEvaluationFacet, meshPrivacyFacet, meshSynthesizerFacet, outputStatisticsFacet } from "@mesh/lineage";
import { copyInto, copyText } from "@mesh/storage";
import { createSynthesizer } from "@mesh/synth";
import type { Dataset } from "../define.js";
import { synthesisLineage } from "../lineage.js";
import { judgeObjectives, type GateResult } from "./gate.js";
import { readTable, synthesisColumns } from "./table.js";

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
  /** The utility target; default the contract's `fidelity.target`. */
  target?: string;
  /** Objectives to judge by instead of the contract's (experiments, tests). */
  objectives?: SyntheticObjectives;
  /** Called as each step starts. */
  onProgress?: (progress: SynthesisProgress) => void;
}

export const SYNTHESIS_STEPS = ["read", "train", "generate", "evaluate", "store"] as const;
export interface SynthesisProgress {
  step: (typeof SYNTHESIS_STEPS)[number];
  /** Steps done, out of SYNTHESIS_STEPS.length. */
  done: number;
}

export interface SynthesisResult {
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
 * Makes a synthetic version of a dataset: reads the real rows, holds out a seeded share, trains
 * the synthesizer on the rest (identifiers and PHI left out), generates, evaluates against the
 * held-out rows, judges the contract's objectives, and stores the version, its report and its
 * rows in one transaction. The version is published only when every objective passes.
 */
export async function synthesize(pool: pg.Pool, dataset: Dataset, options: SynthesisOptions = {}): Promise<SynthesisResult> {
  const name = options.synthesizer ?? "gaussian-copula";
  const seed = options.seed ?? 0;
  const holdoutShare = options.holdoutShare ?? 0.2;
  if (!(holdoutShare > 0 && holdoutShare < 1)) throw new InputError(`holdoutShare must be between 0 and 1, got ${holdoutShare}`);
  const objectives = options.objectives ?? syntheticObjectives(dataset.contract.document);
  const target = options.target ?? objectives.target;
  if (!target)
    throw new InputError(`${dataset.urn}: no utility target (the contract's meshObjectives.fidelity.target, or --target)`);

  const progress = (step: SynthesisProgress["step"]) => options.onProgress?.({ step, done: SYNTHESIS_STEPS.indexOf(step) });
  const { model, excluded } = synthesisColumns(dataset);
  if (!model.some((c) => c.name === target))
    throw new InputError(`${dataset.urn}: the target ${target} is not a column the synthesizer learns`);
  const lineage = synthesisLineage(
    pool,
    dataset,
    syntheticTableName(dataset),
    model.map((c) => c.name),
  );
  await lineage.start();
  try {
    progress("read");
    const real = await readTable(pool, dataset, model);
    const { train, holdout } = split(real, holdoutShare, seed);
    progress("train");
    const fitted = await createSynthesizer(name, options.settings).fit(train, model, { seed });
    progress("generate");
    const synthetic = await fitted.sample(options.rows ?? rowCount(train), { seed });
    progress("evaluate");

    const modelled = new Set(model.map((c) => c.name));
    const cap = options.evaluationRows ?? 2_000;
    const report = evaluate({
      train: sample(train, cap, seed + 1),
      holdout: sample(holdout, cap, seed + 2),
      synthetic: sample(synthetic, cap, seed + 3),
      target,
      quasiIdentifiers: dataset.table.columns
        .filter((c) => c.classification === "quasi-identifier" && modelled.has(c.name))
        .map((c) => c.name),
      sensitiveAttributes: objectives.groupBy.filter((c) => modelled.has(c)),
      seed,
    });
    const gate = judgeObjectives(report, objectives);

    progress("store");
    const client = await pool.connect();
    try {
      await client.query("begin");
      const version = await client.query<{ id: string }>(
        `insert into platform.synthetic_versions
         (dataset_urn, synthesizer, settings, seed, rows_train, rows_holdout, rows_synthetic, report, gate, published, checkpoint)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
        [
          dataset.urn,
          name,
          JSON.stringify(options.settings ?? {}),
          seed,
          rowCount(train),
          rowCount(holdout),
          rowCount(synthetic),
          JSON.stringify(report),
          JSON.stringify(gate),
          gate.passed,
          JSON.stringify(fitted.toJSON()),
        ],
      );
      const versionId = version.rows[0]!.id;
      await writeRows(
        client,
        dataset,
        versionId,
        synthetic,
        excluded.map((e) => e.column),
      );
      await lineage.complete(client, {
        runFacets: {
          ...meshSynthesizerFacet({
            synthesizer: name,
            settings: (options.settings ?? {}) as Record<string, unknown>,
            seed,
            rowsTrained: rowCount(train),
            rowsHeldOut: rowCount(holdout),
            rowsGenerated: rowCount(synthetic),
            excludedColumns: excluded,
          }),
          ...meshPrivacyFacet({
            differentialPrivacy: false,
            epsilon: null,
            delta: null,
            accountant: null,
            filters: [],
            phiRead: false,
          }),
        },
        outputFacets: {
          outputStatistics: outputStatisticsFacet({ rowCount: rowCount(synthetic) }),
          ...meshEvaluationFacet({
            qualityScore: report.quality.score,
            columnShapes: report.quality.columnShapes.score,
            columnPairTrends: report.quality.columnPairTrends.score,
            utilityRatio: report.utility.ratio,
            exactMatchRate: report.privacy.exactMatchRate,
            closerToTrainingShare: report.privacy.dcr.closerToTrainingShare,
            membershipInferenceAuc: report.privacy.membershipInference.auc,
            published: gate.passed,
            objectives: gate.results.map((r) => ({
              name: r.name,
              measured: r.measured,
              threshold: r.threshold,
              passed: r.passed,
            })),
          }),
        },
      });
      await client.query("commit");
      return {
        versionId,
        datasetUrn: dataset.urn,
        synthesizer: name,
        rows: { train: rowCount(train), holdout: rowCount(holdout), synthetic: rowCount(synthetic) },
        published: gate.passed,
        gate,
        report,
      };
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
  } catch (error) {
    await lineage.fail(error);
    throw error;
  }
}

/** The table a dataset's synthetic rows go to: the real table's columns, plus the version. */
export function syntheticTableName(dataset: Dataset): string {
  return `${dataset.table.physicalName}__synthetic`;
}

/** The row numbers 0..n-1 in a seeded random order (Fisher–Yates over @mesh/quality's generator). */
function shuffled(n: number, seed: number): number[] {
  const random = seededRandom(seed ^ 0x9e3779b9);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** At most `cap` rows of a table, a seeded sample (the table itself when it is small enough). */
function sample(table: Table, cap: number, seed: number): Table {
  const n = rowCount(table);
  return n <= cap
    ? table
    : selectRows(
        table,
        shuffled(n, seed)
          .slice(0, cap)
          .sort((a, b) => a - b),
      );
}

/** A seeded shuffle split into training and holdout rows. */
function split(table: Table, holdoutShare: number, seed: number): { train: Table; holdout: Table } {
  const n = rowCount(table);
  const order = shuffled(n, seed);
  const holdoutRows = Math.max(1, Math.round(n * holdoutShare));
  if (n - holdoutRows < 2) throw new InputError(`${n} real rows are too few to hold out ${holdoutRows} and train on the rest`);
  return { holdout: selectRows(table, order.slice(0, holdoutRows)), train: selectRows(table, order.slice(holdoutRows)) };
}

/** Creates the synthetic table when missing and copies the rows in, identifiers fresh and left-out columns null. */
async function writeRows(
  client: pg.PoolClient,
  dataset: Dataset,
  versionId: string,
  synthetic: Table,
  excluded: string[],
): Promise<void> {
  const schema = `"${dataset.schema}"`;
  const table = `"${syntheticTableName(dataset)}"`;
  await client.query(
    `create table if not exists ${schema}.${table} (version_id uuid not null, like ${schema}."${dataset.table.physicalName}" including defaults)`,
  );
  for (const column of excluded) await client.query(`alter table ${schema}.${table} alter column "${column}" drop not null`);
  await client.query(`create index if not exists "${syntheticTableName(dataset)}_by_version" on ${schema}.${table} (version_id)`);

  const values = new Map(synthetic.columns.map((c) => [c.name, c]));
  const columns = dataset.table.columns;
  const n = rowCount(synthetic);
  const lines = function* () {
    for (let row = 0; row < n; row++) {
      const cells = columns.map((column) => {
        const generated = values.get(column.name);
        if (generated) return copyText(textOf(generated.values[row] ?? null, column.logicalType));
        if (excluded.includes(column.name) && (column.primaryKeyPosition !== undefined || column.unique)) {
          return copyText(column.logicalType === "integer" ? String(row + 1) : `synthetic-${row + 1}`);
        }
        return copyText(null);
      });
      yield `${[versionId, ...cells].join("\t")}\n`;
    }
  };
  await copyInto(
    client,
    { schema: dataset.schema, name: syntheticTableName(dataset), columns: ["version_id", ...columns.map((c) => c.name)] },
    Readable.from(lines()),
  );
}

function textOf(value: CellValue, logicalType: string): string | null {
  if (value === null) return null;
  if (logicalType === "date") return new Date(value as number).toISOString().slice(0, 10);
  if (logicalType === "timestamp") return new Date(value as number).toISOString();
  if (typeof value === "boolean") return value ? "t" : "f";
  return String(value);
}
