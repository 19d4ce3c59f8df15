import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, loadConfig } from "@mesh/core";
import { migrate } from "@mesh/kit";
import { createTestDatabase, type TestDatabase } from "@mesh/kit/testing";
import { sampleRunEvent, specificationExamples } from "@mesh/lineage";
import { domains } from "./mesh.js";
import { LINEAGE_ENDPOINT, startMesh, type RunningMesh } from "./serve.js";

// The OpenLineage endpoint as `mesh up` mounts it on the gateway: real HTTP, real tokens.
let db: TestDatabase;
let mesh: RunningMesh;
let url: string;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.url, domains);
  const config = loadConfig({
    MESH_HOME: mkdtempSync(path.join(tmpdir(), "mesh-home-")),
    MESH_PORT: "4760",
    MESH_LOG_LEVEL: "silent",
    MESH_SYNTH_ON_START: "false",
  });
  mesh = await startMesh(config, db.pool, db.url, createLogger("lineage-endpoint-test", "silent"));
  url = new URL(LINEAGE_ENDPOINT, mesh.gateway.url).toString();
  token = await mesh.issuer!.issue({ role: "consumer" });
}, 180_000);
afterAll(async () => {
  await mesh?.close();
  await db?.destroy();
});

const post = async (body: unknown, authorization: string | undefined = token) => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization: `Bearer ${authorization}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe(`POST ${LINEAGE_ENDPOINT} on the gateway`, () => {
  it("accepts every example event of the specification", async () => {
    for (const { event } of specificationExamples()) {
      expect(await post(event)).toEqual({ status: 201, body: { stored: 1, duplicates: 0 } });
    }
  });

  it("stores the same event twice once", async () => {
    const event = sampleRunEvent();
    expect(await post(event)).toEqual({ status: 201, body: { stored: 1, duplicates: 0 } });
    expect(await post(event)).toEqual({ status: 200, body: { stored: 0, duplicates: 1 } });
    const rows = await db.pool.query("select count(*)::int as n from lineage.events where run_id = $1", [event.run.runId]);
    expect(rows.rows).toEqual([{ n: 1 }]);
  });

  it("answers 400 with the schema errors for an invalid event", async () => {
    expect(await post({ ...sampleRunEvent(), eventType: "DONE", producer: 42 })).toEqual({
      status: 400,
      body: {
        error: "the event does not validate against the OpenLineage 2-0-2 schema",
        errors: [
          { path: "/producer", message: "must be string" },
          { path: "/eventType", message: "must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER" },
        ],
      },
    });
  });

  it("answers 401 to an anonymous caller and stores nothing", async () => {
    const event = sampleRunEvent();
    const anonymous = await post(event, "");
    expect(anonymous).toEqual({
      status: 401,
      body: {
        errors: [{ message: "no bearer token: send Authorization: Bearer <token>", extensions: { code: "UNAUTHENTICATED" } }],
      },
    });
    const rows = await db.pool.query("select count(*)::int as n from lineage.events where run_id = $1", [event.run.runId]);
    expect(rows.rows).toEqual([{ n: 0 }]);
  });
});
