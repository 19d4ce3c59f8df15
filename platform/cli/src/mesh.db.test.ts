import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger, loadConfig, subgraphPort, type MeshConfig } from "@mesh/core";
import { loadSeeds, migrate, serveDomain } from "@mesh/kit";
import { validateEvent } from "@mesh/lineage";
import { createTestDatabase, type TestDatabase } from "@mesh/kit/testing";
import { logisticsDomain } from "@mesh/logistics";
import { domainSdlFile } from "./commands/schema.js";
import { domains } from "./mesh.js";
import { startMesh, type RunningMesh } from "./serve.js";
import { ensureSyntheticVersions } from "./synthesis.js";

// The whole mesh over real HTTP on its real data: the subgraphs, the mesh plane and the gateway
// as `mesh up` starts them, on ports of their own.
let db: TestDatabase;
let mesh: RunningMesh;
let config: MeshConfig;
let logisticsOwner: string;
const logger = createLogger("mesh-test", "silent");

const post = async (url: string, body: unknown, authorization?: string) => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization: `Bearer ${authorization}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] } };
};
/** Waits until the relay has delivered every lineage event in the outbox. */
const outboxDelivered = () =>
  vi.waitFor(
    async () => {
      const pending = await db.pool.query<{ n: number }>(
        "select count(*)::int as n from lineage.outbox where delivered_at is null",
      );
      expect(pending.rows[0]!.n).toBe(0);
    },
    { timeout: 20_000, interval: 200 },
  );
const subgraphUrl = (name: string) => `http://127.0.0.1:${subgraphPort(config.server, name)}/graphql`;

const ZA = `{ location(code: "ZA") { name hivPrevalence { year value } shipments(first: 5) { totalCount nodes { id scheduledDeliveryDate lineItemValue } } } }`;
const OHIO = `{ location(code: "US-OH") { name iliWeeks(last: 8) { nodes { weekStart mmwrYear mmwrWeek iliTotal } } heartDiseaseSites { site institution } } }`;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.url, domains);
  for (const domain of domains) await loadSeeds(db.pool, domain);
  // Synthesis on start is tested in synthesis.db.test.ts; here it would only take the CPU.
  config = loadConfig({
    MESH_HOME: mkdtempSync(path.join(tmpdir(), "mesh-home-")),
    MESH_PORT: "4710",
    MESH_LOG_LEVEL: "silent",
    MESH_SYNTH_ON_START: "false",
  });
  mesh = await startMesh(config, db.pool, db.url, logger);
  logisticsOwner = await mesh.issuer!.issue({ role: "domain-owner", domain: "logistics" });
}, 180_000);
afterAll(async () => {
  await mesh?.close();
  await db?.destroy();
});

describe("lineage of the seed loads", () => {
  it("relays every ingest run's START and COMPLETE from the outbox into the store, each valid against the official schema", async () => {
    const files = domains.flatMap((d) => d.products.flatMap((p) => p.datasets.flatMap((ds) => ds.seeds))).length;
    await outboxDelivered();
    const stored = await db.pool.query<{ event_type: string; n: number }>(
      "select event_type, count(*)::int as n from lineage.events where job_name like 'ingest.%' group by event_type order by event_type",
    );
    expect(stored.rows).toEqual([
      { event_type: "COMPLETE", n: files },
      { event_type: "START", n: files },
    ]);
    const events = await db.pool.query<{ event: unknown }>("select event from lineage.events");
    for (const { event } of events.rows) expect(validateEvent(event)).toEqual({ valid: true, errors: [] });
  });
});

