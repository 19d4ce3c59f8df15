import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessDecision, AuditSink } from "@mesh/access";
import { ContractViolationError } from "@mesh/core";
import { BadDialysisSession, DialysisSession, nephrology, SESSIONS_SQL } from "../__fixtures__/nephrology.js";
import { migrateDomain } from "../index.js";
import { createTestDatabase, principalContext, runQuery, type TestDatabase } from "../testing/index.js";
import { buildDomainSubgraph, type DomainSubgraph } from "./build-subgraph.js";

const domain = nephrology(DialysisSession);
const URN = "urn:mesh:nephrology:dialysis:sessions";
let db: TestDatabase;
let subgraph: DomainSubgraph;
const owner = (audit?: AuditSink) =>
  principalContext(["domain-owner"], { ownedDomains: ["nephrology"], ...(audit ? { audit } : {}) });

beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, domain);
  await db.pool.query(SESSIONS_SQL);
  subgraph = await buildDomainSubgraph(domain, db.pool);
});
afterAll(async () => db?.destroy());

describe("buildDomainSubgraph", () => {
  it("refuses a record class that does not match its contract, listing every mismatch", async () => {
    const error = await buildDomainSubgraph(nephrology(BadDialysisSession), db.pool).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    const at = (field: string) => `BadDialysisSession.${field} (${URN})`;
    expect((error as ContractViolationError).problems).toEqual([
      { path: at("sessionId"), message: "is String!; column session_id is integer (bigint), served as Int" },
      {
        path: at("patientId"),
        message: "must be nullable: column patient_id is phi, so a caller may be refused its value",
      },
      { path: at("durationMinutes"), message: "must be non-null: column duration_minutes is required and public" },
      { path: at("accessType"), message: "missing: the contract has column access_type" },
      { path: at("nurse"), message: "is not a column of the contract (add it to the contract, or make it a relation)" },
    ]);
  });

  it("describes record fields from the contract, with classification and unit directives", () => {
    expect(subgraph.sdl).toContain(
      'type DialysisSession\n  @contract(id: "urn:mesh:nephrology:dialysis:sessions", version: "1.2.0")\n{',
    );
    expect(subgraph.sdl).toMatch(/\n {2}patientId: String @classification\(level: PHI\)\n/);
    expect(subgraph.sdl).toMatch(/\n {2}durationMinutes: Int! @classification\(level: PUBLIC\) @unit\(name: "min"\)\n/);
  });
});

