import { threadId } from "node:worker_threads";
import type { JobContext } from "../job-context.js";

/** A test job: counts to `to`, reporting progress, one step every `delayMs`; stops when cancelled. */
export async function run(input: { to: number; delayMs: number }, context: JobContext) {
  for (let i = 1; i <= input.to; i++) {
    await new Promise((resolve) => setTimeout(resolve, input.delayMs));
    if (context.signal.aborted) throw new Error("stopped: cancelled");
    context.progress({ fraction: i / input.to, message: `${i}/${input.to}`, details: { i } });
  }
  return { counted: input.to, threadId, database: new URL(context.databaseUrl).pathname.slice(1) };
}