describe("lineage through the gateway", () => {
  it("after start's synthesis jobs, every stored event validates, and trace leads from each synthetic dataset to its source files", async () => {
    // What `mesh up` does on start (synthesis on start is off here only so the other tests run without it).
    const queued = await ensureSyntheticVersions(db.pool, mesh.jobs, logger);
    // Every product has at least one: epidemiology's three, cardiology's patients, logistics' shipments.
    expect(queued.map((q) => [q.dataset, q.action])).toEqual([
      ["urn:mesh:epidemiology:locations:locations", "queued"],
      ["urn:mesh:epidemiology:respiratory-surveillance:ili-weeks", "queued"],
      ["urn:mesh:epidemiology:hiv-burden:hiv-indicators", "queued"],
      ["urn:mesh:cardiology:heart-disease:patients", "queued"],
      ["urn:mesh:logistics:commodity-shipments:shipments", "queued"],
    ]);
    await vi.waitFor(
      async () => {
        for (const q of queued) expect((await mesh.jobs.status(q.jobId!)).state).toBe("completed");
      },
      { timeout: 240_000, interval: 500 },
    );
    // With their contracts' settings (meshSynthesizer), all pass every objective and are published.
    for (const q of queued) {
      const output = (await mesh.jobs.status(q.jobId!)).output as {
        published: boolean;
        gate: { results: Array<{ passed: boolean; reason: string | null }> };
      };
      expect([q.dataset, output.gate.results.filter((r) => !r.passed).map((r) => r.reason), output.published]).toEqual([
        q.dataset,
        [],
        true,
      ]);
    }
    await outboxDelivered();
    // Every event in the store, against the official schema and the schemas of its facets.
    const events = await db.pool.query<{ event: unknown }>("select event from lineage.events");
    expect(events.rows.length).toBeGreaterThan(20);
    for (const { event } of events.rows) expect(validateEvent(event)).toEqual({ valid: true, errors: [] });

    const officer = await mesh.issuer!.issue({ role: "governance-officer" });
    // The test database is reached through a Unix socket: OpenLineage names this machine localhost.
    const namespace = `postgres://localhost:${new URL(db.url).port}`;
    const database = new URL(db.url).pathname.slice(1);
    for (const [table, job, sources] of [
      [
        "cardiology.heart_disease_patients",
        "heart-disease.patients",
        ["processed.cleveland.data", "processed.hungarian.data", "processed.switzerland.data", "processed.va.data"],
      ],
      ["logistics.shipments", "commodity-shipments.shipments", ["SCMS_Delivery_History_Dataset.csv"]],
      ["epidemiology.ili_weeks", "respiratory-surveillance.ili-weeks", ["ILINet.csv"]],
      ["epidemiology.locations", "locations.locations", ["country-codes.csv", "us-subdivisions.csv"]],
      [
        "epidemiology.hiv_indicators",
        "hiv-burden.hiv-indicators",
        [
          "API_SH.DYN.AIDS.ZS_DS2_EN_csv_v2_150659.csv",
          "API_SH.HIV.ARTC.ZS_DS2_EN_csv_v2_116032.csv",
          "API_SP.POP.TOTL_DS2_EN_csv_v2_116033.csv",
        ],
      ],
    ] as const) {
      const result = await post(
        mesh.gateway.url,
        {
          query: `query($namespace: String!, $name: String!) { trace(namespace: $namespace, name: $name) {
            nodes { kind namespace name latestRun { state facets } } truncated } }`,
          variables: { namespace, name: `${database}.${table}__synthetic` },
        },
        officer,
      );
      expect(result.body.errors).toBeUndefined();
      const trace = result.body.data!.trace as {
        nodes: Array<{
          kind: string;
          namespace: string;
          name: string;
          latestRun: { state: string; facets: Record<string, unknown> } | null;
        }>;
        truncated: boolean;
      };
      expect(trace.truncated).toBe(false);
      expect(trace.nodes.filter((n) => n.kind === "JOB").map((n) => n.name)).toEqual([
        `synthesizer.generate.${job}`,
        `synthesizer.train.${job}`,
        `ingest.${job}`,
      ]);
      const train = trace.nodes.find((n) => n.name === `synthesizer.train.${job}`)!;
      expect(train.latestRun?.state).toBe("COMPLETE");
      expect(train.latestRun?.facets.mesh_synthesizer).toMatchObject({ synthesizer: "gaussian-copula", seed: 0 });
      expect(train.latestRun?.facets.mesh_privacy).toMatchObject({ differentialPrivacy: false, phiRead: false });
      const files = trace.nodes
        .filter((n) => n.kind === "DATASET" && n.namespace.startsWith("file://"))
        .map((n) => path.basename(n.name));
      expect(files.sort()).toEqual([...sources].sort());
    }

    const consumer = await mesh.issuer!.issue({ role: "consumer" });
    const refused = await post(mesh.gateway.url, { query: `{ trace(namespace: "x", name: "y") { truncated } }` }, consumer);
    expect(refused.body).toEqual({
      data: null,
      errors: [
        {
          message: "not allowed to read the lineage graph (it needs the governance-officer or domain-owner role)",
          path: ["trace"],
          extensions: { code: "FORBIDDEN" },
        },
      ],
    });
  }, 300_000);
});