describe("typed records", () => {
  const FIELDS = "sessionId unitCode sessionDate startedAt durationMinutes ultrafiltrationVolume ktV accessType completed";

  it("pages forwards and backwards with opaque cursors", async () => {
    const first = await runQuery(
      subgraph.schema,
      `{ dialysisSessions(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { sessionId } } }`,
      owner(),
    );
    const page = (first.data as { dialysisSessions: { pageInfo: { endCursor: string } } }).dialysisSessions;
    expect(first).toEqual({
      data: {
        dialysisSessions: {
          totalCount: 5,
          pageInfo: { hasNextPage: true, hasPreviousPage: false, endCursor: page.pageInfo.endCursor },
          nodes: [{ sessionId: 1 }, { sessionId: 2 }],
        },
      },
    });
    const next = await runQuery(
      subgraph.schema,
      `query($after: String) { dialysisSessions(first: 2, after: $after) { pageInfo { hasNextPage hasPreviousPage } nodes { sessionId } } }`,
      owner(),
      { after: page.pageInfo.endCursor },
    );
    expect(next).toEqual({
      data: {
        dialysisSessions: { pageInfo: { hasNextPage: true, hasPreviousPage: true }, nodes: [{ sessionId: 3 }, { sessionId: 4 }] },
      },
    });
    const last = await runQuery(
      subgraph.schema,
      `{ dialysisSessions(last: 2) { pageInfo { hasNextPage hasPreviousPage } nodes { sessionId } } }`,
      owner(),
    );
    expect(last).toEqual({
      data: {
        dialysisSessions: {
          pageInfo: { hasNextPage: false, hasPreviousPage: true },
          nodes: [{ sessionId: 4 }, { sessionId: 5 }],
        },
      },
    });
  });

  it("filters and sorts, with values converted as the contract types say", async () => {
    const result = await runQuery(
      subgraph.schema,
      `{ dialysisSessions(filter: { durationMinutes: { gte: 200 }, accessType: { in: ["fistula", "catheter"] } }, orderBy: [{ field: DURATION_MINUTES, direction: DESC }]) { nodes { ${FIELDS} } } }`,
      owner(),
    );
    expect(result).toEqual({
      data: {
        dialysisSessions: {
          nodes: [
            {
              sessionId: 5,
              unitCode: "EST",
              sessionDate: "2024-03-05",
              startedAt: "2024-03-05T07:15:00.000Z",
              durationMinutes: 250,
              ultrafiltrationVolume: 2.8,
              ktV: 1.25,
              accessType: "catheter",
              completed: true,
            },
            {
              sessionId: 1,
              unitCode: "NOR",
              sessionDate: "2024-03-01",
              startedAt: "2024-03-01T08:00:00.000Z",
              durationMinutes: 240,
              ultrafiltrationVolume: 2.5,
              ktV: 1.31,
              accessType: "fistula",
              completed: true,
            },
            {
              sessionId: 3,
              unitCode: "SOU",
              sessionDate: "2024-03-03",
              startedAt: "2024-03-03T09:30:00.000Z",
              durationMinutes: 235,
              ultrafiltrationVolume: 3.1,
              ktV: 1.42,
              accessType: "fistula",
              completed: true,
            },
          ],
        },
      },
    });
  });

  it("never returns a PHI value: the field is FORBIDDEN on its path, the rest of the record is served", async () => {
    const decisions: AccessDecision[] = [];
    const result = await runQuery(
      subgraph.schema,
      `{ dialysisSessions(first: 2) { nodes { sessionId patientId } } }`,
      owner({ record: (d) => decisions.push(d) }),
    );
    const refused = "not allowed to read urn:mesh:nephrology:dialysis:sessions#patient_id (phi, real port)";
    expect(result).toEqual({
      data: {
        dialysisSessions: {
          nodes: [
            { sessionId: 1, patientId: null },
            { sessionId: 2, patientId: null },
          ],
        },
      },
      errors: [
        { message: refused, path: ["dialysisSessions", "nodes", 0, "patientId"], code: "FORBIDDEN" },
        { message: refused, path: ["dialysisSessions", "nodes", 1, "patientId"], code: "FORBIDDEN" },
      ],
    });
    expect(JSON.stringify(result)).not.toContain("P-0000");
    expect(decisions.filter((d) => !d.allowed).map((d) => [d.kind, d.resource, d.classification])).toEqual([
      ["Field", `${URN}#patient_id`, "phi"],
    ]);
    expect(decisions.filter((d) => d.kind === "Records").map((d) => [d.resource, d.port, d.allowed])).toEqual([
      [URN, "REAL", true],
    ]);
  });

  it("refuses a filter or sort on a field the caller may not read (it would leak values)", async () => {
    const result = await runQuery(
      subgraph.schema,
      `{ dialysisSessions(filter: { patientId: { eq: "P-000001" } }) { totalCount } }`,
      owner(),
    );
    expect(result).toEqual({
      data: { dialysisSessions: null },
      errors: [
        {
          message: "not allowed to read urn:mesh:nephrology:dialysis:sessions#patient_id (phi, real port)",
          path: ["dialysisSessions"],
          code: "FORBIDDEN",
        },
      ],
    });
  });

  it("refuses a consumer the real records", async () => {
    expect(await runQuery(subgraph.schema, `{ dialysisSessions { totalCount } }`, principalContext(["consumer"]))).toEqual({
      data: { dialysisSessions: null },
      errors: [{ message: `not allowed to read the real records of ${URN}`, path: ["dialysisSessions"], code: "FORBIDDEN" }],
    });
  });

  it("names a bad cursor and a page too large", async () => {
    const result = await runQuery(
      subgraph.schema,
      `{ a: dialysisSessions(after: "bm9wZQ") { totalCount } b: dialysisSessions(first: 501) { totalCount } }`,
      owner(),
    );
    result.errors?.sort((x, y) => String(x.path).localeCompare(String(y.path)));
    expect(result).toEqual({
      data: { a: null, b: null },
      errors: [
        { message: 'after: "bm9wZQ" is not a cursor returned by this API', path: ["a"], code: "BAD_USER_INPUT" },
        { message: "first must be between 0 and 500, got 501", path: ["b"], code: "BAD_USER_INPUT" },
      ],
    });
  });
});

