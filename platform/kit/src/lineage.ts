import path from "node:path";
import type pg from "pg";
import {
  dataSourceFacet,
  fileDataset,
  jobDocumentationFacet,
  jobNamespace,
  MESH_PRODUCER,
  newRunId,
  outputStatisticsFacet,
  postgresDataset,
  RUN_EVENT_SCHEMA_URL,
  schemaFacet,
  standardFacet,
  writeToOutbox,
  type ErrorMessageRunFacet,
  type EventType,
  type RunEvent,
} from "@mesh/lineage";
import type { Dataset } from "./define.js";

/** The lineage of one ingest run: START, then COMPLETE (inside the load's transaction) or FAIL. */
export class IngestLineage {
  readonly runId = newRunId();

  constructor(
    private readonly pool: pg.Pool,
    private readonly dataset: Dataset,
    private readonly file: string,
  ) {}

  start(): Promise<void> {
    return this.write(this.pool, this.event("START"));
  }

  /** Written with the caller's client, so that it commits or rolls back with the rows. */
  complete(client: pg.PoolClient, loaded: { rows: number; bytes: number }): Promise<void> {
    const event = this.event("COMPLETE");
    event.outputs = event.outputs!.map((output) => ({
      ...output,
      outputFacets: { outputStatistics: outputStatisticsFacet({ rowCount: loaded.rows, size: loaded.bytes }) },
    }));
    return writeToOutbox(client, event);
  }

  /** A file loaded before: the run completes having changed nothing. */
  unchanged(): Promise<void> {
    return this.write(this.pool, this.event("COMPLETE"));
  }

  fail(error: unknown): Promise<void> {
    const event = this.event("FAIL");
    // The message only: it names row, column and value as the ingest error does, without a stack.
    event.run.facets = {
      errorMessage: standardFacet<ErrorMessageRunFacet>("errorMessage", {
        message: error instanceof Error ? error.message : String(error),
        programmingLanguage: "TypeScript",
      }),
    };
    return this.write(this.pool, event);
  }

  private async write(pool: pg.Pool, event: RunEvent): Promise<void> {
    const client = await pool.connect();
    try {
      await writeToOutbox(client, event);
    } finally {
      client.release();
    }
  }

  private event(eventType: EventType): RunEvent & Required<Pick<RunEvent, "outputs">> {
    const { dataset } = this;
    const table = postgresDataset(connectionStringOf(this.pool), dataset.schema, dataset.table.physicalName);
    return {
      eventType,
      eventTime: new Date().toISOString(),
      producer: MESH_PRODUCER,
      schemaURL: RUN_EVENT_SCHEMA_URL,
      run: { runId: this.runId },
      job: {
        namespace: jobNamespace(dataset.domain),
        name: `ingest.${dataset.product}.${dataset.name}`,
        facets: {
          documentation: jobDocumentationFacet(`Loads files into ${dataset.urn}, every value checked against its contract.`),
        },
      },
      inputs: [{ ...fileDataset(path.resolve(this.file)) }],
      outputs: [
        {
          ...table,
          facets: {
            schema: schemaFacet(
              dataset.table.columns.map((c) => ({ name: c.name, type: c.physicalType, description: c.description })),
            ),
            dataSource: dataSourceFacet(table.namespace, table.namespace),
          },
        },
      ],
    };
  }
}

/** The connection string a pool was made with (its datasets' namespace), or the embedded default's. */
function connectionStringOf(pool: pg.Pool): string {
  const options = (
    pool as unknown as { options?: { connectionString?: string; host?: string; port?: number; database?: string } }
  ).options;
  if (options?.connectionString) return options.connectionString;
  return `postgres://${options?.host ?? "localhost"}:${options?.port ?? 5432}/${options?.database ?? "postgres"}`;
}
