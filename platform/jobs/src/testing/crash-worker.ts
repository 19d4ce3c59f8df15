/**
 * A worker process for the crash test: works the `test.crash` queue of the database given as
 * argv[2], says "working" once a job runs, and waits to be killed.
 */
import { createLogger } from "@mesh/core";
import { JobQueue } from "../job-queue.js";

const queue = await JobQueue.open(process.argv[2]!, { logger: createLogger("crash-worker", "silent") });
await queue.define({
  name: "test.crash",
  module: new URL("./count-job.js", import.meta.url),
  expireInSeconds: 3,
  retryLimit: 2,
  retryDelaySeconds: 1,
});
await queue.work("test.crash");
const poll = setInterval(() => {
  if (queue.runningCount > 0) {
    process.stdout.write("working\n");
    clearInterval(poll);
  }
}, 50);
