import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyntheticObjectives } from "@mesh/contracts";
import { buildDomainSubgraph, loadSeeds, migrateDomain, synthesize, type Dataset, type DomainSubgraph } from "@mesh/kit";
import { createTestDatabase, principalContext, runQuery, type TestDatabase } from "@mesh/kit/testing";
import { cardiologyDomain } from "./index.js";

// The SYNTHETIC port of the heart-disease patients through the product API: the same typed
// records as the real port, served from the published synthetic version, open to consumers.
const patients = cardiologyDomain.products[0]!.datasets[1] as Dataset;
const consumer = principalContext(["consumer"]);
let db: TestDatabase;
let subgraph: DomainSubgraph;

const objective = (threshold: number): SyntheticObjectives => ({
  objectives: [
    { group: "fidelity", name: "minQualityScore", metric: "qualityScore", comparison: ">=", threshold, description: "quality" },
  ],
  target: "has_disease",
  groupBy: [],
  delta: undefined,
  excludeFeatures: [],
});

beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, cardiologyDomain);
  await loadSeeds(db.pool, cardiologyDomain);
  subgraph = await buildDomainSubgraph(cardiologyDomain, db.pool);
}, 120_000);
afterAll(async () => db?.destroy());

const PAGE = `{ heartDiseasePatients(port: SYNTHETIC, first: 3, orderBy: [{ field: SITE_RECORD }]) {
  totalCount nodes { site siteRecord age sex hasDisease } } }`;

describe("the SYNTHETIC port of heart-disease patients", () => {
  it("says there is no published version yet instead of serving anything", async () => {
    expect(await runQuery(subgraph.schema, PAGE, consumer)).toEqual({
      data: { heartDiseasePatients: null },
      errors: [
        {
          message:
            "urn:mesh:cardiology:heart-disease:patients has no published synthetic version yet (its SYNTHETIC port shows what is under way)",
          path: ["heartDiseasePatients"],
          code: "NOT_FOUND",
        },
      ],
    });
  });

  it("serves the published version's rows to a consumer with the typed API, and never the real ones", async () => {
    const published = await synthesize(db.pool, patients, { seed: 2, objectives: objective(0.5) });
    expect(published.published).toBe(true);
    // A later version that fails its objective is kept, listed, and not served.
    const failed = await synthesize(db.pool, patients, { seed: 3, objectives: objective(0.999) });
    expect(failed.published).toBe(false);

    const expected = await db.pool.query(
      `select site, site_record as "siteRecord", age, sex, has_disease as "hasDisease"
       from cardiology.heart_disease_patients__synthetic where version_id = $1 order by site_record, site limit 3`,
      [published.versionId],
    );
    expect(await runQuery(subgraph.schema, PAGE, consumer)).toEqual({
      data: { heartDiseasePatients: { totalCount: 736, nodes: expected.rows } },
    });
    expect(await runQuery(subgraph.schema, `{ heartDiseasePatients(first: 1) { totalCount } }`, consumer)).toEqual({
      data: { heartDiseasePatients: null },
      errors: [
        {
          message: "not allowed to read the real records of urn:mesh:cardiology:heart-disease:patients",
          path: ["heartDiseasePatients"],
          code: "FORBIDDEN",
        },
      ],
    });

    const ports = await runQuery(
      subgraph.schema,
      `{ _entities(representations: [{ __typename: "CardiologyDataProduct", urn: "urn:mesh:cardiology:heart-disease" }]) {
        ... on CardiologyDataProduct { outputPorts { name kind synthetic { inProgress { step }
          version { id published rows summary { qualityScore exactMatchRate } objectives { name measured passed reason }
                    plots { name kind } } } } } } }`,
      consumer,
    );
    const [product] = (ports.data as { _entities: Array<{ outputPorts: Array<Record<string, unknown>> }> })._entities;
    expect(product!.outputPorts.map((p) => [p.name, p.kind, p.synthetic === null])).toEqual([
      ["sites", "AGGREGATE", true],
      ["patients", "REAL", true],
      ["patients-synthetic", "SYNTHETIC", false],
    ]);
    const port = product!.outputPorts[2]!.synthetic as {
      inProgress: null;
      version: { id: string; plots: Array<{ name: string; kind: string }> } & Record<string, unknown>;
    };
    expect(port.inProgress).toBeNull();
    expect(port.version).toEqual({
      id: published.versionId,
      published: true,
      rows: 736,
      summary: { qualityScore: published.report.quality.score, exactMatchRate: published.report.privacy.exactMatchRate },
      objectives: [{ name: "minQualityScore", measured: published.report.quality.score, passed: true, reason: null }],
      plots: expect.any(Array),
    });
    // A plot per learned column, then the three correlation heatmaps.
    expect(port.version.plots.map((p) => p.name)).toEqual([
      "site",
      "age",
      "sex",
      "chest_pain_type",
      "resting_blood_pressure",
      "serum_cholesterol",
      "fasting_blood_sugar_high",
      "resting_ecg",
      "max_heart_rate",
      "exercise_induced_angina",
      "st_depression",
      "st_slope",
      "fluoroscopy_vessels",
      "thallium_result",
      "diagnosis",
      "has_disease",
      "correlation:real",
      "correlation:synthetic",
      "correlation:difference",
    ]);

    const versions = await runQuery(
      subgraph.schema,
      `{ _entities(representations: [{ __typename: "CardiologyDataProduct", urn: "urn:mesh:cardiology:heart-disease" }]) {
        ... on CardiologyDataProduct { datasets { name synthesized syntheticVersions(first: 5) { id published objectives { reason } }
          svg: syntheticVersion { plots { svg } } } } } }`,
      consumer,
    );
    const datasets = (versions.data as { _entities: Array<{ datasets: Array<Record<string, unknown>> }> })._entities[0]!.datasets;
    expect(datasets.map((d) => [d.name, d.synthesized])).toEqual([
      ["sites", false],
      ["patients", true],
    ]);
    expect(datasets[1]!.syntheticVersions).toEqual([
      {
        id: failed.versionId,
        published: false,
        objectives: [{ reason: `qualityScore ${Math.round(failed.report.quality.score! * 1e4) / 1e4} is below 0.999` }],
      },
      { id: published.versionId, published: true, objectives: [{ reason: null }] },
    ]);
    const svgs = (datasets[1]!.svg as { plots: Array<{ svg: string }> }).plots.map((p) => p.svg);
    for (const svg of svgs) expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  }, 120_000);

  it("names the ports a dataset has when asked for one it lacks", async () => {
    const result = await runQuery(
      subgraph.schema,
      `{ heartDiseasePatients(port: DEIDENTIFIED, first: 1) { totalCount } }`,
      principalContext(["domain-owner"], { ownedDomains: ["cardiology"] }),
    );
    expect(result.errors).toEqual([
      {
        message: "urn:mesh:cardiology:heart-disease:patients has no DEIDENTIFIED port: it is published on REAL and SYNTHETIC",
        path: ["heartDiseasePatients"],
        code: "BAD_USER_INPUT",
      },
    ]);
  });
});
