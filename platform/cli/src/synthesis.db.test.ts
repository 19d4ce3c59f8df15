import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cardiologyDomain } from "@mesh/cardiology";
import { createLogger } from "@mesh/core";
import type { JobQueue, JobStatus } from "@mesh/jobs";
import { defaultSynthesis, loadSeeds, migrate, synthesized } from "@mesh/kit";
import { createTestDatabase, type TestDatabase } from "@mesh/kit/testing";
import { domains, findDatasetByUrn } from "./mesh.js";
import {
  ensureSyntheticVersions,
  openSynthesisQueue,
  submitSynthesis,
  synthesisService,
  synthesizedDatasets,
} from "./synthesis.js";

// Synthesis as durable jobs, in worker threads, on the real heart-disease patients.
const PATIENTS = "urn:mesh:cardiology:heart-disease:patients";
const logger = createLogger("synthesis-test", "silent");
let db: TestDatabase;
let queue: JobQueue;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.url, domains);
  await loadSeeds(db.pool, cardiologyDomain);
  queue = await openSynthesisQueue(db.url, { workers: 1, onStart: true }, logger);
}, 120_000);
afterAll(async () => {
  await queue?.stop({ graceful: false });
  await db?.destroy();
});

const finished = async (id: string, timeout = 90_000): Promise<JobStatus> => {
  let status = await queue.status(id);
  await vi.waitFor(
    async () => {
      status = await queue.status(id);
      expect(["completed", "failed", "cancelled"]).toContain(status.state);
    },
    { timeout, interval: 200 },
  );
  return status;
};

describe("synthesis on start", () => {
  it("covers the datasets whose contracts declare objectives: one or more of every product", () => {
    expect(synthesizedDatasets().map((d) => d.urn)).toEqual([
      "urn:mesh:epidemiology:locations:locations",
      "urn:mesh:epidemiology:respiratory-surveillance:ili-weeks",
      "urn:mesh:epidemiology:hiv-burden:hiv-indicators",
      PATIENTS,
      "urn:mesh:logistics:commodity-shipments:shipments",
    ]);
    const products = domains.flatMap((d) => d.products);
    expect(products.filter((p) => !p.datasets.some(synthesized)).map((p) => p.urn)).toEqual([]);
  });

  it("queues a publish job once, then reuses its model and version while the data and settings are unchanged", async () => {
    const patients = findDatasetByUrn(PATIENTS);
    const first = await ensureSyntheticVersions(db.pool, queue, logger, [patients]);
    expect(first).toEqual([{ dataset: PATIENTS, action: "queued", jobId: expect.any(String), versionId: null }]);
    const jobId = first[0]!.jobId!;
    // Started again while the job is queued or running: it is left to finish, not doubled.
    expect(await ensureSyntheticVersions(db.pool, queue, logger, [patients])).toEqual([
      { dataset: PATIENTS, action: "already-queued", jobId, versionId: null },
    ]);

    const status = await finished(jobId);
    expect(status).toMatchObject({ name: "synth.publish", state: "completed", error: null });
    const output = status.output as { modelId: string; versionId: string; published: boolean; gate: { passed: boolean } };
    expect(output).toEqual({
      modelId: expect.any(String),
      versionId: expect.any(String),
      datasetUrn: PATIENTS,
      published: output.gate.passed,
      gate: expect.objectContaining({ passed: output.published }),
    });
    // Its progress went through the three steps and ended at the evaluation.
    expect(status.progress).toMatchObject({ fraction: 1, message: expect.stringMatching(/^evaluate: /) });
    const stored = await db.pool.query(
      `select v.model_id, v.rows_synthetic, v.evaluated_at is not null as evaluated, m.synthesizer, m.rows_train, m.rows_holdout
       from platform.synthetic_versions v join platform.synthesizer_models m on m.id = v.model_id where v.id = $1`,
      [output.versionId],
    );
    expect(stored.rows).toEqual([
      {
        model_id: output.modelId,
        rows_synthetic: 736,
        evaluated: true,
        synthesizer: defaultSynthesis(patients).synthesizer,
        rows_train: 736,
        rows_holdout: 184,
      },
    ]);

    expect(await ensureSyntheticVersions(db.pool, queue, logger, [patients])).toEqual([
      { dataset: PATIENTS, action: "reused", jobId: null, versionId: output.versionId },
    ]);
    // A different request (another seed) is not what was made: it is queued.
    const other = await ensureSyntheticVersions(db.pool, queue, logger, [
      { ...patients, contract: withSynthesizer(patients.contract, { synthesizer: "gaussian-copula", seed: 9 }) },
    ]);
    expect(other).toEqual([{ dataset: PATIENTS, action: "queued", jobId: expect.any(String), versionId: null }]);
    await queue.cancel(other[0]!.jobId!);
  }, 180_000);
});

