import type pg from "pg";
import { createLogger, InputError, ServiceUnavailableError, type Logger } from "@mesh/core";
import type { AccessDecision, AuditSink } from "./access-control.js";

export interface PostgresAuditSinkOptions {
  /** How often buffered decisions are written, in milliseconds (default 1000). */
  flushIntervalMs?: number;
  /** Buffered decisions that trigger a write before the timer does (default 500). */
  maxBuffer?: number;
  /** Where failed writes and dropped decisions are reported (default: a logger named `access-audit`). */
  logger?: Logger;
}

/** One statement for any batch size: an array per column, unnested into rows in recording order. */
const INSERT = `
  insert into platform.access_audit
    (at, request_id, subject, client_id, action, kind, resource, domain, port, classification, allowed)
  select * from unnest(
    $1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
    $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[])`;

/**
 * The audit sink of the services: keeps every access decision in `platform.access_audit`
 * (migration `CreateAccessAudit1763900000000`) without putting the database on a resolver's path.
 *
 * - `record` only appends to a buffer: it never waits and never throws.
 * - A timer (unref'd, so it never keeps the process alive) writes the buffer every
 *   `flushIntervalMs`, and as soon as it holds `maxBuffer` decisions, with one multi-row insert.
 * - A write that fails keeps its decisions, in order, for the next attempt and is logged (the
 *   timer's) or rejected (`flush()`'s). The buffer is bounded: past 10 × `maxBuffer` decisions
 *   (the database has been away for a while), the oldest are dropped and a warning says how many.
 * - `close()` stops the timer and writes what is left; call it before ending the pool.
 */
export class PostgresAuditSink implements AuditSink {
  private buffer: AccessDecision[] = [];
  private dropped = 0;
  private writing: Promise<void> = Promise.resolve();
  /** A background write is queued or under way: it takes whatever is buffered when it starts. */
  private pending = false;
  /** The last write failed: the database is away, so only the timer tries again, and the buffer is bounded. */
  private failing = false;
  private closed = false;
  private readonly maxBuffer: number;
  private readonly logger: Logger;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresAuditSinkOptions = {},
  ) {
    const { flushIntervalMs = 1000, maxBuffer = 500, logger = createLogger("access-audit") } = options;
    if (!(flushIntervalMs > 0))
      throw new InputError(`flushIntervalMs must be a positive number of milliseconds, not ${flushIntervalMs}`);
    if (!Number.isInteger(maxBuffer) || maxBuffer < 1)
      throw new InputError(`maxBuffer must be a positive integer, not ${maxBuffer}`);
    this.maxBuffer = maxBuffer;
    this.logger = logger;
    this.timer = setInterval(() => this.flushInBackground(), flushIntervalMs).unref();
  }

  /** Buffers the decision; a write follows within `flushIntervalMs`. */
  record(decision: AccessDecision): void {
    if (this.closed) {
      this.logger.error({ decision }, "access decision recorded after the audit sink was closed: it is not written");
      return;
    }
    this.buffer.push(decision);
    this.bound();
    if (this.buffer.length >= this.maxBuffer && !this.failing) this.flushInBackground();
  }

  /**
   * Writes every decision recorded before the call. Rejects (`ServiceUnavailableError`) when the
   * database refuses them; they stay buffered for the next attempt.
   */
  flush(): Promise<void> {
    const done = this.writing.then(() => this.write());
    this.writing = done.catch(() => {});
    return done;
  }

  /** Stops the timer and writes what is left (rejects as `flush` does). */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      clearInterval(this.timer);
    }
    await this.flush();
  }

  private flushInBackground(): void {
    if (this.pending) return;
    this.pending = true;
    this.flush()
      .catch((error: unknown) => this.logger.error({ err: error }, (error as Error).message))
      .finally(() => {
        this.pending = false;
        // Decisions kept arriving while the batch was written: a full buffer is written at once,
        // not at the next tick, so that a busy server's decisions are never dropped for speed.
        if (!this.failing && this.buffer.length >= this.maxBuffer) this.flushInBackground();
      });
  }

  private async write(): Promise<void> {
    this.reportDropped();
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      await this.pool.query(INSERT, columnsOf(batch));
      this.failing = false;
    } catch (error) {
      this.failing = true;
      this.buffer = batch.concat(this.buffer);
      this.bound();
      this.reportDropped();
      throw new ServiceUnavailableError(
        `could not write ${batch.length} access decisions to platform.access_audit (kept for the next attempt, ${this.buffer.length} buffered): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** While the database is away, drops the oldest decisions beyond 10 × maxBuffer, counting them for the next warning. */
  private bound(): void {
    if (!this.failing) return;
    const excess = this.buffer.length - 10 * this.maxBuffer;
    if (excess <= 0) return;
    this.buffer.splice(0, excess);
    this.dropped += excess;
  }

  private reportDropped(): void {
    if (this.dropped === 0) return;
    this.logger.warn(
      { dropped: this.dropped, limit: 10 * this.maxBuffer },
      `dropped the ${this.dropped} oldest unwritten access decisions: the audit buffer is full while platform.access_audit cannot be written`,
    );
    this.dropped = 0;
  }
}

function columnsOf(batch: readonly AccessDecision[]): unknown[] {
  return [
    batch.map((d) => d.at),
    batch.map((d) => d.requestId),
    batch.map((d) => d.subject),
    batch.map((d) => d.clientId),
    batch.map((d) => d.action),
    batch.map((d) => d.kind),
    batch.map((d) => d.resource),
    batch.map((d) => d.domain),
    batch.map((d) => d.port),
    batch.map((d) => d.classification),
    batch.map((d) => d.allowed),
  ];
}
