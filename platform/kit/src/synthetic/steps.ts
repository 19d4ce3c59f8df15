import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type pg from "pg";
import { syntheticObjectives, type SyntheticObjectives } from "@mesh/contracts";
import { InputError, NotFoundError, rowCount, type CellValue, type Table } from "@mesh/core";
import { evaluate, plotEvaluation, seededRandom, selectRows, type EvaluationReport } from "@mesh/quality";
import { canonicalJson, meshEvaluationFacet, meshPrivacyFacet, meshSynthesizerFacet, outputStatisticsFacet } from "@mesh/lineage";
import { copyInto, copyText } from "@mesh/storage";
import {
  createSynthesizer,
  filterSynthetic,
  loadSynthesizer,
  type ColumnModel,
  type Conditions,
  type FilterOptions,
  type FilterResult,
  type GanFitOptions,
  type GanProgress,
  type SynthesizerCheckpoint,
} from "@mesh/synth";
import type { Dataset } from "../define.js";
import { evaluationLineage, generationLineage, trainingLineage } from "../lineage.js";
import { assertObjectives, judgeObjectives, type GateResult } from "./gate.js";
import { readTable, synthesisColumns } from "./table.js";

/** Where a step is, for progress bars and job records. */
export interface StepProgress {
  /** 0 to 1 within the step. */
  fraction: number;
  message: string;
  details?: Record<string, unknown>;
}

interface StepOptions {
  onProgress?: (progress: StepProgress) => void;
  /** Aborted by a cancelled job: training stops at the next step, nothing is stored. */
  signal?: AbortSignal;
}

export interface TrainOptions extends StepOptions {
  /** `gaussian-copula` (default) or `gan`. */
  synthesizer?: string;
  settings?: unknown;
  seed?: number;
  /** Share of the real rows held out for the evaluation (never seen by the synthesizer). Default 0.2. */
  holdoutShare?: number;
}

export interface TrainResult {
  modelId: string;
  datasetUrn: string;
  synthesizer: string;
  rows: { train: number; holdout: number };
  /** Identifies the real rows and the request: the same fingerprint means the same model would be trained. */
  fingerprint: string;
  /** How training went (backend, epochs, seconds…); `{}` for synthesizers that keep no record. */
  training: Record<string, unknown>;
}

/**
 * Trains a synthesizer on a dataset's real rows: reads them (identifiers and PHI left out), holds
 * out a seeded share for the evaluation, fits the rest, and stores the model with its checkpoint
 * and the fingerprint of what it learned from.
 */
