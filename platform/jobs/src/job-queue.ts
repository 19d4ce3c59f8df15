import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import PgBoss from "pg-boss";
import pg from "pg";
import { InputError, NotFoundError, type Logger } from "@mesh/core";
import { openSchema } from "@mesh/storage";
import type { JobProgress } from "./job-context.js";
import type { FromWorker, ToWorker } from "./messages.js";
import { AddJobHeartbeat1764300000000 } from "./migrations/add-heartbeat.js";
import { CreateJobProgress1764000000000 } from "./migrations/create-job-progress.js";

export const jobsMigrations = [CreateJobProgress1764000000000, AddJobHeartbeat1764300000000];

/** How often the process running a job says it is alive. */
const HEARTBEAT_MS = 5_000;

/**
 * The worker threads' entry, as built JavaScript: beside this module in dist/, and in dist/ too
 * when tests run this module from its TypeScript source (a worker thread cannot load TypeScript).
 */
const RUNNER = fileURLToPath(
  new URL(/\/src\/[^/]+\.ts$/.test(import.meta.url) ? "../dist/job-runner.js" : "./job-runner.js", import.meta.url),
);

/**
 * The worker threads' Node options: this process's, less the resolution conditions a test runner
 * adds (vitest's `source` would send the job's imports to TypeScript sources it cannot load).
 */
const WORKER_EXEC_ARGV = withoutConditions(process.execArgv);

function withoutConditions(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--conditions" || arg === "-C")
      i++; // the flag and its value
    else if (!arg.startsWith("--conditions=")) kept.push(arg);
  }
  return kept;
}

