export * from "./types.js";
export { validateEvent, type SchemaError, type ValidationResult } from "./validate.js";
export { specificationExamples } from "./examples.js";
export { canonicalJson, ingestInto, LineageStore, lineageMigrations, migrateLineage, type IngestResult } from "./store.js";
export { sampleRunEvent } from "./test-events.js";
