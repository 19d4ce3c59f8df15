import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_AUDIT_URN, accessMigrations, PostgresAuditSink, readAuditLog } from "@mesh/access";
import { createLogger } from "@mesh/core";
import type { RunningServer } from "@mesh/http";
import { openTestRealm, postGraphQL, type TestRealm } from "@mesh/http/testing";
import { openSchema } from "@mesh/storage";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import { migrateMeshPlane, ProductRegistry, startMeshPlane } from "./index.js";
import { allProducts, heartDisease, PRODUCT_TYPES } from "./registrations.fixture.js";

let db: TestDatabase;
let realm: TestRealm;
let sink: PostgresAuditSink;
let server: RunningServer;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateMeshPlane(db.url);
  await (await openSchema(db.url, { schema: "platform", migrations: [...accessMigrations] })).destroy();
  const registry = new ProductRegistry(db.pool);
  for (const product of allProducts) await registry.register(product);
  realm = await openTestRealm();
  const logger = createLogger("test", "silent");
  sink = new PostgresAuditSink(db.pool, { flushIntervalMs: 3_600_000, logger });
  server = await startMeshPlane({
    pool: db.pool,
    productTypes: PRODUCT_TYPES,
    verifier: realm.verifier,
    audit: sink,
    host: "127.0.0.1",
    port: 0,
    corsOrigins: [],
    introspection: false,
    logger,
  });
});
afterAll(async () => {
  await server.close();
  await sink.close();
  await db.destroy();
});

describe("startMeshPlane", () => {
  it("answers a caller with a verified token, and no one else", async () => {
    const query = { query: `{ dataProducts(search: "heart") { __typename urn } }` };
    const answered = await postGraphQL(server.url, query, { authorization: await realm.bearer({ role: "consumer" }) });
    expect({ status: answered.status, body: answered.body }).toEqual({
      status: 200,
      body: { data: { dataProducts: [{ __typename: heartDisease.typename, urn: heartDisease.urn }] } },
    });
    expect((await postGraphQL(server.url, query)).status).toBe(401);
  });

  it("keeps the audit log from a consumer (FORBIDDEN) and shows a governance officer the refusal, by request id", async () => {
    const query = `query ($resource: String) { accessAudit(resource: $resource) { entries { requestId subject kind allowed } } }`;
    const refused = await postGraphQL(
      server.url,
      { query, variables: { resource: ACCESS_AUDIT_URN } },
      { authorization: await realm.bearer({ role: "consumer", subject: "nosy" }), headers: { "x-request-id": "nosy-request-1" } },
    );
    expect({ status: refused.status, body: refused.body }).toEqual({
      status: 200,
      body: {
        data: null,
        errors: [
          {
            message: "not allowed to read the access audit log (it needs the governance-officer role)",
            path: ["accessAudit"],
            extensions: { code: "FORBIDDEN" },
          },
        ],
      },
    });

    await sink.flush();
    const officer = await realm.bearer({ role: "governance-officer", subject: "grace" });
    const shown = await postGraphQL(server.url, { query, variables: { resource: ACCESS_AUDIT_URN } }, { authorization: officer });
    expect(shown.body).toEqual({
      data: { accessAudit: { entries: [{ requestId: "nosy-request-1", subject: "nosy", kind: "AccessAudit", allowed: false }] } },
    });
    await sink.flush();
    expect((await readAuditLog(db.pool, { subject: "grace" })).entries.map((e) => e.allowed)).toEqual([true]);
  });
});
