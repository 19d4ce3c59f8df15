export {
  defineDomain,
  type DataProduct,
  type Dataset,
  type DatasetDefinition,
  type Domain,
  type DomainDefinition,
  type ProductDefinition,
  type SeedFile,
} from "./define.js";
export { checkTableConformance, ingestFile, loadSeeds, migrate, migrateDomain, type SeedProgress } from "./ingest.js";
export {
  IngestError,
  parseCsv,
  RowError,
  type IngestOptions,
  type IngestProgress,
  type IngestResult,
  type MapContext,
  type ParameterSpec,
  type SourceFormat,
} from "@mesh/ingest";
export type { MigrationInterface, QueryRunner } from "@mesh/storage";
