import type pg from "pg";
import { accessMigrations } from "@mesh/access";
import { migrateLineage, outputStatisticsFacet } from "@mesh/lineage";
import path from "node:path";
import {
  checkTableConformance as checkTable,
  IngestError,
  ingestFile as ingest,
  ingestMigrations,
  type IngestOptions,
  type IngestResult,
} from "@mesh/ingest";
import type { ContractProblem } from "@mesh/contracts";
import { openSchema, type MigrationInterface } from "@mesh/storage";
import type { Dataset, Domain } from "./define.js";
import { ingestLineage } from "./lineage.js";
import { CreateSyntheticVersions1764100000000 } from "./migrations/create-synthetic-versions.js";
import { CreateSynthesizerModels1764200000000 } from "./migrations/create-synthesizer-models.js";
import { CreatePrivacySpent1764400000000 } from "./migrations/create-privacy-spent.js";

/** Migrations of the `platform` schema, from every platform package that owns a table there. */
const platformMigrations: ReadonlyArray<new () => MigrationInterface> = [
  ...ingestMigrations,
  ...accessMigrations,
  CreateSyntheticVersions1764100000000,
  CreateSynthesizerModels1764200000000,
  CreatePrivacySpent1764400000000,
];

/** Brings the platform schema and each domain's schema up to date (pending migrations only). */
export async function migrate(url: string, domains: readonly Domain[]): Promise<void> {
  await migrateLineage(url);
  for (const [schema, migrations] of [
    ["platform", platformMigrations] as const,
    ...domains.map((domain) => [domain.schema, domain.migrations] as const),
  ]) {
    const dataSource = await openSchema(url, { schema, migrations: [...migrations] });
    await dataSource.destroy();
  }
}

/** `migrate` for one domain. */
export function migrateDomain(url: string, domain: Domain): Promise<void> {
  return migrate(url, [domain]);
}

/**
 * Loads one file into a dataset (see `@mesh/ingest`'s `ingestFile`), with its OpenLineage run:
 * START before, COMPLETE in the load's own transaction (the event exists exactly when the rows
 * do), FAIL with the error's message after a failed load. Events go to the lineage outbox.
 */
export async function ingestFile(pool: pg.Pool, dataset: Dataset, options: IngestOptions): Promise<IngestResult> {
  const lineage = ingestLineage(pool, dataset, options.file);
  await lineage.start();
  let result: IngestResult;
  try {
    result = await ingest(pool, dataset, {
      ...options,
      beforeCommit: async (client, loaded) => {
        await options.beforeCommit?.(client, loaded);
        await lineage.complete(client, {
          outputFacets: { outputStatistics: outputStatisticsFacet({ rowCount: loaded.rows, size: loaded.bytes }) },
        });
      },
    });
  } catch (error) {
    await lineage.fail(error, lineageMessage(error));
    throw error;
  }
  if (result.status === "unchanged") await lineage.completeAlone();
  return result;
}

export interface SeedProgress {
  dataset: Dataset;
  file: string;
  bytes: number;
  totalBytes: number;
  rows: number;
}

/**
 * What a failed load tells lineage: where it failed, never the value (a file's value may be a
 * patient's, and lineage is sent to other systems). The ingest run log keeps the whole message.
 */
function lineageMessage(error: unknown): string | undefined {
  if (!(error instanceof IngestError)) return undefined;
  const { file, row, line, column } = error.where;
  if (row === undefined) return undefined;
  return `${path.basename(file)}: row ${row}${line === undefined ? "" : ` (line ${line})`}${column ? `, column ${column}` : ""}: value refused by the contract (the value itself is in the ingest run log)`;
}

/** Loads every seed file of every dataset of the domain, in order; files loaded before are skipped. */
export async function loadSeeds(
  pool: pg.Pool,
  domain: Domain,
  onProgress?: (progress: SeedProgress) => void,
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const product of domain.products) {
    for (const dataset of product.datasets) {
      for (const seed of dataset.seeds) {
        results.push(
          await ingestFile(pool, dataset, {
            file: seed.file,
            format: seed.format,
            ...(seed.params ? { params: seed.params } : {}),
            ...(onProgress ? { onProgress: (p) => onProgress({ dataset, file: seed.file, ...p }) } : {}),
          }),
        );
      }
    }
  }
  return results;
}

/** `[]` when the dataset's migrated table matches its contract table; otherwise every difference. */
export function checkTableConformance(pool: pg.Pool, dataset: Dataset): Promise<ContractProblem[]> {
  return checkTable(pool, dataset.schema, dataset.table);
}
