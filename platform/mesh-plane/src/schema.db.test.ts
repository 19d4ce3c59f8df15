import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql, type GraphQLSchema } from "graphql";
import {
  ACCESS_AUDIT_URN,
  accessMigrations,
  AccessControl,
  PostgresAuditSink,
  readAuditLog,
  type AccessDecision,
  type Principal,
} from "@mesh/access";
import { createLogger, ErrorCode, NotAllowedError } from "@mesh/core";
import { openSchema } from "@mesh/storage";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import { createMeshPlaneSchema, migrateMeshPlane, ProductRegistry, type MeshPlaneContext } from "./index.js";
import {
  allProducts,
  commodityShipments,
  heartDisease,
  hivBurden,
  PRODUCT_TYPES,
  respiratorySurveillance,
} from "./registrations.fixture.js";

let db: TestDatabase;
let registry: ProductRegistry;
let schema: GraphQLSchema;
let sink: PostgresAuditSink;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateMeshPlane(db.url);
  await (await openSchema(db.url, { schema: "platform", migrations: [...accessMigrations] })).destroy();
  registry = new ProductRegistry(db.pool);
  for (const product of allProducts) await registry.register(product);
  schema = createMeshPlaneSchema({ registry, auditLog: db.pool, productTypes: PRODUCT_TYPES });
  sink = new PostgresAuditSink(db.pool, { flushIntervalMs: 3_600_000, logger: createLogger("test", "silent") });
});
afterAll(async () => {
  await sink.close();
  await db.destroy();
});

const principal = (subject: string, roles: Principal["roles"]): Principal => ({
  subject,
  username: subject,
  clientId: "catalog",
  roles,
  ownedDomains: [],
});

/** Runs `source` as `who`, the way the server would: a fresh AccessControl per request. */
async function run(
  source: string,
  who: Principal,
  options: { schema?: GraphQLSchema; variables?: Record<string, unknown> } = {},
) {
  const contextValue: MeshPlaneContext = {
    access: new AccessControl(who, sink, `req-${who.subject}`),
    logger: createLogger("test", "silent"),
  };
  return graphql({ schema: options.schema ?? schema, source, contextValue, variableValues: options.variables });
}

const consumer = principal("carol", ["consumer"]);
const officer = principal("grace", ["governance-officer"]);
const ref = (product: { typename: string; urn: string }) => ({ __typename: product.typename, urn: product.urn });

describe("dataProducts and dataProduct", () => {
  it("finds products by text and answers with references to the owning domains' types", async () => {
    expect(await run(`{ dataProducts(search: "heart") { __typename urn } }`, consumer)).toEqual({
      data: { dataProducts: [ref(heartDisease)] },
    });
    expect(await run(`{ dataProducts(search: "HIV") { __typename urn } }`, consumer)).toEqual({
      data: { dataProducts: [ref(hivBurden), ref(commodityShipments)] },
    });
  });

  it("combines the filters, the classification given as the enum", async () => {
    const query = `query ($domain: String, $tag: String, $classification: Classification) {
      dataProducts(domain: $domain, tag: $tag, classification: $classification) { urn }
    }`;
    const urns = async (variables: Record<string, unknown>) => run(query, consumer, { variables });
    expect(await urns({})).toEqual({ data: { dataProducts: allProducts.map(({ urn }) => ({ urn })) } });
    expect(await urns({ domain: "epidemiology", tag: "influenza" })).toEqual({
      data: { dataProducts: [{ urn: respiratorySurveillance.urn }] },
    });
    expect(await urns({ classification: "SENSITIVE_ATTRIBUTE" })).toEqual({
      data: { dataProducts: [{ urn: heartDisease.urn }, { urn: commodityShipments.urn }] },
    });
    expect(await urns({ classification: "PHI" })).toEqual({ data: { dataProducts: [] } });
  });

  it("gets one product by URN, and null for an unknown one", async () => {
    const query = `query ($urn: ID!) { dataProduct(urn: $urn) { __typename urn } }`;
    expect(await run(query, consumer, { variables: { urn: hivBurden.urn } })).toEqual({ data: { dataProduct: ref(hivBurden) } });
    expect(await run(query, consumer, { variables: { urn: "urn:mesh:cardiology:unknown" } })).toEqual({
      data: { dataProduct: null },
    });
  });

  it("asks the caller's access for each product, and the audit log keeps the decisions", async () => {
    const reader = principal("dora", ["consumer"]);
    await run(`{ dataProducts(domain: "epidemiology") { urn } }`, reader);
    await sink.flush();
    const { entries } = await readAuditLog(db.pool, { subject: "dora" });
    expect(entries.map(({ kind, resource, domain, allowed }) => ({ kind, resource, domain, allowed }))).toEqual([
      { kind: "ProductMetadata", resource: respiratorySurveillance.urn, domain: "epidemiology", allowed: true },
      { kind: "ProductMetadata", resource: hivBurden.urn, domain: "epidemiology", allowed: true },
    ]);
  });

  it("leaves out products of a type the schema was not built with", async () => {
    const withoutLogistics = createMeshPlaneSchema({
      registry,
      auditLog: db.pool,
      productTypes: ["CardiologyDataProduct", "EpidemiologyDataProduct"],
    });
    expect(await run(`{ dataProducts(search: "hiv") { __typename urn } }`, consumer, { schema: withoutLogistics })).toEqual({
      data: { dataProducts: [ref(hivBurden)] },
    });
  });
});

