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
export { RowError, type MapContext, type ParameterSpec, type SourceFormat } from "@mesh/ingest";
export type { MigrationInterface, QueryRunner } from "@mesh/storage";
