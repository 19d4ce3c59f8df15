import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "@mesh/lineage";
import { DialysisSession, MANY_SESSIONS_SQL, nephrology } from "../__fixtures__/nephrology.js";
import type { Dataset } from "../define.js";
import { migrateDomain } from "../index.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { evaluateSyntheticDataset, generateSyntheticDataset, trainSynthesizer } from "./steps.js";

// The three synthesis steps on their own: filters at generation, the privacy budget at training,
// and the holdout's guard at evaluation.
const domain = nephrology(DialysisSession);
const sessions = domain.products[0]!.datasets[0]!;
let db: TestDatabase;

/** The sessions dataset as if its contract set these objectives (a copy: the fixture is shared). */
function withObjectives(value: Record<string, unknown>): Dataset {
  const document = sessions.contract.document;
  return {
    ...sessions,
    contract: {
      ...sessions.contract,
      document: {
        ...document,
        customProperties: [
          ...(document.customProperties ?? []).filter((p) => p.property !== "meshObjectives"),
          { property: "meshObjectives", value },
        ],
      },
    },
  };
}

const lastEvent = async (job: string): Promise<RunEvent> =>
  (
    await db.pool.query<{ event: RunEvent }>(
      "select event from lineage.outbox where event->'job'->>'name' = $1 and event->>'eventType' = 'COMPLETE' order by id desc limit 1",
      [job],
    )
  ).rows[0]!.event;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, domain);
  await db.pool.query(MANY_SESSIONS_SQL);
});
afterAll(async () => db?.destroy());

describe("generateSyntheticDataset with privacy filters", () => {
  it("drops rows too close to a real training row and outliers, keeps the rows asked for, and says so in lineage", async () => {
    const { modelId } = await trainSynthesizer(db.pool, sessions, { seed: 1 });
    // "auto": closer to a real row than all but 5% of the real rows are to each other.
    const result = await generateSyntheticDataset(db.pool, sessions, modelId, {
      rows: 100,
      filters: { tooClose: "auto", outlierQuantile: 0.99 },
    });
    expect(result.rows).toBe(100);
    expect(result.filtered!.tooClose).toBeGreaterThan(0);
    const version = await db.pool.query<{ sampling: { filters: Record<string, unknown> } }>(
      "select sampling from platform.synthetic_versions where id = $1",
      [result.versionId],
    );
    expect(version.rows[0]!.sampling.filters).toEqual({
      tooClose: "auto",
      outlierQuantile: 0.99,
      dropped: result.filtered,
      thresholds: {
        distance: "gower",
        tooClose: expect.any(Number),
        tooCloseQuantile: 0.05,
        outlier: expect.any(Number),
        outlierQuantile: 0.99,
      },
    });
    const event = await lastEvent("synthesizer.generate.dialysis.sessions");
    expect(event.run.facets?.mesh_privacy).toMatchObject({
      differentialPrivacy: false,
      filters: [
        expect.stringMatching(new RegExp(`^too-close: Gower distance < [0-9.]+, ${result.filtered!.tooClose} rows dropped$`)),
        expect.stringMatching(new RegExp(`^outlier: Gower distance > [0-9.]+, ${result.filtered!.outliers} rows dropped$`)),
      ],
    });
  });
});

describe("trainSynthesizer under a contract's privacy budget", () => {
  const budgeted = withObjectives({ fidelity: { target: "completed" }, privacy: { maxEpsilon: 40, delta: 1e-5 } });
  const dp = (epochs: number) => ({
    epochs,
    batchSize: 60,
    pac: 1,
    earlyStopping: false,
    generatorDim: [16],
    criticDim: [16],
    embeddingDim: 8,
    differentialPrivacy: { noiseMultiplier: 1.1, maxGradNorm: 1, delta: 1e-5 },
  });

  it("refuses a synthesizer without differential privacy, naming the setting", async () => {
    await expect(trainSynthesizer(db.pool, budgeted, { seed: 1 })).rejects.toThrow(
      "urn:mesh:nephrology:dialysis:sessions: its contract sets a privacy budget (maxEpsilon 40); only gan with the setting differentialPrivacy can train under it",
    );
  });

  it("records the ε a DP training spent against the dataset, and refuses a run that would exceed what is left", async () => {
    const trained = await trainSynthesizer(db.pool, budgeted, { synthesizer: "gan", settings: dp(2), seed: 1 });
    const privacy = trained.training.privacy as { epsilon: number; delta: number; accountant: string };
    expect(privacy).toMatchObject({ delta: 1e-5, accountant: "rdp-sampled-gaussian" });
    expect(privacy.epsilon).toBeGreaterThan(0);
    expect(privacy.epsilon).toBeLessThan(40);
    const ledger = await db.pool.query("select model_id, dataset_urn, epsilon, delta, accountant from platform.privacy_spent");
    expect(ledger.rows).toEqual([
      {
        model_id: trained.modelId,
        dataset_urn: sessions.urn,
        epsilon: privacy.epsilon,
        delta: 1e-5,
        accountant: "rdp-sampled-gaussian",
      },
    ]);
    const event = await lastEvent("synthesizer.train.dialysis.sessions");
    expect(event.run.facets?.mesh_privacy).toMatchObject({
      differentialPrivacy: true,
      epsilon: privacy.epsilon,
      delta: 1e-5,
      accountant: "rdp-sampled-gaussian",
    });

    // 400 epochs would spend far more than the 40 − ε left: refused before training, both figures named.
    const refused = trainSynthesizer(db.pool, budgeted, { synthesizer: "gan", settings: dp(400), seed: 2 });
    await expect(refused).rejects.toThrow(/ε/);
    await expect(refused).rejects.toThrow(String(Math.round((40 - privacy.epsilon) * 100) / 100).slice(0, 4));
    expect((await db.pool.query("select count(*)::int as n from platform.privacy_spent")).rows).toEqual([{ n: 1 }]);
  }, 60_000);
});

describe("evaluateSyntheticDataset", () => {
  it("refuses a version whose real rows changed since its model was trained (its holdout would not be the same rows)", async () => {
    const { modelId } = await trainSynthesizer(db.pool, sessions, { seed: 4 });
    const { versionId } = await generateSyntheticDataset(db.pool, sessions, modelId, { rows: 50 });
    await db.pool.query("update nephrology.sessions set duration_minutes = duration_minutes + 1 where session_id = 7");
    await expect(evaluateSyntheticDataset(db.pool, sessions, versionId, { target: "completed" })).rejects.toThrow(
      `the real rows of ${sessions.urn} changed since model ${modelId} was trained, so its holdout is gone: train a new model`,
    );
    await db.pool.query("update nephrology.sessions set duration_minutes = duration_minutes - 1 where session_id = 7");
    const evaluated = await evaluateSyntheticDataset(db.pool, sessions, versionId, { target: "completed" });
    expect(evaluated.versionId).toBe(versionId);
  });
});
