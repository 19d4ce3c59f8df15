import path from "node:path";
import type { TestProject } from "vitest/node";
import { createLogger } from "@mesh/core";
import { EmbeddedServer } from "../embedded-server.js";
import "./provided-context.js";

/**
 * Starts one embedded PostgreSQL for the whole test run (or uses DATABASE_URL's server), and
 * hands its admin URL to the test files, each of which makes a fresh database of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    project.provide("meshTestAdminUrl", external);
    return async () => {};
  }
  const root = path.resolve(process.env.MESH_TEST_HOME ?? ".mesh/test");
  const server = new EmbeddedServer({
    dataDir: path.join(root, "postgres"),
    port: Number(process.env.MESH_TEST_PG_PORT ?? 54339),
    logger: createLogger("test-postgres", "warn"),
  });
  await server.start();
  project.provide("meshTestAdminUrl", server.connectionString);
  return () => server.stop();
}
