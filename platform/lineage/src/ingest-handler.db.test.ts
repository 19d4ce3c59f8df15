import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import {
  handleLineagePost,
  lineageRequestHandler,
  LineageStore,
  migrateLineage,
  sampleRunEvent,
  specificationExamples,
} from "./index.js";

let db: TestDatabase;
let store: LineageStore;
let server: http.Server;
let url: string;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateLineage(db.url);
  store = new LineageStore(db.pool);
  server = http.createServer(lineageRequestHandler(store, { bodyLimit: 64 * 1024 }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/lineage`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.destroy();
});
beforeEach(async () => {
  await db.pool.query(
    "truncate lineage.events, lineage.jobs, lineage.datasets, lineage.runs, lineage.run_datasets, lineage.column_lineage",
  );
});

const post = async (body: string, type = "application/json") => {
  const response = await fetch(url, { method: "POST", headers: { "content-type": type }, body });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe("handleLineagePost", () => {
  it("accepts every example event of the specification, each once", async () => {
    for (const { event } of specificationExamples()) {
      expect(await handleLineagePost(event, store)).toEqual({ status: 201, body: { stored: 1, duplicates: 0 } });
      expect(await handleLineagePost(event, store)).toEqual({ status: 200, body: { stored: 0, duplicates: 1 } });
    }
    const stored = Number((await db.pool.query("select count(*) from lineage.events")).rows[0].count);
    expect(stored).toBe(specificationExamples().length);
  });

  it("accepts an array; refuses the whole array, with indexed paths, when one event is invalid", async () => {
    const good = sampleRunEvent();
    const bad = { ...sampleRunEvent(), run: { runId: "not-a-uuid" } };
    expect(await handleLineagePost([good, bad], store)).toEqual({
      status: 400,
      body: {
        error: "the event does not validate against the OpenLineage 2-0-2 schema",
        errors: [{ path: "/1/run/runId", message: "must be a uuid" }],
      },
    });
    expect(await handleLineagePost([good, good], store)).toEqual({ status: 201, body: { stored: 1, duplicates: 1 } });
    expect(await handleLineagePost([], store)).toEqual({
      status: 400,
      body: { error: "the body is an empty array: send one OpenLineage event or an array of them", errors: [] },
    });
  });
});

describe("lineageRequestHandler", () => {
  it("stores a posted event once: 201, then 200", async () => {
    const event = JSON.stringify(sampleRunEvent());
    expect(await post(event)).toEqual({ status: 201, body: { stored: 1, duplicates: 0 } });
    expect(await post(event)).toEqual({ status: 200, body: { stored: 0, duplicates: 1 } });
  });

  it("answers 400 with the schema errors, 400 for bad JSON, 415 for another type, 413 for a large body", async () => {
    expect(
      await post(JSON.stringify({ eventTime: "2026-01-01T00:00:00Z", producer: "https://p", schemaURL: "https://s", job: {} })),
    ).toEqual({
      status: 400,
      body: {
        error: "the event does not validate against the OpenLineage 2-0-2 schema",
        errors: [
          { path: "/job/namespace", message: "is required" },
          { path: "/job/name", message: "is required" },
        ],
      },
    });
    expect(await post("{")).toEqual({
      status: 400,
      body: { error: expect.stringMatching(/^the body is not JSON: /) as unknown, errors: [] },
    });
    expect(await post("{}", "text/plain")).toEqual({ status: 415, body: { error: "send the event as application/json" } });
    expect(await post(JSON.stringify({ pad: "x".repeat(70 * 1024) }))).toEqual({
      status: 413,
      body: { error: "the body is larger than 65536 bytes" },
    });
  });
});
