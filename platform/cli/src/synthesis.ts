import { fileURLToPath } from "node:url";
import type pg from "pg";
import { syntheticObjectives } from "@mesh/contracts";
import type { Logger, SynthesisConfig } from "@mesh/core";
import { JobQueue } from "@mesh/jobs";
import {
  assertObjectives,
  checkRowCount,
  checkSynthesizerRequest,
  defaultSynthesis,
  findReusableModel,
  synthesized,
  type Dataset,
} from "@mesh/kit";
import type { SynthesisService } from "@mesh/mesh-plane";
import type { SynthesisJobInput } from "./jobs/synthesis-job.js";
import { domains, findDatasetByUrn } from "./mesh.js";

/** The synthesis job kinds, by step. */
export const SYNTHESIS_JOBS = {
  train: "synth.train",
  generate: "synth.generate",
  evaluate: "synth.evaluate",
  publish: "synth.publish",
} as const;
export type SynthesisStep = keyof typeof SYNTHESIS_JOBS;

/** The worker module as built JavaScript (tests run this file from its TypeScript source). */
const MODULE = fileURLToPath(
  new URL(
    /\/src\/[^/]+\.ts$/.test(import.meta.url) ? "../dist/jobs/synthesis-job.js" : "./jobs/synthesis-job.js",
    import.meta.url,
  ),
);

/** Datasets whose contract declares synthetic objectives: each gets a synthetic port (every product has one). */
export function synthesizedDatasets(): Dataset[] {
  return domains.flatMap((d) => d.products.flatMap((p) => p.datasets)).filter(synthesized);
}

/** Opens the job queue with the synthesis kinds defined and, unless `work` is false, this process working them. */
export async function openSynthesisQueue(
  databaseUrl: string,
  config: SynthesisConfig,
  logger: Logger,
  options: { work?: boolean } = {},
): Promise<JobQueue> {
  const queue = await JobQueue.open(databaseUrl, { logger: logger.child({ component: "jobs" }) });
  for (const name of Object.values(SYNTHESIS_JOBS)) {
    // Training may take long; a run still active after 2 hours is taken as dead and retried.
    await queue.define({ name, module: MODULE, retryLimit: 2, retryDelaySeconds: 5, expireInSeconds: 7_200 });
  }
  if (options.work !== false) {
    // One thread per core: the wasm backend is single-threaded, so two jobs use two cores.
    for (const name of Object.values(SYNTHESIS_JOBS)) await queue.work(name, { concurrency: config.workers });
  }
  return queue;
}

/** Queues a synthesis job; the input is checked by the worker (and by GraphQL before it). */
export function submitSynthesis(queue: JobQueue, input: SynthesisJobInput): Promise<string> {
  return queue.submit(SYNTHESIS_JOBS[input.step], input);
}

export interface EnsureResult {
  dataset: string;
  /** What start did: reused a model and its evaluated version, found a job already queued, or queued one. */
  action: "reused" | "queued" | "already-queued";
  jobId: string | null;
  versionId: string | null;
}

/**
 * Makes sure each product's synthetic dataset is current: for each dataset with objectives, a
 * model trained on the same real rows with the same request and an evaluated version of it are
 * reused (seeded training would make the same); a `publish` job already queued or running is left
 * to finish (one whose process died is failed first, and so retried); otherwise one is queued. Returns at once: the jobs run in the background.
 */
export async function ensureSyntheticVersions(
  pool: pg.Pool,
  queue: JobQueue,
  logger: Logger,
  datasets: readonly Dataset[] = synthesizedDatasets(),
): Promise<EnsureResult[]> {
  // A run left by a process that died (no heartbeat) is failed now, so that it is retried at once.
  await queue.failStale(Object.values(SYNTHESIS_JOBS));
  const pending = await queue.unfinished(SYNTHESIS_JOBS.publish);
  const results: EnsureResult[] = [];
  for (const dataset of datasets) {
    const request = defaultSynthesis(dataset);
    const queued = pending.find((job) => (job.input as SynthesisJobInput).dataset === dataset.urn);
    if (queued) {
      results.push({ dataset: dataset.urn, action: "already-queued", jobId: queued.id, versionId: null });
      continue;
    }
    const reusable = await findReusableModel(pool, dataset, {
      synthesizer: request.synthesizer,
      settings: request.settings,
      seed: request.seed,
    });
    if (reusable.version) {
      results.push({ dataset: dataset.urn, action: "reused", jobId: null, versionId: reusable.version.id });
      continue;
    }
    const jobId = await submitSynthesis(queue, { step: "publish", dataset: dataset.urn, ...request });
    logger.info({ dataset: dataset.urn, jobId, synthesizer: request.synthesizer }, "synthetic version queued");
    results.push({ dataset: dataset.urn, action: "queued", jobId, versionId: null });
  }
  return results;
}

/** The job queue as the mesh plane's synthesis mutations use it: requests checked before they are queued. */
export function synthesisService(queue: JobQueue): SynthesisService {
  return {
    submit: async (request) => {
      const dataset = findDatasetByUrn(request.dataset);
      assertObjectives(dataset, syntheticObjectives(dataset.contract.document));
      if (request.step === "train") checkSynthesizerRequest(request.synthesizer ?? "gaussian-copula", request.settings);
      if (request.step === "generate" && request.rows !== undefined) checkRowCount(request.rows);
      return submitSynthesis(queue, request);
    },
    status: (id) => queue.status(id),
    cancel: (id) => queue.cancel(id),
  };
}
