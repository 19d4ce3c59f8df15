/**
 * A worker process for the crash tests: works a queue (argv[3], default `test.crash`, whose runs
 * expire after argv[4] seconds, default 3) of the database given as argv[2], says "working" once
 * a job runs, and waits to be killed.
 */
import { createLogger } from "@mesh/core";
import { JobQueue } from "../job-queue.js";

const queue = await JobQueue.open(process.argv[2]!, { logger: createLogger("crash-worker", "silent") });
const name = process.argv[3] ?? "test.crash";
await queue.define({
  name,
  module: new URL("./count-job.js", import.meta.url),
  expireInSeconds: Number(process.argv[4] ?? 3),
  retryLimit: 2,
  retryDelaySeconds: 1,
});
await queue.work(name);
const poll = setInterval(() => {
  if (queue.runningCount > 0) {
    process.stdout.write("working\n");
    clearInterval(poll);
  }
}, 50);