describe("the mesh through its gateway", () => {
  it("answers the South Africa question from epidemiology and logistics, as the subgraphs do directly", async () => {
    const through = await post(mesh.gateway.url, { query: ZA }, logisticsOwner);
    const epidemiology = await post(
      subgraphUrl("epidemiology"),
      { query: `{ location(code: "ZA") { name hivPrevalence { year value } } }` },
      logisticsOwner,
    );
    const logistics = await post(
      subgraphUrl("logistics"),
      {
        query: `{ _entities(representations: [{ __typename: "Location", code: "ZA" }]) { ... on Location { shipments(first: 5) { totalCount nodes { id scheduledDeliveryDate lineItemValue } } } } }`,
      },
      logisticsOwner,
    );
    const location = epidemiology.body.data!.location as Record<string, unknown>;
    const shipments = (logistics.body.data!._entities as Array<Record<string, unknown>>)[0]!.shipments;
    expect(through).toEqual({ status: 200, body: { data: { location: { ...location, shipments } } } });
    expect(location.name).toBe("South Africa");
    expect((location.hivPrevalence as Array<{ year: number }>).map((p) => p.year)).toEqual(
      Array.from({ length: 18 }, (_, i) => 2000 + i),
    );
    expect(shipments).toMatchObject({ totalCount: 1406 });
  });

  it("answers the Ohio question from epidemiology and cardiology, as the subgraphs do directly", async () => {
    const consumer = await mesh.issuer!.issue({ role: "consumer" });
    const through = await post(mesh.gateway.url, { query: OHIO }, consumer);
    const epidemiology = await post(
      subgraphUrl("epidemiology"),
      { query: `{ location(code: "US-OH") { name iliWeeks(last: 8) { nodes { weekStart mmwrYear mmwrWeek iliTotal } } } }` },
      consumer,
    );
    const cardiology = await post(
      subgraphUrl("cardiology"),
      {
        query: `{ _entities(representations: [{ __typename: "Location", code: "US-OH" }]) { ... on Location { heartDiseaseSites { site institution } } } }`,
      },
      consumer,
    );
    const sites = (cardiology.body.data!._entities as Array<Record<string, unknown>>)[0]!.heartDiseaseSites;
    expect(through).toEqual({
      status: 200,
      body: { data: { location: { ...(epidemiology.body.data!.location as object), heartDiseaseSites: sites } } },
    });
    expect(sites).toEqual([{ site: "cleveland", institution: "Cleveland Clinic Foundation" }]);
    expect((epidemiology.body.data!.location as { iliWeeks: { nodes: unknown[] } }).iliWeeks.nodes).toHaveLength(8);
  });

  it("finds the cardiology product by search and reads its contract, schema and descriptions", async () => {
    const consumer = await mesh.issuer!.issue({ role: "consumer" });
    const result = await post(
      mesh.gateway.url,
      {
        query: `{ dataProducts(search: "heart") { __typename urn name domain description
          datasets { urn contract { id yaml } columns { name classification unit description } } } }`,
      },
      consumer,
    );
    const products = result.body.data!.dataProducts as Array<Record<string, unknown>>;
    expect(result.body.errors).toBeUndefined();
    expect(products.map((p) => [p.__typename, p.urn, p.name, p.domain])).toEqual([
      ["CardiologyDataProduct", "urn:mesh:cardiology:heart-disease", "heart-disease", "cardiology"],
    ]);
    const patients = (
      products[0]!.datasets as Array<{
        urn: string;
        contract: { id: string; yaml: string };
        columns: Array<Record<string, unknown>>;
      }>
    )[1]!;
    expect(patients.contract.yaml).toBe(
      readFileSync(path.join(import.meta.dirname, "../../../contracts/cardiology/heart-disease-patients.odcs.yaml"), "utf8"),
    );
    expect(patients.columns.find((c) => c.name === "age")).toEqual({
      name: "age",
      classification: "QUASI_IDENTIFIER",
      unit: "years",
      description: "Age of the patient at the examination, in whole years (UCI `age`).",
    });
    expect(readFileSync(domainSdlFile("cardiology"), "utf8")).toContain(
      'age: Int @classification(level: QUASI_IDENTIFIER) @unit(name: "years")',
    );
  });

  it("refuses a consumer the cardiology patients' real records, with no value", async () => {
    const consumer = await mesh.issuer!.issue({ role: "consumer" });
    expect(
      await post(mesh.gateway.url, { query: "{ heartDiseasePatients(first: 5) { nodes { age sex hasDisease } } }" }, consumer),
    ).toEqual({
      status: 200,
      body: {
        data: { heartDiseasePatients: null },
        errors: [
          {
            message: "not allowed to read the real records of urn:mesh:cardiology:heart-disease:patients",
            path: ["heartDiseasePatients"],
            extensions: { code: "FORBIDDEN" },
          },
        ],
      },
    });
  });

  it("refuses a subgraph called directly without a token", async () => {
    for (const name of ["mesh-plane", "epidemiology", "cardiology", "logistics"]) {
      expect(await post(subgraphUrl(name), { query: "{ __typename }" })).toEqual({
        status: 401,
        body: {
          errors: [{ message: "no bearer token: send Authorization: Bearer <token>", extensions: { code: "UNAUTHENTICATED" } }],
        },
      });
    }
  });

  it("gives partial data naming logistics while it is down, and the whole answer once it is back", async () => {
    const logistics = mesh.subgraphs.find((s) => s.name === "logistics")!;
    await logistics.close();
    const down = await post(mesh.gateway.url, { query: ZA }, logisticsOwner);
    expect(down.status).toBe(200);
    expect(down.body.errors).toEqual([
      { message: "the logistics subgraph is unavailable", path: ["location"], extensions: { code: "UNAVAILABLE" } },
    ]);
    expect(down.body.data).toEqual({
      location: { name: "South Africa", hivPrevalence: expect.any(Array), shipments: null },
    });

    const { verifier } = await (await import("./serve.js")).tokenVerifier(config);
    const back = await serveDomain(logisticsDomain, {
      pool: db.pool,
      verifier,
      host: "127.0.0.1",
      port: subgraphPort(config.server, "logistics"),
      corsOrigins: [],
      introspection: false,
      logger,
    });
    mesh.subgraphs.splice(mesh.subgraphs.indexOf(logistics), 1, back);
    const whole = await post(mesh.gateway.url, { query: ZA }, logisticsOwner);
    expect(whole.body.errors).toBeUndefined();
    expect((whole.body.data!.location as { shipments: { totalCount: number } }).shipments.totalCount).toBe(1406);
  });
});

