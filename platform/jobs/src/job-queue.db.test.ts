import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "@mesh/core";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import { JobQueue } from "./index.js";

// Worker threads load built JavaScript: `pnpm test` builds (tsc -b) before running the tests.
const built = (file: string) => new URL(`../dist/testing/${file}`, import.meta.url);
const logger = createLogger("jobs-test", "silent");

let db: TestDatabase;
let queue: JobQueue;
beforeAll(async () => {
  db = await createTestDatabase();
  queue = await JobQueue.open(db.url, { logger, cancelPollMs: 100, maintenanceIntervalSeconds: 1 });
  await queue.define({ name: "test.count", module: built("count-job.js") });
  await queue.define({ name: "test.flaky", module: built("flaky-job.js"), retryLimit: 2, retryDelaySeconds: 1 });
  await queue.define({ name: "test.busy", module: built("busy-job.js") });
  await queue.define({ name: "test.bad-input", module: built("bad-input-job.js"), retryLimit: 2, retryDelaySeconds: 1 });
  // Defined (with the crash test's policy) but worked here only once its other worker is killed.
  // Worked here only after another process's queue, working it first, stops abruptly.
  await queue.define({ name: "test.abandoned", module: built("count-job.js"), retryLimit: 2, retryDelaySeconds: 1 });
  await queue.define({
    name: "test.crash",
    module: built("count-job.js"),
    expireInSeconds: 3,
    retryLimit: 2,
    retryDelaySeconds: 1,
  });
  for (const name of ["test.count", "test.flaky", "test.busy", "test.bad-input"]) await queue.work(name, { concurrency: 2 });
}, 60_000);
afterAll(async () => {
  await queue?.stop();
  await db?.destroy();
});

const settled = async (id: string, timeout = 20_000) => {
  let status = await queue.status(id);
  await vi.waitFor(
    async () => {
      status = await queue.status(id);
      expect(["completed", "failed", "cancelled"]).toContain(status.state);
    },
    { timeout, interval: 100 },
  );
  return status;
};

describe("JobQueue", () => {
  it("runs a job in a worker thread, with its progress and output", async () => {
    const id = await queue.submit("test.count", { to: 5, delayMs: 20 });
    const status = await settled(id);
    expect(status).toEqual({
      id,
      name: "test.count",
      state: "completed",
      input: { to: 5, delayMs: 20 },
      progress: { fraction: 1, message: "5/5", details: { i: 5 }, updatedAt: expect.any(Date) },
      // The job is told the mesh's database (its own test database here).
      output: { counted: 5, threadId: expect.any(Number), database: new URL(db.url).pathname.slice(1) },
      error: null,
      retryCount: 0,
      createdAt: expect.any(Date),
      startedAt: expect.any(Date),
      completedAt: expect.any(Date),
    });
    expect((status.output as { threadId: number }).threadId).toBeGreaterThan(0); // not the main thread (0)
  });

  it("retries a failed run, and says how often", async () => {
    const marker = path.join(mkdtempSync(path.join(tmpdir(), "mesh-jobs-")), "attempted");
    const status = await settled(await queue.submit("test.flaky", { marker }));
    expect([status.state, status.output, status.retryCount, status.error]).toEqual(["completed", "second attempt", 1, null]);
  });

  it("does not retry a run that failed on its input: it would fail the same way", async () => {
    const status = await settled(await queue.submit("test.bad-input", { name: "nothing" }));
    expect([status.state, status.error, status.retryCount]).toEqual(["failed", "no thing named nothing", 0]);
  });

  it("cancels a running job: its thread is told and stops", async () => {
    const id = await queue.submit("test.count", { to: 1_000, delayMs: 20 });
    await vi.waitFor(async () => expect((await queue.status(id)).progress.fraction).toBeGreaterThan(0), { timeout: 10_000 });
    await queue.cancel(id);
    const status = await settled(id);
    expect(status.state).toBe("cancelled");
    await new Promise((resolve) => setTimeout(resolve, 400)); // a step under way when it was told may still land
    const at = (await queue.status(id)).progress.fraction!;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await queue.status(id)).progress.fraction).toBe(at); // no more progress: the thread stopped
    expect(at).toBeLessThan(1);
  });

  it("lists the unfinished jobs of a kind with their inputs, and drops them once finished", async () => {
    const id = await queue.submit("test.count", { to: 1_000, delayMs: 20 });
    expect(await queue.unfinished("test.count")).toEqual([{ id, input: { to: 1_000, delayMs: 20 } }]);
    await queue.cancel(id);
    await settled(id);
    expect(await queue.unfinished("test.count")).toEqual([]);
  });

  it("keeps the event loop free while a job is busy", async () => {
    let longest = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      longest = Math.max(longest, Date.now() - last);
      last = Date.now();
    }, 10);
    const status = await settled(await queue.submit("test.busy", { ms: 800 }));
    clearInterval(ticker);
    expect(status.state).toBe("completed");
    expect(longest).toBeLessThan(200); // the 800 ms of CPU ran in the worker thread
  });

  it("refuses a job kind it does not know, naming those it does", async () => {
    await expect(queue.submit("test.nope", {})).rejects.toThrow(
      'no job kind "test.nope"; defined: test.count, test.flaky, test.busy',
    );
  });
});