/** A kind of job: a module exporting `run(input, context)`, run in a worker thread. */
export interface JobDefinition {
  /** The queue's name, e.g. `synth.train`. */
  name: string;
  /** The job's module (an absolute path or file URL of built JavaScript). */
  module: string | URL;
  /**
   * Attempts after the first when a run fails or its worker dies. Default 2. A run that fails on
   * its input (an error whose code is BAD_USER_INPUT, NOT_FOUND or CONTRACT_VIOLATION) is not retried.
   */
  retryLimit?: number;
  /** Seconds before a retry (doubling each time). Default 5. */
  retryDelaySeconds?: number;
  /** A run still active after this long is taken as dead and retried. Default 3,600. */
  expireInSeconds?: number;
}

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export interface JobStatus {
  id: string;
  name: string;
  state: JobState;
  /** What the job was asked to do. */
  input: unknown;
  progress: JobProgress & { updatedAt: Date | null };
  output: unknown;
  /** The last failure's message, when the job failed (or is waiting to retry). */
  error: string | null;
  retryCount: number;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

export interface JobQueueOptions {
  logger: Logger;
  /** How often a running job's worker checks whether the job was cancelled elsewhere. Default 1 s. */
  cancelPollMs?: number;
  /** pg-boss maintenance (expiring dead runs, retries): default 60 s. */
  maintenanceIntervalSeconds?: number;
  /**
   * A running job whose process has not said it is alive for this long is taken as dead (its
   * process crashed) and failed, so that it is retried at once rather than when its run expires.
   * Checked by every process working a queue, every `staleAfterSeconds / 2`. Default 30 s.
   */
  staleAfterSeconds?: number;
}

/**
 * Durable jobs on the mesh's PostgreSQL: pg-boss keeps the queues (schema `pgboss`), this keeps
 * progress (schema `jobs`). A job survives a crash of the process running it: its run expires and
 * is retried. `work()` runs each job in a worker thread, so that training or generating never
 * blocks the event loop of the server or worker process; cancellation reaches the thread through
 * an AbortSignal, whichever process asked for it.
 */
export class JobQueue {
  private readonly definitions = new Map<string, JobDefinition>();
  /** This process's running jobs: their worker threads and kinds. */
  private readonly running = new Map<string, { worker: Worker; name: string }>();
  private readonly worked = new Set<string>();
  /** Set by stop(): runs cut short then stay unsettled (pg-boss has failed them, and its pool is closed). */
  private stopping = false;
  private reaper: NodeJS.Timeout | undefined;

  private constructor(
    private readonly boss: PgBoss,
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly options: JobQueueOptions,
  ) {}

  static async open(url: string, options: JobQueueOptions): Promise<JobQueue> {
    const dataSource = await openSchema(url, { schema: "jobs", migrations: [...jobsMigrations] });
    await dataSource.destroy();
    const boss = new PgBoss({
      connectionString: url,
      schema: "pgboss",
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    });
    boss.on("error", (error) => options.logger.error({ err: error }, "job queue error"));
    await boss.start();
    const pool = new pg.Pool({ connectionString: url, max: 3, application_name: "mesh-jobs" });
    // An idle client's error (the server shutting down first, a dropped connection) is the pool's
    // to report: without a listener it would end the process.
    pool.on("error", (error) => options.logger.warn({ err: error }, "idle job-queue database client failed"));
    return new JobQueue(boss, pool, url, options);
  }

  /** Declares a kind of job (idempotent: its queue is created once). */
  async define(definition: JobDefinition): Promise<void> {
    if (!/^[A-Za-z0-9_.-]+$/.test(definition.name)) {
      throw new InputError(`job name "${definition.name}" must be letters, digits, ".", "_" or "-"`);
    }
    this.definitions.set(definition.name, definition);
    const queue = { name: definition.name, ...policyOf(definition) };
    if (await this.boss.getQueue(definition.name)) await this.boss.updateQueue(definition.name, queue);
    else await this.boss.createQueue(definition.name, queue);
  }

  /** Queues a job; its id is returned at once. */
  async submit(name: string, input: unknown): Promise<string> {
    const definition = this.definition(name);
    // The policy goes with each job too: pg-boss applies a queue's own policy only to some fields.
    const id = await this.boss.send(name, input as object, policyOf(definition));
    if (!id) throw new InputError(`job ${name} was not queued`);
    await this.pool.query("insert into jobs.progress (job_id, queue) values ($1, $2) on conflict do nothing", [id, name]);
    return id;
  }

  async status(id: string): Promise<JobStatus> {
    const found = await this.pool.query<{
      queue: string;
      fraction: number | null;
      message: string | null;
      details: Record<string, unknown>;
      updated_at: Date | null;
    }>("select queue, fraction, message, details, updated_at from jobs.progress where job_id = $1", [id]);
    const progress = found.rows[0];
    const job = progress ? await this.boss.getJobById(progress.queue, id, { includeArchive: true }) : null;
    if (!progress || !job) throw new NotFoundError(`no job ${id}`);
    // A failure's output: our worker's error ({ message }) or pg-boss's own ({ value }).
    const output = job.output as { message?: unknown; value?: unknown } | null;
    return {
      id,
      name: progress.queue,
      state: job.state as JobState,
      input: job.data,
      progress: {
        ...(progress.fraction === null ? {} : { fraction: progress.fraction }),
        ...(progress.message === null ? {} : { message: progress.message }),
        details: progress.details,
        updatedAt: progress.updated_at,
      },
      output: job.state === "completed" ? ((job.output as { result?: unknown } | null)?.result ?? null) : null,
      error: job.state === "failed" || job.state === "retry" ? String(output?.message ?? output?.value ?? "failed") : null,
      retryCount: job.retryCount,
      createdAt: job.createdOn,
      startedAt: job.startedOn ?? null,
      completedAt: job.completedOn ?? null,
    };
  }

  /** The jobs of a kind not finished yet (queued, waiting to retry, or running), oldest first, with their inputs. */
  async unfinished(name: string): Promise<Array<{ id: string; input: unknown }>> {
    this.definition(name);
    return (await findUnfinishedJobs(this.pool, [name])).map(({ id, input }) => ({ id, input }));
  }

  /** Cancels a job that has not finished; its worker, wherever it runs, is told within `cancelPollMs`. */
  async cancel(id: string): Promise<void> {
    const { name } = await this.status(id);
    await this.boss.cancel(name, id);
    this.running.get(id)?.worker.postMessage({ type: "cancel" } satisfies ToWorker);
  }

  /**
   * Fails the running jobs of these kinds whose process stopped saying it is alive (see
   * `staleAfterSeconds`): they are retried like any failed run. Returns their ids.
   */
  async failStale(names: readonly string[], staleAfterSeconds = this.options.staleAfterSeconds ?? 30): Promise<string[]> {
    const stale = await this.pool.query<{ id: string; name: string }>(
      `select j.id, j.name from pgboss.job j left join jobs.progress p on p.job_id = j.id
       where j.name = any($1) and j.state = 'active'
         and coalesce(p.heartbeat_at, j.started_on) < now() - make_interval(secs => $2)`,
      [names, staleAfterSeconds],
    );
    for (const job of stale.rows) {
      if (this.running.has(job.id)) continue; // ours and alive (a late heartbeat)
      await this.boss.fail(job.name, job.id, { message: `its process stopped (no heartbeat for ${staleAfterSeconds} s)` });
    }
    return stale.rows.filter((job) => !this.running.has(job.id)).map((job) => job.id);
  }

  /** Runs this process's share of a queue's jobs, `concurrency` at a time, each in a worker thread. */
  async work(name: string, options: { concurrency?: number } = {}): Promise<void> {
    const definition = this.definition(name);
    this.worked.add(name);
    this.reaper ??= setInterval(
      () => {
        this.failStale([...this.worked]).catch((error: unknown) =>
          this.options.logger.warn({ err: error }, "could not look for jobs whose process died"),
        );
      },
      ((this.options.staleAfterSeconds ?? 30) * 1000) / 2,
    ).unref();
    for (let i = 0; i < (options.concurrency ?? 1); i++) {
      await this.boss.work(name, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) =>
        this.run(definition, job as PgBoss.Job<object>),
      );
    }
  }

  /** How many jobs this process is running now. */
  get runningCount(): number {
    return this.running.size;
  }

  /** Stops taking jobs, lets the running ones finish (or, with `graceful: false`, abandons them to expire and retry). */
  async stop(options: { graceful?: boolean } = {}): Promise<void> {
    const graceful = options.graceful ?? true;
    this.stopping = true;
    clearInterval(this.reaper);
    // Not graceful: pg-boss fails the runs under way ("pg-boss shut down while active"), so that
    // they are retried (after their retry delay) by the next process, not left to expire.
    try {
      await this.boss.stop({ graceful, wait: true, close: true });
    } finally {
      // Whatever pg-boss did, the threads and the pool are ended: a pool left open outlives the
      // database server and its clients fail when it stops.
      for (const { worker } of this.running.values()) await worker.terminate();
      await this.pool.end();
    }
  }

  private definition(name: string): JobDefinition {
    const definition = this.definitions.get(name);
    if (!definition) {
      throw new InputError(`no job kind "${name}"; defined: ${[...this.definitions.keys()].join(", ") || "none"}`);
    }
    return definition;
  }

  private run(definition: JobDefinition, job: PgBoss.Job<object>): Promise<unknown> {
    const module = definition.module instanceof URL ? definition.module.href : definition.module;
    const worker = new Worker(RUNNER, {
      execArgv: WORKER_EXEC_ARGV,
      workerData: {
        module: module.startsWith("file:") ? module : `file://${module}`,
        input: job.data,
        jobId: job.id,
        databaseUrl: this.url,
      },
    });
    this.running.set(job.id, { worker, name: definition.name });
    const saveProgress = throttle((update: JobProgress) => this.saveProgress(job.id, definition.name, update), 200);
    const heartbeat = setInterval(() => {
      this.pool
        .query("update jobs.progress set heartbeat_at = now() where job_id = $1", [job.id])
        .catch((error: unknown) =>
          this.options.logger.warn({ err: error, jobId: job.id }, "could not write the job's heartbeat"),
        );
    }, HEARTBEAT_MS);
    void this.pool.query("update jobs.progress set heartbeat_at = now() where job_id = $1", [job.id]).catch(() => {});
    const poll = setInterval(() => {
      this.boss.getJobById(definition.name, job.id).then(
        (current) => {
          if (current?.state === "cancelled") worker.postMessage({ type: "cancel" } satisfies ToWorker);
        },
        // A failed poll is tried again at the next tick; cancel() in this process needs no poll.
        (error: unknown) => this.options.logger.warn({ err: error, jobId: job.id }, "could not read the job's state"),
      );
    }, this.options.cancelPollMs ?? 1_000);
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        clearInterval(heartbeat);
        this.running.delete(job.id);
        void saveProgress.flush().finally(() => {
          void worker.terminate();
          // Settling a run after stop() would make pg-boss write its outcome through a closed pool
          // (pg-boss does not wait for that write: an unhandled rejection that ends the process).
          if (!this.stopping) outcome();
        });
      };
      worker.on("message", (message: FromWorker) => {
        if (message.type === "progress") saveProgress(message.update);
        // pg-boss stores an object as a job's output: the result is wrapped, and unwrapped by status().
        else if (message.type === "done") {
          saveProgress({ fraction: 1 }); // done is all the way, whatever the job last reported
          finish(() => resolve({ result: message.output }));
        } else if (message.final && !message.cancelled) {
          // Failed on its input: no retry (pg-boss retries while retry_count < retry_limit).
          void this.pool
            .query("update pgboss.job set retry_limit = retry_count where id = $1", [job.id])
            .catch((error: unknown) =>
              this.options.logger.warn({ err: error, jobId: job.id }, "could not stop the job's retries"),
            )
            .finally(() => finish(() => reject(new Error(message.message))));
        } else finish(() => reject(new Error(message.cancelled ? "cancelled" : message.message)));
      });
      worker.on("error", (error) => finish(() => reject(error)));
      worker.on("exit", (code) => finish(() => reject(new Error(`the job's worker thread exited (${code}) before finishing`))));
    });
  }

  private async saveProgress(id: string, queue: string, update: JobProgress): Promise<void> {
    await this.pool.query(
      `insert into jobs.progress (job_id, queue, fraction, message, details, updated_at) values ($1, $2, $3, $4, $5, now())
       on conflict (job_id) do update set fraction = coalesce($3, jobs.progress.fraction),
         message = coalesce($4, jobs.progress.message), details = jobs.progress.details || $5, updated_at = now()`,
      [id, queue, update.fraction ?? null, update.message ?? null, update.details ?? {}],
    );
  }
}