export async function trainSynthesizer(pool: pg.Pool, dataset: Dataset, options: TrainOptions = {}): Promise<TrainResult> {
  const request = trainingRequest(options);
  const { synthesizer: name, seed, holdoutShare } = request;
  if (!(holdoutShare > 0 && holdoutShare < 1)) throw new InputError(`holdoutShare must be between 0 and 1, got ${holdoutShare}`);
  assertObjectives(dataset, syntheticObjectives(dataset.contract.document));
  const synthesizer = createSynthesizer(name, options.settings); // settings checked before any work
  const { model, excluded } = synthesisColumns(dataset);
  const remaining = await remainingBudget(pool, dataset, name, options.settings);
  const lineage = trainingLineage(pool, dataset);
  await lineage.start();
  try {
    options.onProgress?.({ fraction: 0, message: "reading the real rows" });
    const real = await readTable(pool, dataset, model);
    const fingerprint = fingerprintOf(real, request);
    const { train, holdout } = splitRows(real, holdoutShare, seed);
    options.onProgress?.({ fraction: 0, message: `training ${name} on ${rowCount(train)} rows` });
    const fitOptions: GanFitOptions = {
      seed,
      onProgress: (p: GanProgress) =>
        options.onProgress?.({
          fraction: p.epoch / p.epochs,
          message: `epoch ${p.epoch}/${p.epochs}`,
          details: {
            epoch: p.epoch,
            epochs: p.epochs,
            generatorLoss: p.generatorLoss,
            criticLoss: p.criticLoss,
            fidelity: p.fidelity,
            etaSeconds: Math.round(p.etaSeconds),
          },
        }),
      shouldStop: () => options.signal?.aborted === true,
      ...(remaining !== undefined ? { maxEpsilon: remaining } : {}),
    };
    const fitted = await synthesizer.fit(train, model, fitOptions);
    if (options.signal?.aborted) throw new InputError("training was cancelled");
    const checkpoint = fitted.toJSON();
    release(fitted);
    const training = { ...((checkpoint as { training?: Record<string, unknown> }).training ?? {}) };
    delete training.history; // per-epoch figures stay in the checkpoint; the record keeps the summary
    const privacy = (training.privacy ?? null) as { epsilon: number; delta: number; accountant: string } | null;
    const result: TrainResult = {
      modelId: "",
      datasetUrn: dataset.urn,
      synthesizer: name,
      rows: { train: rowCount(train), holdout: rowCount(holdout) },
      fingerprint,
      training,
    };
    await transaction(pool, async (client) => {
      const stored = await client.query<{ id: string }>(
        `insert into platform.synthesizer_models
           (dataset_urn, synthesizer, settings, seed, holdout_share, data_fingerprint, rows_train, rows_holdout, checkpoint, training)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
        [
          dataset.urn,
          name,
          JSON.stringify(request.settings),
          seed,
          holdoutShare,
          fingerprint,
          result.rows.train,
          result.rows.holdout,
          JSON.stringify(checkpoint),
          JSON.stringify(training),
        ],
      );
      result.modelId = stored.rows[0]!.id;
      if (privacy) {
        await client.query(
          "insert into platform.privacy_spent (model_id, dataset_urn, epsilon, delta, accountant) values ($1, $2, $3, $4, $5)",
          [result.modelId, dataset.urn, privacy.epsilon, privacy.delta, privacy.accountant],
        );
      }
      await lineage.complete(client, {
        runFacets: {
          ...meshSynthesizerFacet({
            synthesizer: name,
            settings: request.settings as Record<string, unknown>,
            seed,
            rowsTrained: result.rows.train,
            rowsHeldOut: result.rows.holdout,
            rowsGenerated: 0,
            excludedColumns: excluded,
          }),
          ...meshPrivacyFacet({
            differentialPrivacy: privacy !== null,
            epsilon: privacy?.epsilon ?? null,
            delta: privacy?.delta ?? null,
            accountant: privacy?.accountant ?? null,
            filters: [],
            phiRead: false,
          }),
        },
      });
    });
    return result;
  } catch (error) {
    await lineage.fail(error);
    throw error;
  }
}

/** Checks a synthesizer's name and settings as `trainSynthesizer` would, without training (errors name the field). */
export function checkSynthesizerRequest(synthesizer: string, settings?: unknown): void {
  createSynthesizer(synthesizer, settings);
}

/**
 * The privacy budget left on a dataset when its contract sets one (maxEpsilon): the budget less
 * the ε every earlier differentially private training on it spent (they add up). A synthesizer
 * that gives no differential privacy cannot run under a budget: refused, naming the setting.
 */
async function remainingBudget(
  pool: pg.Pool,
  dataset: Dataset,
  synthesizer: string,
  settings: unknown,
): Promise<number | undefined> {
  const budget = syntheticObjectives(dataset.contract.document).objectives.find((o) => o.metric === "epsilon")?.threshold;
  if (budget === undefined) return undefined;
  const dp = (settings as { differentialPrivacy?: unknown } | undefined)?.differentialPrivacy;
  if (synthesizer !== "gan" || !dp) {
    throw new InputError(
      `${dataset.urn}: its contract sets a privacy budget (maxEpsilon ${budget}); only gan with the setting differentialPrivacy can train under it`,
    );
  }
  const spent = await pool.query<{ epsilon: number }>(
    "select coalesce(sum(epsilon), 0)::float8 as epsilon from platform.privacy_spent where dataset_urn = $1",
    [dataset.urn],
  );
  const left = budget - spent.rows[0]!.epsilon;
  if (left <= 0) {
    throw new InputError(
      `${dataset.urn}: its privacy budget (maxEpsilon ${budget}) is spent (ε ${spent.rows[0]!.epsilon} so far)`,
    );
  }
  return left;
}

export interface GenerateOptions extends StepOptions {
  /** Rows to generate; default as many as the model was trained on. */
  rows?: number;
  seed?: number;
  /** Columns fixed on every row (e.g. `{ sex: 0, num: { gt: 0 } }`). */
  conditions?: Conditions;
  /** A categorical column whose groups get equal counts. */
  rebalance?: string;
  /**
   * Post-generation privacy filters, against the real rows the model was trained on: drop rows
   * too close to a real row, and outliers (see @mesh/synth's filterSynthetic). Rows are generated
   * with a margin so that `rows` remain when possible.
   */
  filters?: FilterOptions;
}

export interface GenerateResult {
  versionId: string;
  modelId: string;
  datasetUrn: string;
  rows: number;
  /** What the filters dropped, when they ran. */
  filtered: { tooClose: number; outliers: number } | null;
}

/**
 * Generates a synthetic version from a stored model and stores its rows (in `<table>__synthetic`,
 * identifiers fresh, PHI and other unlearned columns null). The version is not published until
 * it is evaluated and passes the contract's objectives.
 */
export async function generateSyntheticDataset(
  pool: pg.Pool,
  dataset: Dataset,
  modelId: string,
  options: GenerateOptions = {},
): Promise<GenerateResult> {
  const stored = await modelRow(pool, dataset, modelId);
  const privacy = stored.training.privacy ?? null;
  const rows = checkRowCount(options.rows ?? stored.rows_train);
  const seed = options.seed ?? stored.seed;
  const { excluded, fresh } = synthesisColumns(dataset);
  const lineage = generationLineage(
    pool,
    dataset,
    syntheticTableName(dataset),
    stored.checkpoint.columns.map((c) => c.name),
  );
  await lineage.start();
  try {
    options.onProgress?.({ fraction: 0, message: `generating ${rows} rows` });
    const fitted = loadSynthesizer(stored.checkpoint);
    const sample = (n: number, round = 0) =>
      fitted.sample(n, {
        // Later rounds of a filtered generation draw fresh rows (a seed of their own).
        seed: round === 0 ? seed : `${seed}:${round}`,
        ...(options.conditions ? { conditions: options.conditions } : {}),
        ...(options.rebalance ? { rebalance: options.rebalance } : {}),
      });
    let synthetic: Table;
    let filtered: { dropped: FilterResult["dropped"]; thresholds: FilterResult["thresholds"] } | null = null;
    if (options.filters) {
      // The real rows the model learned from: the same rows, split as at training.
      const real = await readTable(pool, dataset, stored.checkpoint.columns as ColumnModel);
      await assertFingerprint(real, stored, modelId, dataset);
      const { train } = splitRows(real, stored.holdout_share, stored.seed);
      const kept: Table[] = [];
      const dropped = { tooClose: 0, outliers: 0 };
      let have = 0;
      // Rounds of generation until enough rows pass (at most 5; fewer rows are stored if not).
      for (let round = 0; round < 5 && have < rows; round++) {
        options.onProgress?.({
          fraction: 0.1 + 0.1 * round,
          message: `filtering rows too close to a real row, and outliers (round ${round + 1})`,
        });
        const result = filterSynthetic(
          await sample(Math.ceil((rows - have) * 1.5) + 10, round),
          train,
          stored.checkpoint.columns as ColumnModel,
          options.filters,
        );
        kept.push(result.table);
        have += rowCount(result.table);
        dropped.tooClose += result.dropped.tooClose;
        dropped.outliers += result.dropped.outliers;
        filtered = { dropped, thresholds: result.thresholds };
      }
      synthetic = firstRows(concatRows(kept), rows);
    } else {
      synthetic = await sample(rows);
    }
    release(fitted);
    options.onProgress?.({ fraction: 0.8, message: "storing the rows" });
    const sampling = {
      seed,
      ...(options.conditions ? { conditions: options.conditions } : {}),
      ...(options.rebalance ? { rebalance: options.rebalance } : {}),
      ...(filtered ? { filters: { ...options.filters, dropped: filtered.dropped, thresholds: filtered.thresholds } } : {}),
    };
    return await transaction(pool, async (client) => {
      const version = await client.query<{ id: string }>(
        `insert into platform.synthetic_versions
           (dataset_urn, model_id, synthesizer, settings, seed, rows_train, rows_holdout, rows_synthetic, sampling, published)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, false) returning id`,
        [
          dataset.urn,
          modelId,
          stored.synthesizer,
          JSON.stringify(stored.settings),
          seed,
          stored.rows_train,
          stored.rows_holdout,
          rowCount(synthetic),
          JSON.stringify(sampling),
        ],
      );
      const versionId = version.rows[0]!.id;
      await writeRows(
        client,
        dataset,
        versionId,
        synthetic,
        excluded.map((e) => e.column),
        fresh,
      );
      await lineage.complete(client, {
        runFacets: meshPrivacyFacet({
          differentialPrivacy: privacy !== null,
          epsilon: privacy?.epsilon ?? null,
          delta: privacy?.delta ?? null,
          accountant: privacy?.accountant ?? null,
          filters: filtered
            ? [
                `too-close: Gower distance < ${round(filtered.thresholds.tooClose)}, ${filtered.dropped.tooClose} rows dropped`,
                ...(filtered.thresholds.outlier !== null
                  ? [`outlier: Gower distance > ${round(filtered.thresholds.outlier)}, ${filtered.dropped.outliers} rows dropped`]
                  : []),
              ]
            : [],
          phiRead: false,
        }),
        outputFacets: { outputStatistics: outputStatisticsFacet({ rowCount: rowCount(synthetic) }) },
      });
      return {
        versionId,
        modelId,
        datasetUrn: dataset.urn,
        rows: rowCount(synthetic),
        filtered: filtered ? filtered.dropped : null,
      };
    });
  } catch (error) {
    await lineage.fail(error);
    throw error;
  }
}

export interface EvaluateOptions extends StepOptions {
  /** The utility target; default the contract's `fidelity.target` (none: utility is not measured). */
  target?: string;
  /** Objectives to judge by instead of the contract's (experiments, tests). */
  objectives?: SyntheticObjectives;
  /** The most rows of each part (training, holdout, synthetic) compared, a seeded sample of each. Default 2,000. */
  evaluationRows?: number;
}

export interface EvaluateResult {
  versionId: string;
  datasetUrn: string;
  /** Whether every objective passed: only then is the version the dataset's synthetic port. */
  published: boolean;
  gate: GateResult;
  report: EvaluationReport;
}

/**
 * Evaluates a generated version against the real rows its model never saw (the model's seeded
 * holdout, recomputed from the same real rows: refused if they changed since training), judges
 * the contract's objectives, and stores the report and verdict; the version is published only
 * when every objective passes.
 */
export async function evaluateSyntheticDataset(
  pool: pg.Pool,
  dataset: Dataset,
  versionId: string,
  options: EvaluateOptions = {},
): Promise<EvaluateResult> {
  const objectives = options.objectives ?? syntheticObjectives(dataset.contract.document);
  assertObjectives(dataset, objectives);
  const target = options.target ?? objectives.target;
  const version = await pool.query<{ model_id: string | null }>(
    "select model_id from platform.synthetic_versions where id = $1 and dataset_urn = $2",
    [uuidOrThrow(versionId, "version"), dataset.urn],
  );
  const modelId = version.rows[0]?.model_id;
  if (!version.rows[0]) throw new NotFoundError(`no synthetic version ${versionId} of ${dataset.urn}`);
  if (!modelId)
    throw new InputError(`synthetic version ${versionId} was made before models were stored: it cannot be re-evaluated`);
  const stored = await modelRow(pool, dataset, modelId);
  const model = stored.checkpoint.columns;
  if (target !== undefined && !model.some((c) => c.name === target))
    throw new InputError(`${dataset.urn}: the target ${target} is not a column the synthesizer learns`);
  const lineage = evaluationLineage(pool, dataset, syntheticTableName(dataset));
  await lineage.start();
  try {
    options.onProgress?.({ fraction: 0, message: "reading the real and synthetic rows" });
    const real = await readTable(pool, dataset, model);
    await assertFingerprint(real, stored, modelId, dataset);
    const { train, holdout } = splitRows(real, stored.holdout_share, stored.seed);
    const synthetic = await readTable(pool, dataset, model, { table: syntheticTableName(dataset), versionId });
    options.onProgress?.({ fraction: 0.2, message: "evaluating fidelity, utility, privacy and fairness" });
    const modelled = new Set(model.map((c) => c.name));
    const cap = options.evaluationRows ?? 2_000;
    const compared = {
      train: sampleRows(train, cap, stored.seed + 1),
      holdout: sampleRows(holdout, cap, stored.seed + 2),
      synthetic: sampleRows(synthetic, cap, stored.seed + 3),
    };
    const report = evaluate({
      ...compared,
      ...(target !== undefined ? { target } : {}),
      quasiIdentifiers: dataset.table.columns
        .filter((c) => c.classification === "quasi-identifier" && modelled.has(c.name))
        .map((c) => c.name),
      sensitiveAttributes: objectives.groupBy.filter((c) => modelled.has(c)),
      excludeFeatures: objectives.excludeFeatures.filter((c) => modelled.has(c)),
      seed: stored.seed,
    });
    const gate = judgeObjectives(report, objectives, { epsilon: stored.training.privacy?.epsilon ?? null });
    options.onProgress?.({ fraction: 0.8, message: "plotting real against synthetic" });
    // Against the training rows, as the fidelity scores are.
    const plots = await plotEvaluation({ real: compared.train, synthetic: compared.synthetic });
    options.onProgress?.({ fraction: 0.9, message: gate.passed ? "every objective passed: publishing" : "an objective failed" });
    await transaction(pool, async (client) => {
      await client.query(
        `update platform.synthetic_versions set report = $2, gate = $3, published = $4, plots = $5, evaluated_at = now()
         where id = $1`,
        [versionId, JSON.stringify(report), JSON.stringify(gate), gate.passed, JSON.stringify(plots)],
      );
      await lineage.complete(client, {
        outputFacets: {
          ...meshEvaluationFacet({
            qualityScore: report.quality.score,
            columnShapes: report.quality.columnShapes.score,
            columnPairTrends: report.quality.columnPairTrends.score,
            utilityRatio: report.utility?.ratio ?? null,
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
    });
    return { versionId, datasetUrn: dataset.urn, published: gate.passed, gate, report };
  } catch (error) {
    await lineage.fail(error);
    throw error;
  }
}

/** The table a dataset's synthetic rows go to: the real table's columns, plus the version. */
export function syntheticTableName(dataset: Dataset): string {
  return `${dataset.table.physicalName}__synthetic`;
}

interface ModelRow {
  synthesizer: string;
  settings: unknown;
  seed: number;
  holdout_share: number;
  data_fingerprint: string;
  rows_train: number;
  rows_holdout: number;
  checkpoint: SynthesizerCheckpoint;
  training: { privacy?: { epsilon: number; delta: number; accountant: string } | null };
}

async function modelRow(pool: pg.Pool, dataset: Dataset, modelId: string): Promise<ModelRow> {
  const found = await pool.query(
    `select synthesizer, settings, seed, holdout_share, data_fingerprint, rows_train, rows_holdout, checkpoint, training
     from platform.synthesizer_models where id = $1 and dataset_urn = $2`,
    [uuidOrThrow(modelId, "model"), dataset.urn],
  );
  if (!found.rows[0]) throw new NotFoundError(`no synthesizer model ${modelId} of ${dataset.urn}`);
  return found.rows[0] as ModelRow;
}

const round = (n: number) => Math.round(n * 1e4) / 1e4;

/** Frees what a fitted model holds outside the JavaScript heap (the GAN's tensors); a no-op for the copula. */
function release(fitted: object): void {
  (fitted as { dispose?: () => void }).dispose?.();
}

/** The rows of several tables with the same columns, one after the other. */
function concatRows(tables: readonly Table[]): Table {
  return { columns: tables[0]!.columns.map((c, i) => ({ ...c, values: tables.flatMap((t) => t.columns[i]!.values) })) };
}

/** The first `n` rows of a table (all of them when it has fewer). */
function firstRows(table: Table, n: number): Table {
  return rowCount(table) <= n
    ? table
    : selectRows(
        table,
        Array.from({ length: n }, (_, i) => i),
      );
}

/** Refuses a model whose real rows changed since it was trained: its split (and holdout) would not be the same rows. */
async function assertFingerprint(real: Table, stored: ModelRow, modelId: string, dataset: Dataset): Promise<void> {
  const request = {
    synthesizer: stored.synthesizer,
    settings: stored.settings,
    seed: stored.seed,
    holdoutShare: stored.holdout_share,
  };
  if (fingerprintOf(real, request) !== stored.data_fingerprint) {
    throw new InputError(
      `the real rows of ${dataset.urn} changed since model ${modelId} was trained, so its holdout is gone: train a new model`,
    );
  }
}

function uuidOrThrow(id: string, what: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw new InputError(`"${id}" is not a ${what} id`);
  return id;
}

/**
 * A digest of the real rows a model learns from and of the request (synthesizer, settings, seed,
 * split): equal digests mean training again would learn the same thing, so a stored model is reused.
 */
export function fingerprintOf(real: Table, request: TrainingRequest): string {
  const hash = createHash("sha256");
  hash.update(canonicalJson(request));
  for (const column of real.columns) {
    hash.update(`\u0000${column.name}\u0000${column.kind}\u0000`);
    for (const value of column.values) hash.update(value === null ? "\u0001" : `${typeof value}:${String(value)}\u0002`);
  }
  return hash.digest("hex");
}

/** What a training is asked for, defaults filled in: with the real rows, what a model's fingerprint covers. */
export interface TrainingRequest {
  synthesizer: string;
  settings: unknown;
  seed: number;
  holdoutShare: number;
}

function trainingRequest(options: Pick<TrainOptions, "synthesizer" | "settings" | "seed" | "holdoutShare">): TrainingRequest {
  return {
    synthesizer: options.synthesizer ?? "gaussian-copula",
    settings: options.settings ?? {},
    seed: options.seed ?? 0,
    holdoutShare: options.holdoutShare ?? 0.2,
  };
}

/** Checks a number of rows to generate (before queueing a job, and in it). */
export function checkRowCount(rows: number): number {
  if (!Number.isInteger(rows) || rows < 1 || rows > 1_000_000)
    throw new InputError(`rows must be a whole number from 1 to 1,000,000, got ${rows}`);
  return rows;
}

async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
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
function sampleRows(table: Table, cap: number, seed: number): Table {
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
export function splitRows(table: Table, holdoutShare: number, seed: number): { train: Table; holdout: Table } {
  const n = rowCount(table);
  const order = shuffled(n, seed);
  const holdoutRows = Math.max(1, Math.round(n * holdoutShare));
  if (n - holdoutRows < 2) throw new InputError(`${n} real rows are too few to hold out ${holdoutRows} and train on the rest`);
  return { holdout: selectRows(table, order.slice(0, holdoutRows)), train: selectRows(table, order.slice(holdoutRows)) };
}

/** Creates the synthetic table when missing and copies the rows in, `fresh` columns numbered and the other excluded ones null. */
async function writeRows(
  client: pg.PoolClient,
  dataset: Dataset,
  versionId: string,
  synthetic: Table,
  excluded: string[],
  fresh: string[],
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
        if (fresh.includes(column.name)) {
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

/** What a training request would reuse: the latest model of the same real rows and request, and its latest evaluated version. */
export interface ReusableModel {
  fingerprint: string;
  modelId: string | null;
  version: { id: string; published: boolean } | null;
}

/**
 * Whether a dataset already has what `trainSynthesizer` with this request would make: a model
 * trained on the same real rows with the same synthesizer, settings, seed and split (same
 * fingerprint), and a version of it that was evaluated. Training again would give the same
 * (seeded) result, so callers reuse it — published or not.
 */
export async function findReusableModel(pool: pg.Pool, dataset: Dataset, options: TrainOptions = {}): Promise<ReusableModel> {
  const { model } = synthesisColumns(dataset);
  const real = await readTable(pool, dataset, model);
  const fingerprint = fingerprintOf(real, trainingRequest(options));
  const found = await pool.query<{ model_id: string; version_id: string | null; published: boolean | null }>(
    `select m.id as model_id, v.id as version_id, v.published
     from platform.synthesizer_models m
     left join lateral (
       select id, published from platform.synthetic_versions
       where model_id = m.id and evaluated_at is not null order by evaluated_at desc limit 1
     ) v on true
     where m.dataset_urn = $1 and m.data_fingerprint = $2
     order by (v.id is not null) desc, m.created_at desc limit 1`,
    [dataset.urn, fingerprint],
  );
  const row = found.rows[0];
  return {
    fingerprint,
    modelId: row?.model_id ?? null,
    version: row?.version_id ? { id: row.version_id, published: row.published === true } : null,
  };
}
