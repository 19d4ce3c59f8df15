import type { JobProgress } from "./job-context.js";

/** Messages between a job's worker thread and the queue that runs it. */
export type FromWorker =
  | { type: "progress"; update: JobProgress }
  | { type: "done"; output: unknown }
  /** `final`: the job's input is at fault (a Mesh input, not-found or contract error): a retry would fail the same way. */
  | { type: "failed"; message: string; cancelled: boolean; final: boolean };

export type ToWorker = { type: "cancel" };
