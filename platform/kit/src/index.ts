export {
  defineDataProduct,
  defineDomain,
  type GraphQLClass,
  type RecordBinding,
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
export { buildDomainSubgraph, type DomainSubgraph } from "./graphql/build-subgraph.js";
export type { LookupDefinition, RelationDefinition } from "./graphql/relations.js";
export { fieldName, productTypeName } from "./graphql/naming.js";
export type { DomainGraphQL } from "./define.js";
/** What record classes are written with: type-graphql's decorators and scalars, and the kit's LocalDate. */
export { Directive, Field, Float, ID, Int, ObjectType } from "type-graphql";
export { DateTimeResolver as DateTime, LocalDateResolver as LocalDate } from "graphql-scalars";
export { checkDomainSdl, printDomainSdl, serveDomain, type ServeDomainOptions } from "./graphql/serve.js";
export { readTable, synthesisColumns, type SynthesisColumns } from "./synthetic/table.js";
export { assertObjectives, judgeObjectives, type GateResult, type ObjectiveResult } from "./synthetic/gate.js";
export {
  defaultSynthesis,
  SYNTHESIS_STEPS,
  synthesize,
  type SynthesisOptions,
  type SynthesisProgress,
  type SynthesisResult,
} from "./synthetic/synthesize.js";
export {
  checkRowCount,
  checkSynthesizerRequest,
  evaluateSyntheticDataset,
  findReusableModel,
  generateSyntheticDataset,
  syntheticTableName,
  trainSynthesizer,
  type EvaluateOptions,
  type EvaluateResult,
  type GenerateOptions,
  type GenerateResult,
  type ReusableModel,
  type StepProgress,
  type TrainOptions,
  type TrainResult,
} from "./synthetic/steps.js";
export { synthesizeRelated, type RelatedSynthesisOptions } from "./synthetic/relational.js";
export { synthesized } from "./synthetic/versions.js";
