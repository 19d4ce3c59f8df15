/**
 * OpenLineage 2-0-2 events and the standard facets Mesh uses, as TypeScript types. The JSON
 * Schemas in ../schemas are the reference; `validateEvent` checks an event against them.
 */

export const OPENLINEAGE_SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
export const RUN_EVENT_SCHEMA_URL = `${OPENLINEAGE_SCHEMA_URL}#/$defs/RunEvent`;
export const DATASET_EVENT_SCHEMA_URL = `${OPENLINEAGE_SCHEMA_URL}#/$defs/DatasetEvent`;
export const JOB_EVENT_SCHEMA_URL = `${OPENLINEAGE_SCHEMA_URL}#/$defs/JobEvent`;
/** What Mesh writes in `producer` and `_producer` unless told otherwise. */
export const MESH_PRODUCER = "https://github.com/mesh-platform/mesh/tree/main/platform/lineage";

export type EventType = "START" | "RUNNING" | "COMPLETE" | "ABORT" | "FAIL" | "OTHER";

/** Every facet names who wrote it and the schema it follows. */
export interface BaseFacet {
  _producer: string;
  _schemaURL: string;
  [extra: string]: unknown;
}
/** A dataset or job facet may also mark itself deleted. */
export interface DeletableFacet extends BaseFacet {
  _deleted?: boolean;
}

export type RunFacets = Record<string, BaseFacet | undefined> & {
  parent?: ParentRunFacet;
  processing_engine?: ProcessingEngineRunFacet;
  errorMessage?: ErrorMessageRunFacet;
};
export type JobFacets = Record<string, DeletableFacet | undefined> & {
  documentation?: DocumentationFacet;
  ownership?: OwnershipFacet;
};
export type DatasetFacets = Record<string, DeletableFacet | undefined> & {
  schema?: SchemaDatasetFacet;
  dataSource?: DatasourceDatasetFacet;
  documentation?: DocumentationFacet;
  ownership?: OwnershipFacet;
  columnLineage?: ColumnLineageDatasetFacet;
  dataQualityAssertions?: DataQualityAssertionsDatasetFacet;
};
export type InputDatasetFacets = Record<string, BaseFacet | undefined> & {
  dataQualityMetrics?: DataQualityMetricsInputDatasetFacet;
};
export type OutputDatasetFacets = Record<string, BaseFacet | undefined> & {
  outputStatistics?: OutputStatisticsOutputDatasetFacet;
};

export interface Run {
  /** A UUID (UUIDv7 recommended by the spec). */
  runId: string;
  facets?: RunFacets;
}
export interface Job {
  namespace: string;
  name: string;
  facets?: JobFacets;
}
export interface Dataset {
  namespace: string;
  name: string;
  facets?: DatasetFacets;
}
export interface InputDataset extends Dataset {
  inputFacets?: InputDatasetFacets;
}
export interface OutputDataset extends Dataset {
  outputFacets?: OutputDatasetFacets;
}

interface BaseEvent {
  /** ISO 8601 date-time with offset. */
  eventTime: string;
  producer: string;
  schemaURL: string;
}
export interface RunEvent extends BaseEvent {
  eventType?: EventType;
  run: Run;
  job: Job;
  inputs?: InputDataset[];
  outputs?: OutputDataset[];
}
export interface DatasetEvent extends BaseEvent {
  dataset: Dataset;
}
export interface JobEvent extends BaseEvent {
  job: Job;
  inputs?: InputDataset[];
  outputs?: OutputDataset[];
}
export type LineageEvent = RunEvent | DatasetEvent | JobEvent;

export const isRunEvent = (event: LineageEvent): event is RunEvent => "run" in event && "job" in event;
export const isDatasetEvent = (event: LineageEvent): event is DatasetEvent => "dataset" in event && !("job" in event);
export const isJobEvent = (event: LineageEvent): event is JobEvent => "job" in event && !("run" in event);

// ---- standard facets ------------------------------------------------------------------------

