export { RowError, type MapContext, type ParameterSpec, type SourceFormat } from "./source-format.js";
export {
  ingestFile,
  IngestError,
  type IngestOptions,
  type IngestProgress,
  type IngestResult,
  type IngestTarget,
} from "./ingest-file.js";
export { checkTableConformance } from "./conformance.js";
export { CsvSyntaxError, parseCsv } from "./csv-reader.js";
import type { MigrationInterface } from "@mesh/storage";
import { CreateIngestRuns1763800000000 } from "./migrations/create-ingest-runs.js";

/** Migrations of the `platform` schema that this package owns. */
export const ingestMigrations: ReadonlyArray<new () => MigrationInterface> = [CreateIngestRuns1763800000000];
export { lastLoadedAt } from "./ingest-runs.js";
