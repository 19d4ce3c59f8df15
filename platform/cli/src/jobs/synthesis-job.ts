/**
 * The synthesis jobs' module, run by @mesh/jobs in a worker thread (off the servers' event
 * loop): one kind per step — train, generate, evaluate — and `publish`, all three in a row, which
 * is what `mesh up` queues for a dataset without a current synthetic version.
 */
import "reflect-metadata";
import pg from "pg";
import { InputError } from "@mesh/core";
import type { JobContext } from "@mesh/jobs";
import {
  evaluateSyntheticDataset,
  generateSyntheticDataset,
  synthesize,
  trainSynthesizer,
  type GenerateOptions,
  type StepProgress,
} from "@mesh/kit";
import type { SynthesisRequest } from "@mesh/mesh-plane";
import { findDatasetByUrn } from "../mesh.js";

/**
 * What a synthesis job is asked to do (a job's input: plain JSON): what the mesh plane's
 * mutations ask for, or `publish`, the three steps in a row that `mesh up` queues.
 */
export type SynthesisJobInput =
  | SynthesisRequest
  | {
      step: "publish";
      dataset: string;
      synthesizer?: string;
      settings?: unknown;
      seed?: number;
      rows?: number;
      filters?: GenerateOptions["filters"];
    };

export async function run(input: SynthesisJobInput, context: JobContext): Promise<unknown> {
  const dataset = findDatasetByUrn(input.dataset);
  const pool = new pg.Pool({ connectionString: context.databaseUrl, max: 2 });
  // An idle client cut by the server is dropped by the pool, and the next query connects anew; an
  // error a query meets is the job's. Without a listener the cut would end the worker thread.
  pool.on("error", () => {});
  const onProgress = (p: StepProgress) =>
    context.progress({ fraction: p.fraction, message: p.message, details: p.details ?? {} });
  const common = { onProgress, signal: context.signal };
  const defined = <T extends object>(values: T) =>
    Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
  try {
    switch (input.step) {
      case "train":
        return await trainSynthesizer(
          pool,
          dataset,
          defined({
            ...common,
            synthesizer: input.synthesizer,
            settings: input.settings,
            seed: input.seed,
            holdoutShare: input.holdoutShare,
          }),
        );
      case "generate":
        return await generateSyntheticDataset(
          pool,
          dataset,
          input.model,
          defined({
            ...common,
            rows: input.rows,
            seed: input.seed,
            // Checked by the kit as they are used (plain JSON from the request).
            conditions: input.conditions as GenerateOptions["conditions"],
            rebalance: input.rebalance,
            filters: input.filters as GenerateOptions["filters"],
          }),
        );
      case "evaluate": {
        const result = await evaluateSyntheticDataset(pool, dataset, input.version, common);
        return { versionId: result.versionId, datasetUrn: result.datasetUrn, published: result.published, gate: result.gate };
      }
      case "publish": {
        const result = await synthesize(
          pool,
          dataset,
          defined({
            signal: context.signal,
            synthesizer: input.synthesizer,
            settings: input.settings,
            seed: input.seed,
            rows: input.rows,
            filters: input.filters,
            onProgress: (p: StepProgress & { done: number; step: string }) =>
              context.progress({
                fraction: (p.done + p.fraction) / 3,
                message: `${p.step}: ${p.message}`,
                details: { step: p.step, ...(p.details ?? {}) },
              }),
          }),
        );
        return {
          modelId: result.modelId,
          versionId: result.versionId,
          datasetUrn: result.datasetUrn,
          published: result.published,
          gate: result.gate,
        };
      }
      default:
        throw new InputError(`unknown synthesis step ${JSON.stringify((input as { step?: unknown }).step)}`);
    }
  } finally {
    await pool.end();
  }
}
