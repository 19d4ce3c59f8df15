import type pg from "pg";
import { backoffDelay, TransportError, type BackoffOptions, type Transport } from "./transports.js";
import type { LineageEvent } from "./types.js";
import { validateEvent } from "./validate.js";

/**
 * Adds `event` to the outbox through `client`, inside the caller's open transaction: the event
 * commits or rolls back with the work it describes. An event that does not validate is refused
 * here (a TypeError listing the schema errors), not discovered later by a backend.
 */
export async function writeToOutbox(client: pg.PoolClient | pg.Client, event: LineageEvent): Promise<void> {
  const result = validateEvent(event);
  if (!result.valid) {
    throw new TypeError(`not a valid OpenLineage event: ${result.errors.map((e) => `${e.path || "/"} ${e.message}`).join("; ")}`);
  }
  await client.query("insert into lineage.outbox (event) values ($1)", [JSON.stringify(event)]);
}

export interface OutboxRelayOptions {
  /** How often to look for pending events when idle, default 1,000 ms. */
  intervalMs?: number;
  /** Delay after a failed delivery: exponential from `initialDelayMs` (default 500) to `maxDelayMs` (default 30,000), with jitter. */
  backoff?: BackoffOptions;
  /** Rows read per transaction, default 100; the next batch starts on a later turn of the event loop. */
  batchSize?: number;
  /** Told about each failed delivery (the relay goes on). */
  onError?: (error: unknown, outboxId: string) => void;
}

// One relay delivers at a time (in id order); others wait their turn. The key is arbitrary and
// fixed: "lineage outbox" in ASCII, truncated to 64 bits.
const RELAY_LOCK = "7588396449271430775";

/**
 * Delivers the outbox's pending events in id order through `transport`, marking each delivered
 * in the same transaction that locked it (`FOR UPDATE SKIP LOCKED`). A failed delivery stops the
 * batch (later events wait behind it, keeping the order), and is retried after a backoff; an
 * event the transport refuses for good (not retryable, e.g. 400) is marked failed and skipped.
 * A relay that stops or crashes mid-batch leaves its rows pending, and the next relay delivers
 * them: delivery is at least once, and exactly once unless a crash falls between a transport's
 * success and the commit (Mesh's own store deduplicates such a repeat).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly transport: Transport,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the relay; resolves when the batch in progress (if any) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Delivers one batch now; returns how many events were delivered. */
  async deliverBatch(): Promise<{ delivered: number; failed: number; more: boolean; error?: unknown }> {
    const batchSize = this.options.batchSize ?? 100;
    const client = await this.pool.connect();
    // A session that dies mid-batch (a database restart) emits 'error' on the checked-out client:
    // without a listener that would end the process; the batch's own query rejects as well.
    let broken: Error | undefined;
    const onBroken = (error: Error) => {
      broken = error;
    };
    client.on("error", onBroken);
    try {
      await client.query("begin");
      const lock = await client.query<{ ok: boolean }>("select pg_try_advisory_xact_lock($1) as ok", [RELAY_LOCK]);
      if (!lock.rows[0]?.ok) {
        await client.query("commit");
        return { delivered: 0, failed: 0, more: false };
      }
      const pending = await client.query<{ id: string; event: LineageEvent }>(
        `select id, event from lineage.outbox where delivered_at is null and failed_at is null
         order by id limit $1 for update skip locked`,
        [batchSize],
      );
      const delivered: string[] = [];
      let failed = 0;
      let error: unknown;
      for (const row of pending.rows) {
        try {
          await this.transport.emit(row.event);
          delivered.push(row.id);
        } catch (e) {
          this.options.onError?.(e, row.id);
          const permanent = e instanceof TransportError && !e.retryable;
          await client.query(
            `update lineage.outbox set attempts = attempts + 1, last_error = $2,
               failed_at = case when $3 then now() else null end where id = $1`,
            [row.id, (e as Error).message ?? String(e), permanent],
          );
          if (permanent) {
            failed++;
            continue;
          }
          error = e;
          break;
        }
      }
      if (delivered.length > 0) {
        await client.query(
          "update lineage.outbox set delivered_at = now(), attempts = attempts + 1 where id = any($1::bigint[])",
          [delivered],
        );
      }
      await client.query("commit");
      return {
        delivered: delivered.length,
        failed,
        more: error === undefined && pending.rows.length === batchSize,
        ...(error === undefined ? {} : { error }),
      };
    } catch (e) {
      await client.query("rollback").catch(() => undefined);
      throw e;
    } finally {
      client.off("error", onBroken);
      client.release(broken);
    }
  }

  /** Counts of the outbox's rows by state (for health checks and tests). */
  async counts(): Promise<{ pending: number; delivered: number; failed: number }> {
    const { rows } = await this.pool.query<{ pending: string; delivered: string; failed: string }>(
      `select count(*) filter (where delivered_at is null and failed_at is null) as pending,
              count(*) filter (where delivered_at is not null) as delivered,
              count(*) filter (where failed_at is not null) as failed
       from lineage.outbox`,
    );
    const r = rows[0]!;
    return { pending: Number(r.pending), delivered: Number(r.delivered), failed: Number(r.failed) };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let next = this.options.intervalMs ?? 1_000;
    try {
      const result = await this.deliverBatch();
      if (result.error !== undefined) {
        next = backoffDelay(this.failures++, { initialDelayMs: 500, maxDelayMs: 30_000, ...this.options.backoff });
      } else {
        this.failures = 0;
        if (result.more) next = 0; // a backlog: the next batch on a later turn of the event loop
      }
    } catch (error) {
      // The database itself failed (e.g. a restart): try again later.
      this.options.onError?.(error, "");
      next = backoffDelay(this.failures++, { initialDelayMs: 500, maxDelayMs: 30_000, ...this.options.backoff });
    }
    this.schedule(next);
  }
}
