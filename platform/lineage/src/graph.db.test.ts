import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import {
  lineageGraph,
  LineageStore,
  meshPrivacyFacet,
  migrateLineage,
  MESH_PRODUCER,
  RUN_EVENT_SCHEMA_URL,
  type InputDataset,
  type OutputDataset,
  type RunEvent,
} from "./index.js";

const file = { namespace: "file://localhost", name: "/data/processed.cleveland.data" };
const real = { namespace: "postgres://127.0.0.1:54329", name: "mesh.cardiology.heart_disease_patients" };
const synthetic = { namespace: "postgres://127.0.0.1:54329", name: "mesh.cardiology.heart_disease_patients__synthetic" };
const ingestJob = { namespace: "mesh.cardiology", name: "ingest.heart-disease.patients" };
const synthJob = { namespace: "mesh.cardiology", name: "synthesize.heart-disease.patients" };
const privacy = meshPrivacyFacet({
  differentialPrivacy: false,
  epsilon: null,
  delta: null,
  accountant: null,
  filters: [],
  phiRead: false,
});

const complete = (
  runId: string,
  job: { namespace: string; name: string },
  input: InputDataset,
  output: OutputDataset,
  facets = {},
): RunEvent => ({
  eventType: "COMPLETE",
  eventTime: "2026-11-22T08:00:00.000Z",
  producer: MESH_PRODUCER,
  schemaURL: RUN_EVENT_SCHEMA_URL,
  run: { runId, facets },
  job,
  inputs: [input],
  outputs: [output],
});

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateLineage(db.url);
  await new LineageStore(db.pool).ingest([
    complete("01900000-0000-7000-8000-00000000000a", ingestJob, file, real),
    complete("01900000-0000-7000-8000-00000000000b", synthJob, real, synthetic, privacy),
  ]);
});
afterAll(async () => db?.destroy());

const id = (kind: "dataset" | "job", ref: { namespace: string; name: string }) => `${kind}:${ref.namespace}/${ref.name}`;

describe("lineageGraph", () => {
  it("traces a synthetic dataset back to its real source file, with the synthesizer run's privacy facet on the way", async () => {
    const graph = await lineageGraph(db.pool, { kind: "DATASET", ...synthetic }, { direction: "UPSTREAM", depth: 20 });
    expect(graph.nodes.map((n) => n.id)).toEqual([
      id("dataset", synthetic),
      id("job", synthJob),
      id("dataset", real),
      id("job", ingestJob),
      id("dataset", file),
    ]);
    expect(graph.edges).toEqual([
      { from: id("job", synthJob), to: id("dataset", synthetic) },
      { from: id("dataset", real), to: id("job", synthJob) },
      { from: id("job", ingestJob), to: id("dataset", real) },
      { from: id("dataset", file), to: id("job", ingestJob) },
    ]);
    expect(graph.truncated).toBe(false);
    expect(graph.nodes[1]!.latestRun).toEqual({
      runId: "01900000-0000-7000-8000-00000000000b",
      state: "COMPLETE",
      startedAt: null,
      endedAt: "2026-11-22T08:00:00.000Z",
      facets: privacy,
    });
  });

  it("stops at the depth asked for and says the graph goes on", async () => {
    const graph = await lineageGraph(db.pool, { kind: "DATASET", ...real }, { direction: "BOTH", depth: 1 });
    expect({ nodes: graph.nodes.map((n) => n.id).sort(), truncated: graph.truncated }).toEqual({
      nodes: [id("dataset", real), id("job", ingestJob), id("job", synthJob)].sort(),
      truncated: true,
    });
  });
});