describe("synthesis jobs through the gateway", () => {
  const PATIENTS = "urn:mesh:cardiology:heart-disease:patients";
  const TRAIN = `mutation($dataset: ID!, $settings: JSON) { trainSynthesizer(dataset: $dataset, seed: 4, settings: $settings) {
    id step dataset state retryCount error } }`;
  const JOB = `query($id: ID!) { synthesisJob(id: $id) { id step dataset state progress { fraction message } output error } }`;

  it("lets the cardiology owner train a synthesizer as a job and follow it to its output", async () => {
    const owner = await mesh.issuer!.issue({ role: "domain-owner", domain: "cardiology" });
    const queued = await post(mesh.gateway.url, { query: TRAIN, variables: { dataset: PATIENTS } }, owner);
    expect(queued.body.errors).toBeUndefined();
    const job = queued.body.data!.trainSynthesizer as { id: string };
    // Queued, or already taken by a worker thread.
    expect(job).toEqual({
      id: expect.any(String),
      step: "TRAIN",
      dataset: PATIENTS,
      state: expect.stringMatching(/^(CREATED|ACTIVE)$/),
      retryCount: 0,
      error: null,
    });

    let answer: Record<string, unknown> = {};
    await vi.waitFor(
      async () => {
        const read = await post(mesh.gateway.url, { query: JOB, variables: { id: job.id } }, owner);
        answer = read.body.data!.synthesisJob as Record<string, unknown>;
        expect(answer.state).toBe("COMPLETED");
      },
      { timeout: 60_000, interval: 300 },
    );
    expect(answer).toEqual({
      id: job.id,
      step: "TRAIN",
      dataset: PATIENTS,
      state: "COMPLETED",
      progress: { fraction: 1, message: "training gaussian-copula on 736 rows" },
      output: {
        modelId: expect.any(String),
        datasetUrn: PATIENTS,
        synthesizer: "gaussian-copula",
        rows: { train: 736, holdout: 184 },
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        training: {},
      },
      error: null,
    });
    // A governance officer reads it too; the logistics owner and a consumer do not.
    const officer = await mesh.issuer!.issue({ role: "governance-officer" });
    expect((await post(mesh.gateway.url, { query: JOB, variables: { id: job.id } }, officer)).body.data).toEqual({
      synthesisJob: answer,
    });
    const consumer = await mesh.issuer!.issue({ role: "consumer" });
    expect((await post(mesh.gateway.url, { query: JOB, variables: { id: job.id } }, consumer)).body).toEqual({
      data: { synthesisJob: null },
      errors: [
        {
          message: `not allowed to read ${PATIENTS} (it needs the domain-owner role for cardiology, or governance-officer)`,
          path: ["synthesisJob"],
          extensions: { code: "FORBIDDEN" },
        },
      ],
    });
  }, 90_000);

  it("refuses to run synthesis outside the caller's domain, and names a bad setting before queueing", async () => {
    const refused = await post(mesh.gateway.url, { query: TRAIN, variables: { dataset: PATIENTS } }, logisticsOwner);
    expect(refused.body).toEqual({
      data: null,
      errors: [
        {
          message: `not allowed to run synthesis on ${PATIENTS} (it needs the domain-owner role for cardiology)`,
          path: ["trainSynthesizer"],
          extensions: { code: "FORBIDDEN" },
        },
      ],
    });
    const owner = await mesh.issuer!.issue({ role: "domain-owner", domain: "cardiology" });
    const bad = await post(mesh.gateway.url, { query: TRAIN, variables: { dataset: PATIENTS, settings: { ridge: 7 } } }, owner);
    expect(bad.body).toEqual({
      data: null,
      errors: [
        {
          message: 'gaussian-copula settings: "ridge" must be a number from 0 to 1, got 7',
          path: ["trainSynthesizer"],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    const unknown = await post(
      mesh.gateway.url,
      { query: TRAIN, variables: { dataset: "urn:mesh:cardiology:heart-disease:nope" } },
      owner,
    );
    expect(unknown.body.errors).toEqual([
      {
        message: "no dataset urn:mesh:cardiology:heart-disease:nope in this mesh",
        path: ["trainSynthesizer"],
        extensions: { code: "NOT_FOUND" },
      },
    ]);
  });
});
