import path from "node:path";
import type pg from "pg";
import {
  columnLineageFacet,
  dataSourceFacet,
  fileDataset,
  jobDocumentationFacet,
  jobNamespace,
  MESH_PRODUCER,
  newRunId,
  postgresDataset,
  RUN_EVENT_SCHEMA_URL,
  schemaFacet,
  standardFacet,
  writeToOutbox,
  type ErrorMessageRunFacet,
  type EventType,
  type InputDataset,
  type Job,
  type OutputDataset,
  type OutputDatasetFacets,
  type RunEvent,
  type RunFacets,
} from "@mesh/lineage";
import type { Dataset } from "./define.js";

/**
 * The OpenLineage run of one platform job: START before the work, COMPLETE written with the
 * work's own transaction (the event exists exactly when the work's result does), FAIL with the
 * error's message (no stack) after a failure. Every event goes to the lineage outbox.
 */
export class RunLineage {
  readonly runId = newRunId();

  constructor(
    private readonly pool: pg.Pool,
    private readonly base: { job: Job; inputs: InputDataset[]; outputs: OutputDataset[] },
  ) {}

  start(): Promise<void> {
    return this.write(this.event("START"));
  }

  /** Written with the caller's client, inside the transaction that stores the work. */
  complete(client: pg.PoolClient, extra: { runFacets?: RunFacets; outputFacets?: OutputDatasetFacets } = {}): Promise<void> {
    const event = this.event("COMPLETE", extra.runFacets);
    if (extra.outputFacets) event.outputs = event.outputs!.map((output) => ({ ...output, outputFacets: extra.outputFacets }));
    return writeToOutbox(client, event);
  }

  /** Completed outside a transaction of the caller's (e.g. a load that found nothing to do). */
  completeAlone(): Promise<void> {
    return this.write(this.event("COMPLETE"));
  }

  /** `message` replaces the error's own when that could carry a data value (lineage leaves the platform). */
  fail(error: unknown, message?: string): Promise<void> {
    return this.write(
      this.event("FAIL", {
        errorMessage: standardFacet<ErrorMessageRunFacet>("errorMessage", {
          message: message ?? (error instanceof Error ? error.message : String(error)),
          programmingLanguage: "TypeScript",
        }),
      }),
    );
  }

  private async write(event: RunEvent): Promise<void> {
    const client = await this.pool.connect();
    try {
      await writeToOutbox(client, event);
    } finally {
      client.release();
    }
  }

  private event(eventType: EventType, runFacets?: RunFacets): RunEvent {
    return {
      eventType,
      eventTime: new Date().toISOString(),
      producer: MESH_PRODUCER,
      schemaURL: RUN_EVENT_SCHEMA_URL,
      run: { runId: this.runId, ...(runFacets ? { facets: runFacets } : {}) },
      job: this.base.job,
      inputs: this.base.inputs,
      outputs: this.base.outputs,
    };
  }
}

/** The lineage of loading `file` into a dataset. */
export function ingestLineage(pool: pg.Pool, dataset: Dataset, file: string): RunLineage {
  return new RunLineage(pool, {
    job: job(dataset, "ingest", `Loads files into ${dataset.urn}, every value checked against its contract.`),
    inputs: [fileDataset(path.resolve(file))],
    outputs: [tableDataset(pool, dataset, dataset.table.physicalName)],
  });
}

/**
 * The lineage of training a synthesizer: the real table in, the dataset's synthesizer out. The
 * models live in platform.synthesizer_models; lineage names them per dataset,
 * `<schema>.<table>__synthesizer`, so that each dataset's synthetic chain stays its own.
 */
export function trainingLineage(pool: pg.Pool, dataset: Dataset): RunLineage {
  return new RunLineage(pool, {
    job: job(dataset, "synthesizer.train", `Trains a synthesizer on the real rows of ${dataset.urn} (a seeded share held out).`),
    inputs: [tableDataset(pool, dataset, dataset.table.physicalName)],
    outputs: [modelDataset(pool, dataset)],
  });
}

