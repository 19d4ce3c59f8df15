import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import { InputError, ServiceUnavailableError } from "@mesh/core";
import { openSchema, type DataSource } from "@mesh/storage";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import { accessMigrations, PostgresAuditSink, readAuditLog, type AccessDecision } from "./index.js";

let db: TestDatabase;
let platform: DataSource;
beforeAll(async () => {
  db = await createTestDatabase();
  platform = await openSchema(db.url, { schema: "platform", migrations: [...accessMigrations] });
});
afterAll(async () => {
  await platform.destroy();
  await db.destroy();
});
beforeEach(async () => {
  await db.pool.query("truncate platform.access_audit");
});

/** A logger whose entries the test can read. */
function capturingLogger() {
  const entries: Record<string, unknown>[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => entries.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, entries };
}

/** A sink whose timer never fires during a test unless asked to. */
const quietSink = (options: ConstructorParameters<typeof PostgresAuditSink>[1] = {}) =>
  new PostgresAuditSink(db.pool, { flushIntervalMs: 3_600_000, logger: capturingLogger().logger, ...options });

let clock = Date.parse("2026-03-01T10:00:00.000Z");
const decision = (overrides: Partial<AccessDecision> = {}): AccessDecision => ({
  at: new Date((clock += 1000)),
  requestId: "req-1",
  subject: "alice",
  clientId: "mesh-api",
  action: "read",
  kind: "ProductMetadata",
  resource: "urn:mesh:cardiology:heart-disease",
  domain: "cardiology",
  port: null,
  classification: null,
  allowed: true,
  ...overrides,
});

const count = async () => Number((await db.pool.query("select count(*) from platform.access_audit")).rows[0].count);
const withIds = (decisions: AccessDecision[]) => decisions.map((d) => ({ ...d, id: expect.stringMatching(/^[0-9]+$/) }));