describe("accessAudit", () => {
  const refused: AccessDecision = {
    at: new Date("2026-03-02T09:00:00.123Z"),
    requestId: "req-0001",
    subject: "mallory",
    clientId: "catalog",
    action: "read",
    kind: "Field",
    resource: "urn:mesh:cardiology:heart-disease:patients#age",
    domain: "cardiology",
    port: "REAL",
    classification: "quasi-identifier",
    allowed: false,
  };
  const query = `query ($subject: String, $first: Int, $after: String) {
    accessAudit(subject: $subject, first: $first, after: $after) {
      entries { id at requestId subject clientId action kind resource domain port classification allowed }
      hasNextPage
      endCursor
    }
  }`;

  beforeAll(async () => {
    sink.record(refused);
    sink.record({ ...refused, at: new Date("2026-03-02T09:00:01.000Z"), kind: "Records", classification: null });
    await sink.flush();
  });

  it("shows a governance officer the log, newest first, one page at a time", async () => {
    const result = await run(query, officer, { variables: { subject: "mallory", first: 1 } });
    const id = (result.data?.accessAudit as { endCursor: string }).endCursor;
    expect(result).toEqual({
      data: {
        accessAudit: {
          entries: [
            {
              ...refused,
              id,
              at: "2026-03-02T09:00:01.000Z",
              kind: "Records",
              classification: null,
            },
          ],
          hasNextPage: true,
          endCursor: id,
        },
      },
    });
    const next = await run(query, officer, { variables: { subject: "mallory", first: 1, after: id } });
    expect(next).toEqual({
      data: {
        accessAudit: {
          entries: [{ ...refused, id: expect.any(String), at: "2026-03-02T09:00:00.123Z", classification: "QUASI_IDENTIFIER" }],
          hasNextPage: false,
          endCursor: expect.any(String),
        },
      },
    });
  });

  it("refuses anyone else with FORBIDDEN, and records every decision", async () => {
    const result = await run(query, consumer, { variables: { subject: "mallory" } });
    expect(result).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          message: "not allowed to read the access audit log (it needs the governance-officer role)",
          path: ["accessAudit"],
        }),
      ],
    });
    expect(result.errors?.[0]?.originalError).toBeInstanceOf(NotAllowedError);
    expect((result.errors?.[0]?.originalError as NotAllowedError).code).toBe(ErrorCode.FORBIDDEN);

    await sink.flush();
    const decisions = await readAuditLog(db.pool, { resource: ACCESS_AUDIT_URN });
    expect(decisions.entries.map(({ subject, kind, domain, allowed }) => ({ subject, kind, domain, allowed }))).toEqual([
      { subject: "carol", kind: "AccessAudit", domain: "platform", allowed: false },
      { subject: "grace", kind: "AccessAudit", domain: "platform", allowed: true }, // the officer's two pages
      { subject: "grace", kind: "AccessAudit", domain: "platform", allowed: true },
    ]);
  });

  it("refuses a page size out of range as bad input", async () => {
    const result = await run(query, officer, { variables: { first: 501 } });
    expect(result).toEqual({
      data: null,
      errors: [expect.objectContaining({ message: "first must be an integer from 1 to 500, not 501", path: ["accessAudit"] })],
    });
  });
});