/** The lineage of generating a synthetic version: the synthesizer in, the synthetic table out, column by column. */
export function generationLineage(
  pool: pg.Pool,
  dataset: Dataset,
  syntheticTable: string,
  learned: readonly string[],
): RunLineage {
  const real = tableDataset(pool, dataset, dataset.table.physicalName);
  const synthetic = tableDataset(pool, dataset, syntheticTable);
  return new RunLineage(pool, {
    job: job(dataset, "synthesizer.generate", `Generates a synthetic version of ${dataset.urn} from a trained synthesizer.`),
    inputs: [modelDataset(pool, dataset)],
    outputs: [
      {
        ...synthetic,
        facets: {
          ...synthetic.facets,
          // Each generated column is drawn from what the synthesizer learned of every learned
          // column of the real table (INDIRECT).
          columnLineage: columnLineageFacet(
            Object.fromEntries(
              learned.map((column) => [
                column,
                {
                  inputFields: learned.map((field) => ({
                    namespace: real.namespace,
                    name: real.name,
                    field,
                    transformations: [{ type: "INDIRECT", subtype: "AGGREGATION", description: "learned by the synthesizer" }],
                  })),
                },
              ]),
            ),
          ),
        },
      },
    ],
  });
}

/**
 * The lineage of evaluating a synthetic version against the real rows its synthesizer never saw:
 * both tables in, the evaluation (report and verdict, in platform.synthetic_versions) out as
 * `<schema>.<table>__synthetic_evaluation`.
 */
export function evaluationLineage(pool: pg.Pool, dataset: Dataset, syntheticTable: string): RunLineage {
  const evaluation = postgresDataset(connectionStringOf(pool), dataset.schema, `${syntheticTable}_evaluation`);
  return new RunLineage(pool, {
    job: job(
      dataset,
      "synthesizer.evaluate",
      `Evaluates a synthetic version of ${dataset.urn} against held-out real rows and publishes it only if every objective passes.`,
    ),
    inputs: [tableDataset(pool, dataset, syntheticTable), tableDataset(pool, dataset, dataset.table.physicalName)],
    outputs: [evaluation],
  });
}

function modelDataset(pool: pg.Pool, dataset: Dataset): OutputDataset {
  return postgresDataset(connectionStringOf(pool), dataset.schema, `${dataset.table.physicalName}__synthesizer`);
}

function job(dataset: Dataset, kind: string, description: string): Job {
  return {
    namespace: jobNamespace(dataset.domain),
    name: `${kind}.${dataset.product}.${dataset.name}`,
    facets: { documentation: jobDocumentationFacet(description) },
  };
}

function tableDataset(pool: pg.Pool, dataset: Dataset, table: string): OutputDataset {
  const named = postgresDataset(connectionStringOf(pool), dataset.schema, table);
  return {
    ...named,
    facets: {
      schema: schemaFacet(dataset.table.columns.map((c) => ({ name: c.name, type: c.physicalType, description: c.description }))),
      dataSource: dataSourceFacet(named.namespace, named.namespace),
    },
  };
}

/**
 * The connection string a pool was made with (its datasets' namespace), or its host, port and
 * database. A Unix socket directory stands for this machine: OpenLineage names it `localhost`.
 */
function connectionStringOf(pool: pg.Pool): string {
  const options = (
    pool as unknown as { options?: { connectionString?: string; host?: string; port?: number; database?: string } }
  ).options;
  const url = new URL(
    options?.connectionString ?? `postgres://localhost:${options?.port ?? 5432}/${options?.database ?? "postgres"}`,
  );
  // (Assigning `hostname` is ignored for a postgres: URL: the string is rebuilt instead.)
  return decodeURIComponent(url.hostname).startsWith("/") ? `postgres://localhost:${url.port || 5432}${url.pathname}` : url.href;
}
