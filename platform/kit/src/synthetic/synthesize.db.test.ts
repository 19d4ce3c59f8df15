import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyntheticObjectives } from "@mesh/contracts";
import { validateEvent, type RunEvent } from "@mesh/lineage";
import { DialysisSession, MANY_SESSIONS_SQL, nephrology } from "../__fixtures__/nephrology.js";
import { migrateDomain } from "../index.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { synthesize } from "./synthesize.js";

const domain = nephrology(DialysisSession);
const sessions = domain.products[0]!.datasets[0]!;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, domain);
  await db.pool.query(MANY_SESSIONS_SQL);
});
afterAll(async () => db?.destroy());

describe("synthesize", () => {
  it("trains on 80% of the rows, evaluates on the rest, stores the version and its rows, publishes when the objectives pass", async () => {
    const result = await synthesize(db.pool, sessions, { seed: 7, target: "completed" });
    expect(result.rows).toEqual({ train: 240, holdout: 60, synthetic: 240 });
    // The fixture contract's objectives: column shapes ≥ 0.85, membership-inference AUC ≤ 0.6.
    expect(result.gate).toEqual({
      passed: true,
      results: [
        {
          name: "minColumnShapeScore",
          metric: "columnShapes",
          comparison: ">=",
          threshold: 0.85,
          measured: expect.closeTo(0.963, 2),
          passed: true,
          reason: null,
        },
        {
          name: "maxMembershipInferenceAuc",
          metric: "membershipInferenceAuc",
          comparison: "<=",
          threshold: 0.6,
          measured: expect.closeTo(0.564, 2),
          passed: true,
          reason: null,
        },
      ],
    });
    expect(result.published).toBe(true);
    expect(result.report.privacy.exactMatchRate).toBe(0);

    const stored = await db.pool.query(
      "select dataset_urn, synthesizer, seed, rows_synthetic, published, gate from platform.synthetic_versions where id = $1",
      [result.versionId],
    );
    expect(stored.rows).toEqual([
      {
        dataset_urn: sessions.urn,
        synthesizer: "gaussian-copula",
        seed: 7,
        rows_synthetic: 240,
        published: result.published,
        gate: result.gate,
      },
    ]);
    const rows = await db.pool.query(
      `select count(*)::int as n, count(patient_id)::int as phi, min(session_id)::int as first, max(session_id)::int as last,
              count(*) filter (where unit_code not in ('NOR','SOU','EST'))::int as outside
       from nephrology.sessions__synthetic where version_id = $1`,
      [result.versionId],
    );
    // PHI is never generated; identifiers are fresh; allowed values are respected.
    expect(rows.rows).toEqual([{ n: 240, phi: 0, first: 1, last: 240, outside: 0 }]);

    // Its lineage: three runs (train, generate, evaluate), each START then COMPLETE (written
    // with what it stored), carrying Mesh's facets; the model links the real and synthetic tables.
    const events = (
      await db.pool.query<{ event: RunEvent }>(
        "select event from lineage.outbox where event->'job'->>'name' like 'synthesizer.%.dialysis.sessions' order by id",
      )
    ).rows.map((r) => r.event);
    for (const event of events) expect(validateEvent(event)).toEqual({ valid: true, errors: [] });
    expect(
      events.map(
        (e) =>
          `${e.job.name} ${e.eventType} ${e.inputs!.map((d) => d.name.split(".").pop()).join("+")} -> ${e.outputs!.map((d) => d.name.split(".").pop()).join("+")}`,
      ),
    ).toEqual([
      "synthesizer.train.dialysis.sessions START sessions -> sessions__synthesizer",
      "synthesizer.train.dialysis.sessions COMPLETE sessions -> sessions__synthesizer",
      "synthesizer.generate.dialysis.sessions START sessions__synthesizer -> sessions__synthetic",
      "synthesizer.generate.dialysis.sessions COMPLETE sessions__synthesizer -> sessions__synthetic",
      "synthesizer.evaluate.dialysis.sessions START sessions__synthetic+sessions -> sessions__synthetic_evaluation",
      "synthesizer.evaluate.dialysis.sessions COMPLETE sessions__synthetic+sessions -> sessions__synthetic_evaluation",
    ]);
    expect(events[1]!.run.facets?.mesh_synthesizer).toMatchObject({
      synthesizer: "gaussian-copula",
      seed: 7,
      rowsTrained: 240,
      rowsHeldOut: 60,
    });
    expect(events[3]!.outputs?.[0]?.outputFacets?.outputStatistics).toMatchObject({ rowCount: 240 });
    expect(events[5]!.outputs?.[0]?.outputFacets?.mesh_evaluation).toMatchObject({ published: true, exactMatchRate: 0 });
  }, 60_000);

  it("keeps a version unpublished when an objective fails, naming the figure", async () => {
    const impossible: SyntheticObjectives = {
      objectives: [
        {
          group: "fidelity",
          name: "minQualityScore",
          metric: "qualityScore",
          comparison: ">=",
          threshold: 0.999,
          description: "quality",
        },
      ],
      target: "completed",
      groupBy: [],
      delta: undefined,
      excludeFeatures: [],
    };
    const result = await synthesize(db.pool, sessions, { seed: 7, objectives: impossible });
    expect(result.published).toBe(false);
    expect(result.gate.results).toEqual([
      {
        name: "minQualityScore",
        metric: "qualityScore",
        comparison: ">=",
        threshold: 0.999,
        measured: result.report.quality.score,
        passed: false,
        reason: `qualityScore ${Math.round(result.report.quality.score! * 1e4) / 1e4} is below 0.999`,
      },
    ]);
    const stored = await db.pool.query("select published from platform.synthetic_versions where id = $1", [result.versionId]);
    expect(stored.rows).toEqual([{ published: false }]);
  }, 60_000);

  it("without a utility target (the fixture contract names none), measures no utility and judges the objectives it has", async () => {
    const withTarget = await synthesize(db.pool, sessions, { seed: 7, target: "completed" });
    const without = await synthesize(db.pool, sessions, { seed: 7 });
    expect(without.report.utility).toBeNull();
    expect(withTarget.report.utility?.target).toBe("completed");
    // The same seed, rows and synthesizer: everything but utility is the same.
    expect({ ...without.report, utility: null }).toEqual({ ...withTarget.report, utility: null });
    expect(without.gate).toEqual(withTarget.gate);
    expect(without.published).toBe(true);
    const stored = await db.pool.query("select report->'utility' as utility from platform.synthetic_versions where id = $1", [
      without.versionId,
    ]);
    expect(stored.rows).toEqual([{ utility: null }]);
  });

  it("refuses a dataset judged by no objective before any work: nothing could be published", async () => {
    const before = await db.pool.query("select (select count(*) from platform.synthesizer_models)::int as models");
    const none: SyntheticObjectives = { objectives: [], target: undefined, excludeFeatures: [], groupBy: [], delta: undefined };
    await expect(synthesize(db.pool, sessions, { seed: 1, objectives: none })).rejects.toThrow(
      "urn:mesh:nephrology:dialysis:sessions declares no synthetic objectives (its contract's meshObjectives): it has no SYNTHETIC port to publish a synthetic version on",
    );
    expect((await db.pool.query("select (select count(*) from platform.synthesizer_models)::int as models")).rows).toEqual(
      before.rows,
    );
  });

  it("names a target that is not a column the synthesizer learns", async () => {
    await expect(synthesize(db.pool, sessions, { seed: 1, target: "patient_id" })).rejects.toThrow(
      "urn:mesh:nephrology:dialysis:sessions: the target patient_id is not a column the synthesizer learns",
    );
  });
});