export interface SchemaField {
  name: string;
  type?: string;
  description?: string;
  ordinal_position?: number;
  fields?: SchemaField[];
}
export interface SchemaDatasetFacet extends DeletableFacet {
  fields?: SchemaField[];
}
export interface DatasourceDatasetFacet extends DeletableFacet {
  name?: string;
  uri?: string;
}
export interface DocumentationFacet extends DeletableFacet {
  description: string;
  contentType?: string;
}
export interface OwnershipFacet extends DeletableFacet {
  owners?: Array<{ name: string; type?: string }>;
}
export interface ColumnTransformation {
  type: "DIRECT" | "INDIRECT";
  subtype?: string;
  description?: string;
  masking?: boolean;
}
export interface InputField {
  namespace: string;
  name: string;
  field: string;
  transformations?: ColumnTransformation[];
}
export interface ColumnLineageDatasetFacet extends DeletableFacet {
  fields: Record<string, { inputFields: InputField[]; transformationDescription?: string; transformationType?: string }>;
  dataset?: InputField[];
}
export interface OutputStatisticsOutputDatasetFacet extends BaseFacet {
  rowCount?: number;
  size?: number;
  fileCount?: number;
}
export interface ColumnMetrics {
  nullCount?: number;
  distinctCount?: number;
  sum?: number;
  count?: number;
  min?: number;
  max?: number;
  quantiles?: Record<string, number>;
}
export interface DataQualityMetricsInputDatasetFacet extends BaseFacet {
  rowCount?: number;
  bytes?: number;
  fileCount?: number;
  lastUpdated?: string;
  columnMetrics: Record<string, ColumnMetrics>;
}
export interface DataQualityAssertion {
  assertion: string;
  success: boolean;
  column?: string;
  severity?: string;
}
export interface DataQualityAssertionsDatasetFacet extends DeletableFacet {
  assertions: DataQualityAssertion[];
}
export interface ParentRunFacet extends BaseFacet {
  run: { runId: string };
  job: { namespace: string; name: string };
  root?: { run: { runId: string }; job: { namespace: string; name: string } };
}
export interface ProcessingEngineRunFacet extends BaseFacet {
  version: string;
  name?: string;
  openlineageAdapterVersion?: string;
}
export interface ErrorMessageRunFacet extends BaseFacet {
  message: string;
  programmingLanguage: string;
  stackTrace?: string;
}

// ---- facet builders -------------------------------------------------------------------------

/** The `_schemaURL` of each standard facet, pinned to the version in ../schemas/facets. */
export const FACET_SCHEMA_URLS = {
  schema: "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
  dataSource: "https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet",
  datasetDocumentation:
    "https://openlineage.io/spec/facets/1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet",
  jobDocumentation: "https://openlineage.io/spec/facets/1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet",
  datasetOwnership: "https://openlineage.io/spec/facets/1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet",
  jobOwnership: "https://openlineage.io/spec/facets/1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet",
  columnLineage: "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
  outputStatistics:
    "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet",
  dataQualityMetrics:
    "https://openlineage.io/spec/facets/1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet",
  dataQualityAssertions:
    "https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet",
  parent: "https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet",
  processingEngine: "https://openlineage.io/spec/facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet",
  errorMessage: "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet",
} as const;

type Fields<T extends BaseFacet> = Omit<T, "_producer" | "_schemaURL">;

/** A standard facet: `fields` plus `_producer` (default MESH_PRODUCER) and the facet's `_schemaURL`. */
export function standardFacet<T extends BaseFacet>(
  kind: keyof typeof FACET_SCHEMA_URLS,
  fields: Fields<T>,
  producer: string = MESH_PRODUCER,
): T {
  return { _producer: producer, _schemaURL: FACET_SCHEMA_URLS[kind], ...fields } as T;
}

/**
 * A custom facet (Mesh's own facts): `name` is the key it goes under, `schemaURL` points at its
 * JSON Schema. The spec asks custom facet keys to carry a prefix (`mesh_privacy`), so that they
 * never clash with a standard facet.
 */
export function customFacet<F extends Record<string, unknown>>(
  name: string,
  producer: string,
  schemaURL: string,
  fields: F,
): Record<string, BaseFacet & F> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`facet name "${name}" is not an identifier`);
  return { [name]: { _producer: producer, _schemaURL: schemaURL, ...fields } };
}

