// Test helpers for domain packages, which may import only @mesh/kit.
export { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
export { principalContext, runQuery } from "./graphql.js";
export { describeSubgraphConformance, type ConformanceOptions } from "./conformance.js";