function policyOf(definition: JobDefinition) {
  return {
    retryLimit: definition.retryLimit ?? 2,
    retryDelay: definition.retryDelaySeconds ?? 5,
    retryBackoff: true,
    expireInSeconds: definition.expireInSeconds ?? 3_600,
  };
}

/** At most one write per `ms`, updates in between merged; `flush()` writes what is pending. */
function throttle(write: (value: JobProgress) => Promise<void>, ms: number) {
  let pending: JobProgress | undefined;
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<void> = Promise.resolve();
  const run = () => {
    timer = undefined;
    if (pending === undefined) return last;
    const value = pending;
    pending = undefined;
    last = last.then(() => write(value)).catch(() => {});
    return last;
  };
  const call = (value: JobProgress) => {
    pending = { ...pending, ...value, details: { ...pending?.details, ...value.details } };
    timer ??= setTimeout(run, ms);
  };
  call.flush = () => {
    if (timer) clearTimeout(timer);
    return run();
  };
  return call;
}

/** An unfinished job as `findUnfinishedJobs` reads it. */
export interface UnfinishedJob {
  id: string;
  name: string;
  state: "created" | "retry" | "active";
  input: unknown;
  progress: JobProgress & { updatedAt: Date | null };
}

/**
 * The jobs of the given kinds not finished yet (queued, waiting to retry, or running), oldest
 * first, with their inputs and progress; with `input`, only those whose input has these
 * top-level string fields. For readers without a queue of their own (a server showing progress).
 */
export async function findUnfinishedJobs(
  pool: Pick<pg.Pool, "query">,
  names: readonly string[],
  input: Record<string, string> = {},
): Promise<UnfinishedJob[]> {
  const found = await pool.query<{
    id: string;
    name: string;
    state: UnfinishedJob["state"];
    data: unknown;
    fraction: number | null;
    message: string | null;
    details: Record<string, unknown> | null;
    updated_at: Date | null;
  }>(
    `select j.id, j.name, j.state, j.data, p.fraction, p.message, p.details, p.updated_at
     from pgboss.job j left join jobs.progress p on p.job_id = j.id
     where j.name = any($1) and j.state < 'completed' and j.data @> $2::jsonb
     order by j.created_on`,
    [names, JSON.stringify(input)],
  );
  return found.rows.map((row) => ({
    id: row.id,
    name: row.name,
    state: row.state,
    input: row.data,
    progress: {
      ...(row.fraction === null ? {} : { fraction: row.fraction }),
      ...(row.message === null ? {} : { message: row.message }),
      details: row.details ?? {},
      updatedAt: row.updated_at,
    },
  }));
}
