import "reflect-metadata";
import { fork, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { DevTokenIssuer } from "@mesh/access";
import { createLogger, loadConfig, SUBGRAPH_ORDER } from "@mesh/core";
import { startGateway } from "@mesh/gateway";
import { canonicalJson, LineageStore, migrateLineage, sampleRunEvent, validateEvent, type RunEvent } from "@mesh/lineage";
import { openDatabase } from "@mesh/storage";
import { SUPERGRAPH_FILE } from "../commands/schema.js";
import { LINEAGE_ENDPOINT, lineageRoutes, tokenVerifier } from "../serve.js";
import { freePort, ready, stopChild } from "./child-servers.js";

/**
 * `pnpm bench:lineage`: OpenLineage events POSTed concurrently to `POST /api/v1/lineage` on the
 * gateway as `mesh up` mounts it (bearer token verified, every event validated against the
 * official schema and its facets' schemas, stored with its derived graph in one transaction),
 * next to a baseline measured in the same run: plain single-row INSERTs of the same rows into
 * the same table (`lineage.events`), as many at a time, from a pool as large as the server's.
 *
 * The gateway runs in a process of its own (forked from this file), the load generator
 * (autocannon) and the baseline in this one; the embedded PostgreSQL is this run's own. Every
 * event is distinct (a run of its own, Mesh-shaped: one input, one output with schema and column
 * lineage); each request must answer 201, and the events stored are counted afterwards. Target:
 * ≥ 2,000 validated events/s and ≥ 0.5 of the baseline. It reports and does not gate.
 *
 * Each round also measures LineageStore.ingest in this process (no HTTP, no validation: where the
 * endpoint's cost is) and the endpoint with MESH_BENCH_BATCH events per request (an array,
 * default 50), as producers that buffer send them.
 *
 * Knobs: MESH_BENCH_SECONDS (per measurement, default 10), MESH_BENCH_CONNECTIONS (default 20),
 * MESH_BENCH_ROUNDS (default 2), MESH_BENCH_CPU_PROF=<dir> (the server's V8 CPU profile), MESH_LOG_LEVEL (the
 * server's, default error).
 */
const here = fileURLToPath(import.meta.url);

const knob = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

async function main(): Promise<boolean> {
  const seconds = knob("MESH_BENCH_SECONDS", 10);
  const connections = Math.floor(knob("MESH_BENCH_CONNECTIONS", 20));
  const rounds = Math.floor(knob("MESH_BENCH_ROUNDS", 2));
  const out = (line = "") => process.stdout.write(`${line}\n`);

  const home = mkdtempSync(path.join(os.tmpdir(), "mesh-bench-lineage-"));
  chmodSync(home, 0o755); // the embedded server runs as the `postgres` user
  const env: NodeJS.ProcessEnv = { ...process.env, MESH_HOME: home, MESH_PG_PORT: String(await freePort()) };
  for (const name of ["DATABASE_URL", "MESH_PG_DATA_DIR", "KEYCLOAK_URL", "MESH_HOST", "NODE_OPTIONS"]) delete env[name];
  env.MESH_PG_DATABASE = "mesh_bench";
  env.MESH_LOG_LEVEL = process.env.MESH_LOG_LEVEL ?? "error";
  const config = loadConfig(env);
  let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let child: ChildProcess | undefined;
  let baselinePool: pg.Pool | undefined;
  const cleanUp = async () => {
    if (child) await stopChild(child);
    await baselinePool?.end();
    await db?.close();
    rmSync(home, { recursive: true, force: true });
  };
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

  try {
    out(
      `Lineage ingest benchmark: node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(2)} before starting; ` +
        `${connections} connections, ${seconds} s per measurement, ${rounds} rounds`,
    );
    db = await openDatabase(config, createLogger("bench", env.MESH_LOG_LEVEL));
    await migrateLineage(db.url);
    const issuer = await DevTokenIssuer.open(home);
    const token = await issuer.issue({ role: "consumer", expiresInSeconds: 4 * 3600 });
    child = fork(here, ["server"], {
      env: { ...env, DATABASE_URL: db.url },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      execArgv: process.env.MESH_BENCH_CPU_PROF
        ? [
            "--cpu-prof",
            `--cpu-prof-dir=${path.resolve(process.env.MESH_BENCH_CPU_PROF)}`,
            "--cpu-prof-name=lineage-server.cpuprofile",
          ]
        : [],
    });
    const base = await ready(child);
    const url = new URL(LINEAGE_ENDPOINT, base).toString();
    // The server's pool is openDatabase's (10 connections): the baseline gets as many.
    baselinePool = new pg.Pool({ connectionString: db.url, max: 10 });
    baselinePool.on("error", () => undefined);

    const sample = sampleRunEvent();
    const check = validateEvent(sample);
    if (!check.valid) throw new Error(`the benchmark's event does not validate: ${JSON.stringify(check.errors)}`);
    out(
      `  event: ${Buffer.byteLength(JSON.stringify(sample))} bytes of JSON (a run, 1 input, 1 output with schema and column lineage)`,
    );

    const batch = Math.floor(knob("MESH_BENCH_BATCH", 50));
    const results: Array<{ baseline: number; store: number; endpoint: number; batched: number }> = [];
    for (let round = 1; round <= rounds; round++) {
      await truncate(db.pool);
      const baseline = await measureBaseline(baselinePool, seconds, connections);
      await truncate(db.pool);
      const direct = await measureStore(new LineageStore(baselinePool), seconds, connections);
      await truncate(db.pool);
      const endpoint = await measureEndpoint(url, token, seconds, connections, db.pool);
      await truncate(db.pool);
      const batched = await measureEndpoint(url, token, seconds, connections, db.pool, batch);
      results.push({
        baseline: baseline.perSecond,
        store: direct.perSecond,
        endpoint: endpoint.perSecond,
        batched: batched.perSecond,
      });
      out(
        `  round ${round}: baseline ${fmt(baseline.perSecond)} inserts/s; LineageStore.ingest in-process ${fmt(direct.perSecond)} events/s; ` +
          `endpoint, 1 event/request: ${fmt(endpoint.perSecond)} validated events/s (p50 ${endpoint.p50} ms, p99 ${endpoint.p99} ms); ` +
          `${batch} events/request: ${fmt(batched.perSecond)} (p50 ${batched.p50} ms)`,
      );
      for (const [label, m, per] of [
        ["1 event/request", endpoint, 1],
        [`${batch} events/request`, batched, batch],
      ] as const) {
        // Requests still in flight when autocannon stops are stored without their answer being
        // counted: at most one per connection.
        if (m.non2xx > 0 || m.errors > 0 || m.count < m.accepted || m.count > m.accepted + connections * per) {
          out(
            `  FAILED (${label}): ${m.non2xx} non-2xx, ${m.errors} errors, ${m.accepted} events answered 201, ${m.count} stored`,
          );
          return false;
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    const m = (key: keyof (typeof results)[number]) => median(results.map((r) => r[key]));
    const ratio = (key: "endpoint" | "batched") => median(results.map((r) => r[key] / r.baseline));
    out();
    out(`  baseline, plain inserts into lineage.events (median): ${fmt(m("baseline"))}/s`);
    out(`  LineageStore.ingest in-process, no HTTP (median):     ${fmt(m("store"))}/s`);
    for (const [label, key] of [
      ["POST, 1 event/request", "endpoint"],
      [`POST, ${batch} events/request`, "batched"],
    ] as const) {
      out(
        `  ${label.padEnd(26)} validated events/s ${fmt(m(key))} (target ≥ 2,000: ${m(key) >= 2000 ? "met" : "NOT met"}), ` +
          `ratio to baseline ${ratio(key).toFixed(2)} (target ≥ 0.5: ${ratio(key) >= 0.5 ? "met" : "NOT met"})`,
      );
    }
    return true;
  } finally {
    await cleanUp();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function truncate(pool: pg.Pool): Promise<void> {
  await pool.query(
    "truncate lineage.events, lineage.jobs, lineage.datasets, lineage.runs, lineage.run_datasets, lineage.column_lineage",
  );
}

/** The row `ingest` writes into lineage.events for an event, computed before the clock starts. */
function eventRow(event: RunEvent): unknown[] {
  const text = canonicalJson(event);
  return [
    createHash("sha256").update(text).digest("hex"),
    event.eventTime,
    event.eventType ?? null,
    event.run.runId,
    event.job.namespace,
    event.job.name,
    text,
  ];
}

async function measureBaseline(
  pool: pg.Pool,
  seconds: number,
  concurrency: number,
): Promise<{ perSecond: number; count: number }> {
  const rows = Array.from({ length: 4000 }, () => eventRow(sampleRunEvent()));
  let next = 0;
  let count = 0;
  const row = () => {
    if (next >= rows.length) rows.push(...Array.from({ length: 2000 }, () => eventRow(sampleRunEvent())));
    return rows[next++]!;
  };
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await pool.query(
          `insert into lineage.events (hash, event_time, event_type, run_id, job_namespace, job_name, event)
           values (decode($1, 'hex'), $2, $3, $4, $5, $6, $7)`,
          row(),
        );
        count++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: count / elapsed, count };
}

async function measureStore(store: LineageStore, seconds: number, concurrency: number): Promise<{ perSecond: number }> {
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await store.ingest([sampleRunEvent()]);
        count++;
      }
    }),
  );
  return { perSecond: count / ((performance.now() - started) / 1000) };
}

async function measureEndpoint(
  url: string,
  token: string,
  seconds: number,
  connections: number,
  pool: pg.Pool,
  perRequest = 1,
): Promise<{ perSecond: number; count: number; accepted: number; non2xx: number; errors: number; p50: number; p99: number }> {
  const make = () =>
    JSON.stringify(perRequest === 1 ? sampleRunEvent() : Array.from({ length: perRequest }, () => sampleRunEvent()));
  const bodies = Array.from({ length: Math.ceil(4000 / perRequest) }, make);
  let next = 0;
  const body = () => {
    if (next >= bodies.length) bodies.push(...Array.from({ length: Math.ceil(2000 / perRequest) }, make));
    return bodies[next++]!;
  };
  let accepted = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
    setupClient: (client) => {
      client.on("response", (status: number) => {
        if (status === 201) accepted += perRequest;
      });
    },
  });
  const stored = await pool.query<{ n: number }>("select count(*)::int as n from lineage.events");
  const count = stored.rows[0]!.n;
  const elapsed = result.duration;
  return {
    perSecond: count / elapsed,
    count,
    accepted,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** The server process: the gateway as `mesh up` starts it, with the lineage endpoint. */
async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger("bench-lineage", config.logLevel);
  const db = await openDatabase(config, logger);
  const { verifier } = await tokenVerifier(config);
  const { host, corsOrigins, introspection } = config.server;
  const gateway = await startGateway({
    verifier,
    host,
    port: 0,
    corsOrigins,
    introspection,
    logger,
    supergraphSdl: readFileSync(SUPERGRAPH_FILE, "utf8"),
    // No GraphQL is asked: every subgraph points at a closed port, never at a running mesh.
    subgraphUrls: Object.fromEntries(SUBGRAPH_ORDER.map((name) => [name, "http://127.0.0.1:9/graphql"])),
    routes: lineageRoutes(new LineageStore(db.pool), logger),
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await gateway.close();
    await db.close();
    process.exit(0);
  };
  process.on("message", (message) => message === "stop" && void shutdown());
  process.on("disconnect", () => void shutdown());
  process.send!({ url: gateway.url });
}

// Last, so that every constant above is initialised before either side runs.
if (process.argv[2] === "server") await serve();
else {
  const ok = await main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    return false;
  });
  process.exit(ok ? 0 : 1);
}
