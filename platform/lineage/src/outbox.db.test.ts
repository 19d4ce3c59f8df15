import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import { LocalReceiver } from "./local-receiver.js";
import {
  HttpTransport,
  migrateLineage,
  OutboxRelay,
  sampleRunEvent,
  writeToOutbox,
  type LineageEvent,
  type Transport,
} from "./index.js";

let db: TestDatabase;
let receiver: LocalReceiver;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateLineage(db.url);
  receiver = await new LocalReceiver().start();
});
afterAll(async () => {
  await receiver.stop();
  await db.destroy();
});
beforeEach(async () => {
  await db.pool.query("truncate lineage.outbox restart identity");
  receiver.received.length = 0;
  receiver.failWith = undefined;
});

/** Writes each event in its own transaction along with some "work", committed or not. */
async function writeInTransaction(events: LineageEvent[], commit = true): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query("begin");
    for (const event of events) await writeToOutbox(client, event);
    await client.query(commit ? "commit" : "rollback");
  } finally {
    client.release();
  }
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const fast = { intervalMs: 20, backoff: { initialDelayMs: 20, maxDelayMs: 100 }, batchSize: 7 };

describe("writeToOutbox", () => {
  it("commits and rolls back with the caller's transaction", async () => {
    const kept = sampleRunEvent();
    await writeInTransaction([kept]);
    await writeInTransaction([sampleRunEvent()], false);
    expect((await db.pool.query("select id, event, attempts, delivered_at, failed_at from lineage.outbox")).rows).toEqual([
      { id: "1", event: kept, attempts: 0, delivered_at: null, failed_at: null },
    ]);
  });

  it("refuses an event that does not validate", async () => {
    const bad = { ...sampleRunEvent(), eventTime: "yesterday" };
    await expect(writeInTransaction([bad])).rejects.toThrow("not a valid OpenLineage event: /eventTime must be a date-time");
  });
});

describe("OutboxRelay", () => {
  it("delivers every event once, in order, to a backend that is down and then up", async () => {
    const events = Array.from({ length: 30 }, () => sampleRunEvent());
    await writeInTransaction(events.slice(0, 10));
    await receiver.stop();
    const errors: unknown[] = [];
    const relay = new OutboxRelay(db.pool, new HttpTransport({ url: receiver.url, maxAttempts: 1, timeoutMs: 1000 }), {
      ...fast,
      onError: (e) => errors.push(e),
    });
    relay.start();
    await until(() => errors.length >= 3);
    await writeInTransaction(events.slice(10));
    expect(await relay.counts()).toEqual({ pending: 30, delivered: 0, failed: 0 });
    await receiver.start();
    await until(async () => (await relay.counts()).delivered === 30);
    await relay.stop();
    expect(receiver.received.map((r) => r.body)).toEqual(events);
    expect(await relay.counts()).toEqual({ pending: 0, delivered: 30, failed: 0 });
  });

  it("marks an event the backend refuses for good as failed and goes on", async () => {
    const events = Array.from({ length: 3 }, () => sampleRunEvent());
    await writeInTransaction(events);
    receiver.failWith = { status: 400, times: 1 };
    const relay = new OutboxRelay(db.pool, new HttpTransport({ url: receiver.url, maxAttempts: 1 }), fast);
    expect(await relay.deliverBatch()).toEqual({ delivered: 2, failed: 1, more: false });
    expect(receiver.received.map((r) => r.body)).toEqual(events.slice(1));
    expect((await db.pool.query("select id, last_error from lineage.outbox where failed_at is not null")).rows).toEqual([
      { id: "1", last_error: `POST ${receiver.url}/api/v1/lineage answered 400: failing on purpose` },
    ]);
  });

  it("after a crash mid-delivery, a new relay delivers everything written before it", async () => {
    const events = Array.from({ length: 12 }, () => sampleRunEvent());
    await writeInTransaction(events);
    // The first relay hangs on its first delivery; its database session is then killed, as a
    // `kill -9` of its process would: its transaction (and locks) go with it.
    const crashedPool = new pg.Pool({ connectionString: db.url, application_name: "crashing-relay", max: 1 });
    crashedPool.on("error", () => undefined);
    let attempted = 0;
    const hanging: Transport = { kind: "hanging", emit: () => (attempted++, new Promise<void>(() => undefined)) };
    const crashed = new OutboxRelay(crashedPool, hanging, fast);
    crashed.start();
    await until(() => attempted === 1);
    // While the first relay holds its batch, a second one delivers nothing (and never doubles).
    const relay = new OutboxRelay(db.pool, new HttpTransport({ url: receiver.url, maxAttempts: 1 }), fast);
    expect(await relay.deliverBatch()).toEqual({ delivered: 0, failed: 0, more: false });
    await db.pool.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'crashing-relay'");
    void crashed.stop();
    relay.start();
    await until(async () => (await relay.counts()).delivered === 12);
    await relay.stop();
    expect(receiver.received.map((r) => r.body)).toEqual(events);
  });
});