describe("PostgresAuditSink", () => {
  it("buffers decisions without touching the database and writes them whole on flush", async () => {
    const sink = quietSink();
    const decisions = [
      decision(),
      decision({ kind: "Records", port: "SYNTHETIC", resource: "urn:mesh:cardiology:heart-disease:patients" }),
      decision({
        requestId: "req-2",
        subject: "bob",
        clientId: "catalog",
        kind: "Field",
        port: "REAL",
        classification: "phi",
        resource: "urn:mesh:cardiology:heart-disease:patients#name",
        allowed: false,
      }),
    ];
    for (const d of decisions) expect(sink.record(d)).toBeUndefined();
    expect(await count()).toBe(0);

    await sink.flush();
    const page = await readAuditLog(db.pool);
    expect(page).toEqual({ entries: withIds(decisions.toReversed()), hasNextPage: false, endCursor: page.entries[2]?.id });
    await sink.close();
  });

  it("writes the rest on close, and logs (without writing) a decision recorded after it", async () => {
    const { logger, entries } = capturingLogger();
    const sink = quietSink({ logger });
    const first = decision();
    sink.record(first);
    await sink.close();
    sink.record(decision({ subject: "late" }));
    await sink.flush();

    expect((await readAuditLog(db.pool)).entries).toEqual(withIds([first]));
    expect(entries).toEqual([
      expect.objectContaining({ level: 50, msg: "access decision recorded after the audit sink was closed: it is not written" }),
    ]);
  });

  it("writes on its timer, and as soon as maxBuffer decisions are waiting", async () => {
    const timed = quietSink({ flushIntervalMs: 20 });
    timed.record(decision());
    await vi.waitFor(async () => expect(await count()).toBe(1));
    await timed.close();

    const full = quietSink({ maxBuffer: 3 });
    full.record(decision());
    full.record(decision());
    expect(await count()).toBe(1);
    full.record(decision());
    await vi.waitFor(async () => expect(await count()).toBe(4));
    await full.close();
  });

  it("keeps up with decisions arriving while a batch is written: none is dropped (regression)", async () => {
    const before = await count();
    const busy = quietSink({ maxBuffer: 50 });
    // 42 decisions per request (one per field), 100 requests in a burst, as a page of 41 columns makes.
    for (let request = 0; request < 100; request++) {
      for (let field = 0; field < 42; field++)
        busy.record(decision({ requestId: `burst-${request}`, resource: `urn:x#c${field}` }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await busy.close();
    expect(await count()).toBe(before + 4200);
  });

  it("keeps a batch the database refused and writes it once the table is back", async () => {
    const sink = quietSink();
    const decisions = [decision(), decision({ subject: "bob" })];
    for (const d of decisions) sink.record(d);
    await dropTable();
    try {
      await expect(sink.flush()).rejects.toThrow(ServiceUnavailableError);
      await expect(sink.flush()).rejects.toThrow(
        /^could not write 2 access decisions to platform.access_audit \(kept for the next attempt, 2 buffered\): relation "platform.access_audit" does not exist$/,
      );
    } finally {
      await recreateTable();
    }
    const later = decision({ subject: "carol" });
    sink.record(later);
    await sink.flush();
    expect((await readAuditLog(db.pool)).entries).toEqual(withIds([...decisions, later].toReversed()));
    await sink.close();
  });

  it("bounds what it keeps while the database is away: drops the oldest past 10 × maxBuffer and says how many", async () => {
    const { logger, entries } = capturingLogger();
    const sink = quietSink({ maxBuffer: 2, logger });
    const decisions = Array.from({ length: 25 }, (_, i) => decision({ requestId: `req-${i}` }));
    await dropTable();
    try {
      // The second decision fills maxBuffer and triggers a write, which fails and is logged.
      for (const d of decisions) sink.record(d);
      await vi.waitFor(() => expect(entries.filter((e) => e.level === 50)).toHaveLength(1));
      await expect(sink.flush()).rejects.toThrow(/could not write 20 access decisions/);
    } finally {
      await recreateTable();
    }
    await sink.close();

    expect((await readAuditLog(db.pool)).entries).toEqual(withIds(decisions.slice(5).toReversed()));
    expect(entries.filter((e) => e.level === 40)).toEqual([
      expect.objectContaining({
        dropped: 5,
        limit: 20,
        msg: "dropped the 5 oldest unwritten access decisions: the audit buffer is full while platform.access_audit cannot be written",
      }),
    ]);
  });

  it("refuses options it cannot work with, naming them", () => {
    expect(() => new PostgresAuditSink(db.pool, { maxBuffer: 0 })).toThrow(
      new InputError("maxBuffer must be a positive integer, not 0"),
    );
    expect(() => new PostgresAuditSink(db.pool, { flushIntervalMs: -1 })).toThrow(
      new InputError("flushIntervalMs must be a positive number of milliseconds, not -1"),
    );
  });
});

describe("readAuditLog", () => {
  const alice = decision({ subject: "alice", resource: "urn:mesh:cardiology:heart-disease", allowed: true });
  const bobRefused = decision({ subject: "bob", resource: "urn:mesh:cardiology:heart-disease", allowed: false });
  const bob = decision({ subject: "bob", resource: "urn:mesh:logistics:commodity-shipments", domain: "logistics" });
  const aliceRefused = decision({ subject: "alice", resource: "urn:mesh:logistics:commodity-shipments", allowed: false });
  const all = [alice, bobRefused, bob, aliceRefused];

  beforeEach(async () => {
    const sink = quietSink();
    for (const d of all) sink.record(d);
    await sink.close();
  });

  it("filters by subject, resource and outcome, together", async () => {
    const read = async (query: Parameters<typeof readAuditLog>[1]) => (await readAuditLog(db.pool, query)).entries;
    expect(await read({ subject: "alice" })).toEqual(withIds([aliceRefused, alice]));
    expect(await read({ resource: "urn:mesh:logistics:commodity-shipments" })).toEqual(withIds([aliceRefused, bob]));
    expect(await read({ allowed: false })).toEqual(withIds([aliceRefused, bobRefused]));
    expect(await read({ subject: "bob", allowed: true })).toEqual(withIds([bob]));
    expect(await read({ subject: "bob", resource: "urn:mesh:cardiology:heart-disease", allowed: true })).toEqual([]);
  });

  it("pages newest first with first and after", async () => {
    const one = await readAuditLog(db.pool, { first: 3 });
    expect(one).toEqual({ entries: withIds([aliceRefused, bob, bobRefused]), hasNextPage: true, endCursor: one.entries[2]?.id });
    const two = await readAuditLog(db.pool, { first: 3, after: one.endCursor! });
    expect(two).toEqual({ entries: withIds([alice]), hasNextPage: false, endCursor: two.entries[0]?.id });
    expect(await readAuditLog(db.pool, { after: two.endCursor! })).toEqual({ entries: [], hasNextPage: false, endCursor: null });
  });

  it("refuses a page size or cursor it does not understand, naming the argument", async () => {
    await expect(readAuditLog(db.pool, { first: 501 })).rejects.toThrow(
      new InputError("first must be an integer from 1 to 500, not 501"),
    );
    await expect(readAuditLog(db.pool, { first: 0 })).rejects.toThrow(InputError);
    await expect(readAuditLog(db.pool, { after: "abc" })).rejects.toThrow(
      new InputError('after must be an endCursor of the audit log (an entry id), not "abc"'),
    );
  });
});

async function dropTable(): Promise<void> {
  await db.pool.query("drop table platform.access_audit");
}

async function recreateTable(): Promise<void> {
  const runner = platform.createQueryRunner();
  try {
    for (const Migration of accessMigrations) await new Migration().up(runner);
  } finally {
    await runner.release();
  }
}
