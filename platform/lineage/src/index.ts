export * from "./types.js";
export { validateEvent, type SchemaError, type ValidationResult } from "./validate.js";
export { specificationExamples } from "./examples.js";
