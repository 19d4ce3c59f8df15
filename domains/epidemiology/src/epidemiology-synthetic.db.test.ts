import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildDomainSubgraph,
  defaultSynthesis,
  loadSeeds,
  migrateDomain,
  synthesize,
  type Dataset,
  type DomainSubgraph,
} from "@mesh/kit";
import { createTestDatabase, principalContext, runQuery, type TestDatabase } from "@mesh/kit/testing";
import { epidemiologyDomain } from "./index.js";

// Epidemiology's SYNTHETIC ports: open aggregates and reference data with no outcome to predict,
// natural keys, and required columns the synthesizer does not learn (ADR 0011).
const dataset = (urn: string) => epidemiologyDomain.products.flatMap((p) => p.datasets).find((d) => d.urn === urn) as Dataset;
const ILI = dataset("urn:mesh:epidemiology:respiratory-surveillance:ili-weeks");
const LOCATIONS = dataset("urn:mesh:epidemiology:locations:locations");
const consumer = principalContext(["consumer"]);
let db: TestDatabase;
let subgraph: DomainSubgraph;

/** Synthesises a dataset as `mesh up` does: the contract's meshSynthesizer. */
const asOnStart = (d: Dataset) => synthesize(db.pool, d, defaultSynthesis(d));

beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, epidemiologyDomain);
  await loadSeeds(db.pool, epidemiologyDomain);
  subgraph = await buildDomainSubgraph(epidemiologyDomain, db.pool);
}, 180_000);
afterAll(async () => db?.destroy());

describe("the SYNTHETIC port of the ILI weeks", () => {
  it("passes the contract's objectives without a utility target, and serves weeks whose key was learnt", async () => {
    const result = await asOnStart(ILI);
    expect(result.report.utility).toBeNull();
    expect(result.rows).toEqual({ train: 35_318, holdout: 8_830, synthetic: 35_318 });
    expect(result.gate.results.map((r) => [r.name, r.passed])).toEqual([
      ["minQualityScore", true],
      ["maxExactMatchRate", true],
      ["maxCloserToTrainingShare", true],
      ["maxMembershipInferenceAuc", true],
    ]);
    expect(result.published).toBe(true);

    const page = await runQuery(
      subgraph.schema,
      `{ iliWeeks(port: SYNTHETIC, first: 3, orderBy: [{ field: LOCATION_CODE }, { field: MMWR_YEAR }, { field: MMWR_WEEK }]) {
        totalCount nodes { locationCode region mmwrYear mmwrWeek weekStart unweightedIliPct iliTotal } } }`,
      consumer,
    );
    const expected = await db.pool.query(
      `select location_code as "locationCode", region, mmwr_year as "mmwrYear", mmwr_week as "mmwrWeek",
         week_start as "weekStart", unweighted_ili_pct as "unweightedIliPct", ili_total as "iliTotal"
       from epidemiology.ili_weeks__synthetic where version_id = $1 order by location_code, mmwr_year, mmwr_week limit 3`,
      [result.versionId],
    );
    // The week's start is not learnt: null, and served as null (it was a non-null field, an
    // error); the schema says so where a consumer reads it.
    expect(subgraph.sdl).toMatch(
      /\("week ending"\)\. Null on the SYNTHETIC port: the synthesizer does not learn it\.\n {2}"""\n {2}weekStart: LocalDate @classification/,
    );
    expect(expected.rows.map((r: { weekStart: unknown }) => r.weekStart)).toEqual([null, null, null]);
    expect(page).toEqual({ data: { iliWeeks: { totalCount: 35_318, nodes: expected.rows } } });

    // Stratified by jurisdiction: each synthetic week carries its jurisdiction's own ILINet name,
    // and its week number is within MMWR's 1–53.
    const inconsistent = await db.pool.query(
      `select count(*)::int as n from epidemiology.ili_weeks__synthetic s
       where s.version_id = $1 and (s.mmwr_week not between 1 and 53 or not exists (
         select 1 from epidemiology.ili_weeks r where r.location_code = s.location_code and r.region = s.region))`,
      [result.versionId],
    );
    expect(inconsistent.rows).toEqual([{ n: 0 }]);
  }, 120_000);
});

describe("the SYNTHETIC port of the locations", () => {
  it("numbers the key afresh, leaves names and ISO codes null, and keeps each region's own sub-regions", async () => {
    const result = await asOnStart(LOCATIONS);
    expect(result.gate.results.map((r) => [r.name, r.passed])).toEqual([["minQualityScore", true]]);
    expect(result.published).toBe(true);
    const page = await runQuery(
      subgraph.schema,
      `{ locations(port: SYNTHETIC, first: 2, orderBy: [{ field: CODE }]) {
        totalCount nodes { code kind name shortName isoAlpha3 } } }`,
      consumer,
    );
    const expected = await db.pool.query(
      `select kind from epidemiology.locations__synthetic where version_id = $1 and code in ('synthetic-1', 'synthetic-10') order by code`,
      [result.versionId],
    );
    expect(page).toEqual({
      data: {
        locations: {
          totalCount: 243,
          nodes: ["synthetic-1", "synthetic-10"].map((code, i) => ({
            code,
            kind: (expected.rows[i] as { kind: string }).kind,
            name: null,
            shortName: null,
            isoAlpha3: null,
          })),
        },
      },
    });
    // Stratified by sub-region: every synthetic place's region, sub-region and intermediate
    // region are a combination some real place has.
    const unseen = await db.pool.query(
      `select count(*)::int as n from epidemiology.locations__synthetic s where s.version_id = $1 and not exists (
         select 1 from epidemiology.locations r where r.region is not distinct from s.region
           and r.sub_region is not distinct from s.sub_region and r.intermediate_region is not distinct from s.intermediate_region)`,
      [result.versionId],
    );
    expect(unseen.rows).toEqual([{ n: 0 }]);
  }, 60_000);
});
