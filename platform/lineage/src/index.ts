export * from "./types.js";
export { validateEvent, type SchemaError, type ValidationResult } from "./validate.js";
export { specificationExamples } from "./examples.js";
export { canonicalJson, ingestInto, LineageStore, lineageMigrations, migrateLineage, type IngestResult } from "./store.js";
export { sampleRunEvent } from "./test-events.js";
export {
  backoffDelay,
  CompositeTransport,
  ConsoleTransport,
  FileTransport,
  HttpTransport,
  NoopTransport,
  PostgresTransport,
  TransportError,
  type BackoffOptions,
  type HttpTransportOptions,
  type Transport,
} from "./transports.js";
export {
  createTransport,
  LineageEmitter,
  lineageConfigFromEnv,
  newRunId,
  type EmitterOptions,
  type LineageConfig,
  type TransportConfig,
} from "./config.js";
export { OutboxRelay, writeToOutbox, type OutboxRelayOptions } from "./outbox.js";
export {
  handleLineagePost,
  lineageRequestHandler,
  MAX_EVENTS_PER_REQUEST,
  type LineagePostResponse,
  type LineageRequestHandlerOptions,
} from "./ingest-handler.js";
export {
  MESH_FACETS_URL,
  meshEvaluationFacet,
  meshPrivacyFacet,
  meshSynthesizerFacet,
  type MeshEvaluationFields,
  type MeshPrivacyFields,
  type MeshSynthesizerFields,
} from "./mesh-facets.js";
export {
  columnLineage,
  lineageGraph,
  MAX_LINEAGE_DEPTH,
  nodeId,
  type LineageDirection,
  type LineageGraph,
  type LineageNode,
  type LineageNodeKind,
  type LineageNodeRef,
  type LineageRunSummary,
} from "./graph.js";