describe("the product API", () => {
  const product = `_entities(representations: [{ __typename: "NephrologyDataProduct", urn: "urn:mesh:nephrology:dialysis" }])`;

  it("serves the dataset as a generic table page without the withheld columns, and exports it", async () => {
    const result = await runQuery(
      subgraph.schema,
      `{ ${product} { ... on NephrologyDataProduct { datasets {
          page(first: 2, orderBy: [{ column: "kt_v", direction: DESC }], filter: [{ column: "completed", op: EQ, value: true }]) {
            columns { name } rows withheldColumns totalCount }
          export(format: CSV, filter: [{ column: "unit_code", op: EQ, value: "NOR" }]) { mediaType fileName rowCount withheldColumns content }
      } } } }`,
      owner(),
    );
    const columns = [
      "session_id",
      "unit_code",
      "session_date",
      "started_at",
      "duration_minutes",
      "ultrafiltration_volume",
      "kt_v",
      "access_type",
      "completed",
    ];
    expect(result).toEqual({
      data: {
        _entities: [
          {
            datasets: [
              {
                page: {
                  columns: columns.map((name) => ({ name })),
                  rows: [
                    [3, "SOU", "2024-03-03", "2024-03-03T09:30:00.000Z", 235, 3.1, 1.42, "fistula", true],
                    [1, "NOR", "2024-03-01", "2024-03-01T08:00:00.000Z", 240, 2.5, 1.31, "fistula", true],
                  ],
                  withheldColumns: ["patient_id"],
                  totalCount: 4,
                },
                export: {
                  mediaType: "text/csv",
                  fileName: "nephrology-dialysis-sessions.csv",
                  rowCount: 2,
                  withheldColumns: ["patient_id"],
                  content:
                    `${columns.join(",")}\n` +
                    "1,NOR,2024-03-01,2024-03-01T08:00:00.000Z,240,2.5,1.31,fistula,true\n" +
                    "2,NOR,2024-03-01,,180,,,catheter,true\n",
                },
              },
            ],
          },
        ],
      },
    });
  });

  it("describes the product to any authenticated caller: owners, ports, schema, SLOs measured now", async () => {
    const result = await runQuery(
      subgraph.schema,
      `{ ${product} { ... on NephrologyDataProduct { urn name domain status owners { username role }
          outputPorts { name kind dataset { urn } }
          datasets { urn port rowCount recordType recordsQuery columns { name field classification unit required primaryKey } }
          slos { metric column objective status measured } } } }`,
      principalContext(["consumer"]),
    );
    const data = (result.data as { _entities: Array<Record<string, unknown>> })._entities[0]!;
    expect(result.errors).toBeUndefined();
    expect({ ...data, datasets: undefined, slos: undefined }).toEqual({
      urn: "urn:mesh:nephrology:dialysis",
      name: "dialysis",
      domain: "nephrology",
      status: "active",
      owners: [{ username: "amara.okafor", role: "owner" }],
      outputPorts: [
        { name: "sessions", kind: "REAL", dataset: { urn: URN } },
        { name: "sessions-synthetic", kind: "SYNTHETIC", dataset: { urn: URN } },
      ],
      datasets: undefined,
      slos: undefined,
    });
    const [dataset] = data.datasets as Array<Record<string, unknown>>;
    expect({ ...dataset, columns: (dataset!.columns as unknown[]).slice(0, 2) }).toEqual({
      urn: URN,
      port: "REAL",
      rowCount: 5,
      recordType: "DialysisSession",
      recordsQuery: "dialysisSessions",
      columns: [
        { name: "session_id", field: "sessionId", classification: "PUBLIC", unit: null, required: true, primaryKey: true },
        { name: "patient_id", field: "patientId", classification: "PHI", unit: null, required: true, primaryKey: false },
      ],
    });
    expect((data.slos as Array<Record<string, unknown>>).filter((s) => s.metric !== "latency")).toEqual(
      expect.arrayContaining([
        { metric: "rowCount", column: null, objective: "> 0", status: "MET", measured: 5 },
        { metric: "invalidValues", column: "unit_code", objective: "= 0", status: "MET", measured: 0 },
        { metric: "synthetic.columnShapes", column: null, objective: ">= 0.85", status: "UNKNOWN", measured: null },
        { metric: "synthetic.membershipInferenceAuc", column: null, objective: "<= 0.6", status: "UNKNOWN", measured: null },
      ]),
    );
  });
});