export const schemaFacet = (fields: SchemaField[], producer?: string) =>
  standardFacet<SchemaDatasetFacet>("schema", { fields }, producer);
export const dataSourceFacet = (name: string, uri: string, producer?: string) =>
  standardFacet<DatasourceDatasetFacet>("dataSource", { name, uri }, producer);
export const datasetDocumentationFacet = (description: string, producer?: string) =>
  standardFacet<DocumentationFacet>("datasetDocumentation", { description }, producer);
export const jobDocumentationFacet = (description: string, producer?: string) =>
  standardFacet<DocumentationFacet>("jobDocumentation", { description }, producer);
export const datasetOwnershipFacet = (owners: Array<{ name: string; type?: string }>, producer?: string) =>
  standardFacet<OwnershipFacet>("datasetOwnership", { owners }, producer);
export const jobOwnershipFacet = (owners: Array<{ name: string; type?: string }>, producer?: string) =>
  standardFacet<OwnershipFacet>("jobOwnership", { owners }, producer);
export const columnLineageFacet = (fields: ColumnLineageDatasetFacet["fields"], dataset?: InputField[], producer?: string) =>
  standardFacet<ColumnLineageDatasetFacet>("columnLineage", dataset ? { fields, dataset } : { fields }, producer);
export const outputStatisticsFacet = (stats: Fields<OutputStatisticsOutputDatasetFacet>, producer?: string) =>
  standardFacet<OutputStatisticsOutputDatasetFacet>("outputStatistics", stats, producer);
export const dataQualityMetricsFacet = (metrics: Fields<DataQualityMetricsInputDatasetFacet>, producer?: string) =>
  standardFacet<DataQualityMetricsInputDatasetFacet>("dataQualityMetrics", metrics, producer);
export const dataQualityAssertionsFacet = (assertions: DataQualityAssertion[], producer?: string) =>
  standardFacet<DataQualityAssertionsDatasetFacet>("dataQualityAssertions", { assertions }, producer);
export const parentRunFacet = (parent: Fields<ParentRunFacet>, producer?: string) =>
  standardFacet<ParentRunFacet>("parent", parent, producer);
export const processingEngineFacet = (version: string, name?: string, adapterVersion?: string, producer?: string) =>
  standardFacet<ProcessingEngineRunFacet>(
    "processingEngine",
    {
      version,
      ...(name === undefined ? {} : { name }),
      ...(adapterVersion === undefined ? {} : { openlineageAdapterVersion: adapterVersion }),
    },
    producer,
  );
export const errorMessageFacet = (error: unknown, producer?: string) => {
  const e = error instanceof Error ? error : new Error(String(error));
  return standardFacet<ErrorMessageRunFacet>(
    "errorMessage",
    { message: e.message, programmingLanguage: "TypeScript", ...(e.stack ? { stackTrace: e.stack } : {}) },
    producer,
  );
};

// ---- naming (spec: "Naming Conventions") ----------------------------------------------------

/** Dataset namespace of a PostgreSQL server: `postgres://host:port` (default port 5432). */
export function postgresNamespace(host: string, port: number = 5432): string {
  return `postgres://${host.toLowerCase()}:${port}`;
}
/** Dataset name of a PostgreSQL table: `database.schema.table`. */
export function postgresDatasetName(database: string, schema: string, table: string): string {
  return `${database}.${schema}.${table}`;
}
/** Namespace and name of a table reached through a connection string (`postgres://u:p@h:5433/db`). */
export function postgresDataset(connectionString: string, schema: string, table: string): { namespace: string; name: string } {
  const url = new URL(connectionString);
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres";
  return {
    namespace: postgresNamespace(url.hostname, url.port ? Number(url.port) : 5432),
    name: postgresDatasetName(database, schema, table),
  };
}
/** Namespace and name of a local file: `file://{host}` and its absolute path. */
export function fileDataset(path: string, host = "localhost"): { namespace: string; name: string } {
  return { namespace: `file://${host}`, name: path };
}
/** A domain's job namespace: `mesh.cardiology`. */
export function jobNamespace(domain: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(domain)) throw new TypeError(`domain "${domain}" is not a lower-case name`);
  return `mesh.${domain}`;
}