describe("JobQueue after a crash", () => {
  it("retries a run whose worker process was killed (SIGKILL) once the run expires", async () => {
    const id = await queue.submit("test.crash", { to: 20, delayMs: 50 });
    const crashing = spawn(process.execPath, [fileURLToPath(built("crash-worker.js")), db.url], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) =>
      crashing.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("working") && resolve()),
    );
    expect((await queue.status(id)).state).toBe("active");
    crashing.kill("SIGKILL");
    await new Promise((resolve) => crashing.on("exit", resolve));

    // This process works the queue too: the abandoned run expires after 3 s and is retried here.
    await queue.work("test.crash");
    const status = await settled(id, 30_000);
    expect([status.state, status.output, status.retryCount]).toEqual([
      "completed",
      { counted: 20, threadId: expect.any(Number), database: expect.any(String) },
      1,
    ]);
  }, 60_000);

  it("fails a run whose process stopped its heartbeat, long before the run would expire", async () => {
    await queue.define({
      name: "test.silent",
      module: built("count-job.js"),
      expireInSeconds: 3_600,
      retryLimit: 2,
      retryDelaySeconds: 1,
    });
    const id = await queue.submit("test.silent", { to: 20, delayMs: 50 });
    const crashing = spawn(process.execPath, [fileURLToPath(built("crash-worker.js")), db.url, "test.silent", "3600"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) =>
      crashing.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("working") && resolve()),
    );
    crashing.kill("SIGKILL");
    await new Promise((resolve) => crashing.on("exit", resolve));
    expect(await queue.failStale(["test.silent"], 60)).toEqual([]); // its last heartbeat is recent
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await queue.failStale(["test.silent"], 2)).toEqual([id]);
    const failed = await queue.status(id);
    expect([failed.state, failed.error]).toEqual(["retry", "its process stopped (no heartbeat for 2 s)"]);

    await queue.work("test.silent");
    const status = await settled(id, 30_000);
    expect([status.state, status.retryCount]).toEqual(["completed", 1]);
  }, 60_000);

  it("fails the runs it abandons when stopped abruptly, so that they are retried at once elsewhere", async () => {
    const other = await JobQueue.open(db.url, { logger, cancelPollMs: 100 });
    await other.define({ name: "test.abandoned", module: built("count-job.js"), retryLimit: 2, retryDelaySeconds: 1 });
    await other.work("test.abandoned");
    const id = await queue.submit("test.abandoned", { to: 1_000, delayMs: 20 });
    await vi.waitFor(async () => expect((await queue.status(id)).state).toBe("active"), { timeout: 10_000 });
    // Stopping with a run under way leaves nothing behind that fails later: pg-boss writes a
    // settled run's outcome without waiting for it, so a run settled while its pool closes would
    // be an unhandled rejection, which ends a process such as `mesh up` with exit code 1.
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      await other.stop({ graceful: false });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      process.off("unhandledRejection", record);
    }
    expect(unhandled).toEqual([]);
    const abandoned = await queue.status(id);
    expect([abandoned.state, abandoned.error]).toEqual(["retry", "pg-boss shut down while active"]);

    await queue.work("test.abandoned");
    await vi.waitFor(async () => expect((await queue.status(id)).state).toBe("active"), { timeout: 10_000 });
    await queue.cancel(id);
    expect((await settled(id)).retryCount).toBe(1);
  }, 30_000);

  it("outlives its database connections being cut (the server stopping first): it reports them and goes on", async () => {
    // Regression: the queue's own pool had no error listener, so an idle client cut by the server
    // (as when `mesh up` stopped the database with that pool still open) ended the process.
    const watched = createLogger("jobs-test-cut", "silent");
    const warn = vi.spyOn(watched, "warn");
    const other = await JobQueue.open(db.url, { logger: watched });
    try {
      await other.define({ name: "test.count", module: built("count-job.js") });
      const id = await other.submit("test.count", { to: 1, delayMs: 1 }); // leaves an idle client in the pool
      const cut = await db.pool.query<{ pid: number }>(
        "select pg_terminate_backend(pid) as pid from pg_stat_activity where application_name = 'mesh-jobs' and datname = current_database()",
      );
      expect(cut.rowCount).toBeGreaterThan(0);
      await vi.waitFor(() =>
        expect(warn).toHaveBeenCalledWith(
          { err: expect.objectContaining({ code: "57P01" }) },
          "idle job-queue database client failed",
        ),
      );
      expect((await other.status(id)).id).toBe(id); // a new connection answers
    } finally {
      await other.stop();
    }
  });
});
