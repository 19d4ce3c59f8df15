import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import {
  createTransport,
  LineageStore,
  migrateLineage,
  processingEngineFacet,
  sampleRunEvent,
  specificationExamples,
  validateEvent,
  type LineageEvent,
  type RunEvent,
} from "./index.js";

let db: TestDatabase;
let store: LineageStore;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateLineage(db.url);
  await migrateLineage(db.url); // a second run finds nothing to do
  store = new LineageStore(db.pool);
});
afterAll(async () => {
  await db.destroy();
});
beforeEach(async () => {
  await db.pool.query(
    "truncate lineage.events, lineage.jobs, lineage.datasets, lineage.runs, lineage.run_datasets, lineage.column_lineage",
  );
});

const rows = async (sql: string) => (await db.pool.query(sql)).rows as Array<Record<string, unknown>>;
const count = async (table: string) => Number((await db.pool.query(`select count(*) from lineage.${table}`)).rows[0].count);
const RUN = "01900000-0000-7000-8000-0000000000aa";

describe("LineageStore.ingest", () => {
  it("stores every specification example once; the same events again are duplicates", async () => {
    const examples = specificationExamples().map((e) => e.event as unknown as LineageEvent);
    expect(await store.ingest(examples)).toEqual({ stored: examples.length, duplicates: 0 });
    expect(await store.ingest(examples)).toEqual({ stored: 0, duplicates: examples.length });
    expect(await count("events")).toBe(examples.length);
  });

  it("stores an event repeated in one batch once, whatever the order of its keys", async () => {
    const event = sampleRunEvent({ runId: RUN });
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(event).reverse()))) as RunEvent;
    expect(await store.ingest([event, reordered])).toEqual({ stored: 1, duplicates: 1 });
    expect(await count("events")).toBe(1);
  });

  it("merges a run from events in any order: COMPLETE before START, facets by event time", async () => {
    const start = sampleRunEvent({ runId: RUN, eventType: "START", eventTime: "2026-03-01T10:00:00.000Z" });
    start.run.facets = { processing_engine: processingEngineFacet("20.19.0", "node") };
    const complete = sampleRunEvent({ runId: RUN, eventType: "COMPLETE", eventTime: "2026-03-01T10:05:00.000Z" });
    complete.run.facets = { processing_engine: processingEngineFacet("20.19.1", "node") };
    const other = sampleRunEvent({ runId: RUN, eventType: "OTHER", eventTime: "2026-03-01T10:06:00.000Z" });
    expect(validateEvent(start).valid && validateEvent(complete).valid).toBe(true);
    expect(await store.ingest([complete])).toEqual({ stored: 1, duplicates: 0 });
    expect(await store.ingest([other])).toEqual({ stored: 1, duplicates: 0 });
    expect(await store.ingest([start])).toEqual({ stored: 1, duplicates: 0 });
    expect(
      await rows(`select run_id, job_namespace, job_name, state, state_rank, state_time, started_at, ended_at, parent_run_id,
        facets->'processing_engine'->>'version' as engine, updated_at from lineage.runs`),
    ).toEqual([
      {
        run_id: RUN,
        job_namespace: "mesh.cardiology",
        job_name: "deidentify.patients",
        state: "COMPLETE",
        state_rank: 2,
        state_time: new Date("2026-03-01T10:05:00.000Z"),
        started_at: new Date("2026-03-01T10:00:00.000Z"),
        ended_at: new Date("2026-03-01T10:05:00.000Z"),
        parent_run_id: null,
        engine: "20.19.1",
        updated_at: new Date("2026-03-01T10:06:00.000Z"),
      },
    ]);
  });

  it("accepts a run never seen before and derives jobs, datasets, edges and column lineage", async () => {
    const event = sampleRunEvent({ runId: RUN, eventTime: "2026-03-01T10:05:00.000Z" });
    expect(await store.ingest([event])).toEqual({ stored: 1, duplicates: 0 });
    expect(await rows("select namespace, name, facets, updated_at from lineage.jobs")).toEqual([
      { namespace: "mesh.cardiology", name: "deidentify.patients", facets: {}, updated_at: new Date("2026-03-01T10:05:00.000Z") },
    ]);
    expect(await rows("select namespace, name, facets from lineage.datasets order by name")).toEqual([
      { namespace: "postgres://127.0.0.1:54329", name: "mesh.cardiology.heart_disease_patients", facets: {} },
      {
        namespace: "postgres://127.0.0.1:54329",
        name: "mesh.cardiology.heart_disease_patients_deidentified",
        facets: event.outputs![0]!.facets,
      },
    ]);
    expect(await rows("select run_id, direction, name, facets from lineage.run_datasets order by direction")).toEqual([
      { run_id: RUN, direction: "input", name: "mesh.cardiology.heart_disease_patients", facets: {} },
      {
        run_id: RUN,
        direction: "output",
        name: "mesh.cardiology.heart_disease_patients_deidentified",
        facets: event.outputs![0]!.outputFacets,
      },
    ]);
    expect(
      await rows(`select output_name, output_field, input_name, input_field, transformations, run_id
        from lineage.column_lineage order by output_field`),
    ).toEqual([
      {
        output_name: "mesh.cardiology.heart_disease_patients_deidentified",
        output_field: "age",
        input_name: "mesh.cardiology.heart_disease_patients",
        input_field: "age",
        transformations: [{ type: "DIRECT", subtype: "TRANSFORMATION" }],
        run_id: RUN,
      },
      {
        output_name: "mesh.cardiology.heart_disease_patients_deidentified",
        output_field: "sex",
        input_name: "mesh.cardiology.heart_disease_patients",
        input_field: "sex",
        transformations: [{ type: "DIRECT", subtype: "IDENTITY" }],
        run_id: RUN,
      },
    ]);
  });

  it("takes concurrent batches that touch the same run, job and datasets", async () => {
    const events = Array.from({ length: 40 }, (_, i) =>
      sampleRunEvent({
        runId: RUN,
        eventType: i % 2 ? "RUNNING" : "OTHER",
        eventTime: new Date(Date.UTC(2026, 2, 1, 10, i)).toISOString(),
      }),
    );
    const results = await Promise.all(events.map((e) => store.ingest([e])));
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(40);
    expect(await rows("select state, state_time from lineage.runs")).toEqual([
      { state: "RUNNING", state_time: new Date(Date.UTC(2026, 2, 1, 10, 39)) },
    ]);
  });
});

describe("LineageStore.pruneEvents", () => {
  it("deletes raw events older than the cutoff and keeps the graph", async () => {
    await store.ingest([sampleRunEvent({ runId: RUN }), sampleRunEvent()]);
    await db.pool.query("update lineage.events set received_at = now() - interval '40 days' where run_id = $1", [RUN]);
    expect(await store.pruneEvents(30 * 24 * 3600 * 1000)).toBe(1);
    expect(await count("events")).toBe(1);
    expect(await count("runs")).toBe(2);
    expect(await count("run_datasets")).toBe(4);
    expect(await store.pruneEvents(new Date(Date.now() + 60_000))).toBe(1);
    expect(await count("events")).toBe(0);
    expect(await count("column_lineage")).toBe(2);
  });
});

describe("the postgres transport", () => {
  it("writes events into the store, deduplicated", async () => {
    const transport = createTransport({ type: "postgres" }, { store });
    const event = sampleRunEvent({ runId: RUN });
    await transport.emit(event);
    await transport.emit(event);
    expect(await rows("select run_id, event from lineage.events")).toEqual([{ run_id: RUN, event }]);
  });
});