describe("the step jobs", () => {
  it("trains, generates under conditions, and evaluates, each as its own job", async () => {
    const trained = await finished(await submitSynthesis(queue, { step: "train", dataset: PATIENTS, seed: 5 }));
    expect(trained.state).toBe("completed");
    const { modelId } = trained.output as { modelId: string };
    expect(trained.output).toMatchObject({
      datasetUrn: PATIENTS,
      synthesizer: "gaussian-copula",
      rows: { train: 736, holdout: 184 },
    });

    const generated = await finished(
      await submitSynthesis(queue, { step: "generate", dataset: PATIENTS, model: modelId, rows: 300, conditions: { sex: 0 } }),
    );
    expect(generated.output).toEqual({ versionId: expect.any(String), modelId, datasetUrn: PATIENTS, rows: 300, filtered: null });
    const { versionId } = generated.output as { versionId: string };
    const rows = await db.pool.query(
      `select count(*)::int as n, count(*) filter (where sex = 0)::int as women, bool_and(published) as published
       from cardiology.heart_disease_patients__synthetic s join platform.synthetic_versions v on v.id = s.version_id
       where s.version_id = $1`,
      [versionId],
    );
    // Generated, stored, not published until evaluated.
    expect(rows.rows).toEqual([{ n: 300, women: 300, published: false }]);

    const evaluated = await finished(await submitSynthesis(queue, { step: "evaluate", dataset: PATIENTS, version: versionId }));
    expect(evaluated.output).toMatchObject({ versionId, datasetUrn: PATIENTS, published: false });
    // Only women were generated: the group-share objective on sex fails, and says by how much.
    const gate = (evaluated.output as { gate: { results: Array<{ name: string; passed: boolean; reason: string | null }> } })
      .gate;
    expect(gate.results.find((r) => r.name === "maxGroupShareGap")).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/^groupShareGap 0\.\d+ is above 0\.05$/),
    });
  }, 120_000);

  it("refuses, before queueing, synthesis of a dataset without objectives (no SYNTHETIC port)", async () => {
    const populations = "urn:mesh:epidemiology:respiratory-surveillance:state-population";
    await expect(synthesisService(queue).submit({ step: "train", dataset: populations })).rejects.toThrow(
      `${populations} declares no synthetic objectives (its contract's meshObjectives): it has no SYNTHETIC port to publish a synthetic version on`,
    );
    expect(await queue.unfinished("synth.train")).toEqual([]);
  });

  it("fails a job with a clear error when its input is wrong, without retrying it", async () => {
    const status = await finished(
      await submitSynthesis(queue, { step: "generate", dataset: PATIENTS, model: "00000000-0000-4000-8000-000000000000" }),
      30_000,
    );
    expect([status.state, status.error, status.retryCount]).toEqual([
      "failed",
      `no synthesizer model 00000000-0000-4000-8000-000000000000 of ${PATIENTS}`,
      0,
    ]);
  }, 60_000);
});

function withSynthesizer<T extends { document: { customProperties?: Array<{ property: string; value: unknown }> } }>(
  contract: T,
  value: unknown,
): T {
  return {
    ...contract,
    document: {
      ...contract.document,
      customProperties: [
        ...(contract.document.customProperties ?? []).filter((p) => p.property !== "meshSynthesizer"),
        { property: "meshSynthesizer", value },
      ],
    },
  };
}
