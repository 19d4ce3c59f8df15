/**
 * The entry of a job's worker thread: imports the job's module, runs it with a context whose
 * progress and abort signal talk to the parent, and posts the result. Kept tiny: everything a job
 * does happens in its module, off the parent's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { JobContext, JobProgress } from "./job-context.js";
import type { FromWorker, ToWorker } from "./messages.js";

/** Error codes (@mesh/core's) that blame the job's input: retrying cannot help. */
const FINAL_CODES = new Set(["BAD_USER_INPUT", "NOT_FOUND", "CONTRACT_VIOLATION"]);

const { module, input, jobId, databaseUrl } = workerData as {
  module: string;
  input: unknown;
  jobId: string;
  databaseUrl: string;
};
const port = parentPort!;
const controller = new AbortController();
port.on("message", (message: ToWorker) => {
  if (message.type === "cancel") controller.abort(new Error("cancelled"));
});
const post = (message: FromWorker) => port.postMessage(message);

const context: JobContext = {
  jobId,
  databaseUrl,
  signal: controller.signal,
  progress: (update: JobProgress) => post({ type: "progress", update }),
};

try {
  const job = (await import(module)) as { run?: (input: unknown, context: JobContext) => unknown };
  if (typeof job.run !== "function") throw new Error(`${module} does not export a run(input, context) function`);
  const output = await job.run(input, context);
  post({ type: "done", output: output ?? null });
} catch (error) {
  const code = (error as { code?: unknown } | null)?.code;
  post({
    type: "failed",
    message: error instanceof Error ? error.message : String(error),
    cancelled: controller.signal.aborted,
    final: typeof code === "string" && FINAL_CODES.has(code),
  });
}
