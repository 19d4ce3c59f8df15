import type { JobProgress } from "./job-context.js";

/** Messages between a job's worker thread and the queue that runs it. */
export type FromWorker =
  | { type: "progress"; update: JobProgress }
  | { type: "done"; output: unknown }
  | { type: "failed"; message: string; cancelled: boolean };

export type ToWorker = { type: "cancel" };
