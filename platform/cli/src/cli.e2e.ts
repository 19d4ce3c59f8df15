import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { DEV_REALM, DevTokenIssuer, KeycloakTokenVerifier } from "@mesh/access";
import { afterAll, describe, expect, it } from "vitest";

// The built CLI, run as a user would run it. `pnpm test` builds before it tests.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const cli = path.join(root, "platform/cli/dist/main.js");
const scms = path.join(root, "domains/logistics/data/SCMS_Delivery_History_Dataset.csv");

interface Run {
  child: ChildProcess;
  output: () => string;
  errors: () => string;
  exited: Promise<number | null>;
}

const running: Run[] = [];

// Each `mesh` process gets GraphQL ports of its own (the gateway's and the four after it), away
// from a mesh the developer may be running on 4000.
let nextGraphQLPort = 4800 + (process.pid % 50) * 10;

function mesh(args: string[], env: Record<string, string>, options: { uid?: number; gid?: number } = {}): Run {
  return spawnMesh(process.execPath, [cli, ...args], env, options);
}

function spawnMesh(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { uid?: number; gid?: number } = {},
): Run {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, MESH_LOG_LEVEL: "warn", MESH_PORT: String((nextGraphQLPort += 5)), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...options,
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const run = { child, output: () => out, errors: () => err, exited };
  running.push(run);
  return run;
}

async function until(run: Run, text: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (run.child.exitCode !== null)
      throw new Error(`mesh exited (${run.child.exitCode}) before "${text}":\n${run.output()}\n${run.errors()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" after ${timeoutMs} ms:\n${run.output()}\n${run.errors()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const postmasterPid = (home: string) =>
  Number(readFileSync(path.join(home, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);

const temporary: string[] = [];

function home(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mesh-e2e-"));
  temporary.push(dir);
  chmodSync(dir, 0o777); // the server may run as another user (postgres, nobody)
  return dir;
}

afterAll(async () => {
  for (const run of running) if (run.child.exitCode === null) run.child.kill("SIGINT");
  await Promise.all(running.map((run) => run.exited));
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe("mesh up", () => {
  it("loads the real data once, serves the mesh with a token per role, survives SIGKILL, and stops cleanly on Ctrl-C", async () => {
    const env = { MESH_HOME: home(), MESH_PG_PORT: String(await freePort()) };
    const first = mesh(["up"], env);
    await until(first, "Mesh is running");
    const out = first.output();
    const gateway = /gateway +(http:\/\/\S+)/.exec(out)![1]!;
    const consumer = /^ +consumer +(\S+)$/m.exec(out)![1]!;
    expect(out).toMatch(/^ +domain-owner \(cardiology\) +\S+$/m);
    expect(out).toMatch(/^ +governance-officer +\S+$/m);
    const answer = await fetch(gateway, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${consumer}` },
      body: JSON.stringify({ query: '{ location(code: "US-OH") { name heartDiseaseSites { city } } }' }),
    });
    expect(await answer.json()).toEqual({ data: { location: { name: "Ohio", heartDiseaseSites: [{ city: "Cleveland" }] } } });
    expect(out).toMatch(/loaded +processed\.cleveland\.data +303 rows → urn:mesh:cardiology:heart-disease:patients/);
    expect(out).toMatch(/patients +cardiology\.heart_disease_patients +920 rows/);
    expect(out).toMatch(/ili-weeks +epidemiology\.ili_weeks +44148 rows/);
    expect(out).toMatch(/shipments +logistics\.shipments +10324 rows/);
    expect(out).not.toMatch(/unchanged/);

    const orphan = postmasterPid(env.MESH_HOME);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(isAlive(orphan)).toBe(true); // PostgreSQL outlives a killed parent…

    const second = mesh(["up"], env);
    await until(second, "Mesh is running");
    expect(isAlive(orphan)).toBe(false); // …and the next start stops it and starts anew
    expect(second.output()).not.toMatch(/^ +loaded /m);
    expect(second.output()).toMatch(/unchanged +processed\.cleveland\.data +303 rows/);
    expect(second.output()).toMatch(/patients +cardiology\.heart_disease_patients +920 rows/);

    const server = postmasterPid(env.MESH_HOME);
    const secondGateway = /gateway +(http:\/\/\S+)/.exec(second.output())![1]!;
    second.child.kill("SIGINT");
    expect(await second.exited, `${second.output().slice(-1500)}\n${second.errors().slice(0, 3000)}`).toBe(0);
    expect(second.output()).toContain("Stopped.");
    expect(isAlive(server)).toBe(false);
    await expect(fetch(secondGateway)).rejects.toThrow(); // the GraphQL servers are gone too
    expect(existsSync(path.join(env.MESH_HOME, "postgres", "postmaster.pid"))).toBe(false);
  });

  it("names the port and the variable to change when the port is taken", async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      const run = mesh(["up"], { MESH_HOME: home(), MESH_PG_PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.errors()).toBe(
        `mesh: port ${port} is already in use by another program; set MESH_PG_PORT to a free port (or DATABASE_URL to use an existing PostgreSQL)\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it("refuses a data directory that holds something else, and leaves it as it was", async () => {
    const dir = home();
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    const run = mesh(["up"], { MESH_HOME: home(), MESH_PG_DATA_DIR: dir, MESH_PG_PORT: String(await freePort()) });
    expect(await run.exited).toBe(1);
    expect(run.errors()).toBe(
      `mesh: ${dir} is neither empty nor a PostgreSQL data directory; set MESH_PG_DATA_DIR to a new or empty directory\n`,
    );
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("mine");
  });

  it.runIf(os.userInfo().uid === 0)("runs as an ordinary user (nobody), the server as that user", async () => {
    const env = { MESH_HOME: home(), MESH_PG_PORT: String(await freePort()) };
    const run = mesh(["up"], env, { uid: 65534, gid: 65534 });
    await until(run, "Mesh is running");
    const owner = readFileSync(`/proc/${postmasterPid(env.MESH_HOME)}/status`, "utf8").match(/^Uid:\s+(\d+)/m)?.[1];
    expect(owner).toBe("65534");
    run.child.kill("SIGINT");
    expect(await run.exited, `${run.output().slice(-2000)}\n${run.errors().slice(-2000)}`).toBe(0);
  });
});

describe("mesh up with DATABASE_URL", () => {
  it("uses that PostgreSQL as it is: starts no server of its own, and loads the same data", async () => {
    // Any PostgreSQL will do; here, the embedded server of another running mesh.
    const host = { MESH_HOME: home(), MESH_PG_PORT: String(await freePort()) };
    const server = mesh(["up"], host);
    await until(server, "Mesh is running");
    const admin = new pg.Client({
      connectionString: `postgres://postgres:mesh-embedded@127.0.0.1:${host.MESH_PG_PORT}/postgres`,
    });
    await admin.connect();
    await admin.query("create database external_mesh");
    await admin.end();

    const own = home();
    const url = `postgres://postgres:mesh-embedded@127.0.0.1:${host.MESH_PG_PORT}/external_mesh`;
    const run = mesh(["up"], { MESH_HOME: own, DATABASE_URL: url });
    await until(run, "Mesh is running");
    expect(run.output()).toContain("Database: postgres://postgres:***@127.0.0.1:");
    expect(run.output()).toMatch(/patients +cardiology\.heart_disease_patients +920 rows/);
    expect(existsSync(path.join(own, "postgres"))).toBe(false);
    run.child.kill("SIGINT");
    expect(await run.exited, `${run.output().slice(-2000)}\n${run.errors().slice(-2000)}`).toBe(0);
    // The external server is still there, with the data.
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const shipments = await check.query("select count(*)::int as n from logistics.shipments");
    await check.end();
    expect(shipments.rows).toEqual([{ n: 10324 }]);
    server.child.kill("SIGINT");
    expect(await server.exited, `${server.output().slice(-2000)}\n${server.errors().slice(-2000)}`).toBe(0);
  });
});

describe("mesh up on a machine without a postgres user", () => {
  // A private mount namespace whose /etc is a copy without the `postgres` user and group, so the
  // machine's own accounts are never touched.
  const canUnshare = os.userInfo().uid === 0 && spawnSync("unshare", ["--mount", "true"]).status === 0;

  it.runIf(canUnshare)("creates the postgres user and group, then runs the server as that user", async () => {
    const etc = mkdtempSync(path.join(os.tmpdir(), "mesh-etc-"));
    temporary.push(etc);
    expect(spawnSync("cp", ["-a", "/etc/.", etc]).status).toBe(0);
    for (const file of ["passwd", "group", "shadow", "gshadow"]) {
      const at = path.join(etc, file);
      if (!existsSync(at)) continue;
      const kept = readFileSync(at, "utf8")
        .split("\n")
        .filter((line) => !line.startsWith("postgres:"))
        .map((line) => line.replace(/([:,])postgres(?=,|$)/, "$1").replace(/:,/, ":"));
      writeFileSync(at, kept.join("\n"));
    }
    expect(readFileSync(path.join(etc, "passwd"), "utf8")).not.toMatch(/^postgres:/m);

    const env = { MESH_HOME: home(), MESH_PG_PORT: String(await freePort()) };
    const run = spawnMesh(
      "unshare",
      ["--mount", "--propagation", "private", "sh", "-c", `mount --bind "${etc}" /etc && exec "${process.execPath}" "${cli}" up`],
      env,
    );
    await until(run, "Mesh is running");
    const created = readFileSync(path.join(etc, "passwd"), "utf8").match(/^postgres:x:(\d+):(\d+):/m);
    expect(created).not.toBeNull();
    const serverUid = readFileSync(`/proc/${postmasterPid(env.MESH_HOME)}/status`, "utf8").match(/^Uid:\s+(\d+)/m)?.[1];
    expect(serverUid).toBe(created![1]);
    run.child.kill("SIGINT");
    expect(await run.exited, `${run.output().slice(-2000)}\n${run.errors().slice(-2000)}`).toBe(0);
  });
});

describe("mesh ingest", () => {
  it("loads a new file into a running mesh, refuses a bad row 5,001 naming it, and loads a file once", async () => {
    const env = { MESH_HOME: home(), MESH_PG_PORT: String(await freePort()) };
    const up = mesh(["up"], env);
    await until(up, "Mesh is running");
    const pool = new pg.Pool({
      connectionString: `postgres://postgres:mesh-embedded@127.0.0.1:${env.MESH_PG_PORT}/mesh`,
      max: 1,
    });
    // pool.end() resolves before its clients' sockets close: the server, stopped right after,
    // may cut one, and an idle client's error with no listener would be an uncaught exception.
    pool.on("error", () => undefined);
    const count = async () => Number((await pool.query("select count(*) from logistics.shipments")).rows[0].count);
    try {
      // 6,000 new shipments: the real rows with IDs moved past the real ones.
      const [header, ...rows] = readFileSync(scms, "utf8")
        .split("\n")
        .filter((l) => l.length > 0);
      const shifted = rows
        .slice(0, 6000)
        .map((line) => `${Number(line.slice(0, line.indexOf(","))) + 100_000}${line.slice(line.indexOf(","))}`);
      const dir = env.MESH_HOME;
      const bad = [...shifted];
      const original = bad[5000]!;
      // Row 5,001's "Delivered to Client Date" (the second of the three d-Mon-yy dates) becomes impossible.
      bad[5000] = original.replace(/,(\d{1,2}-[A-Z][a-z]{2}-\d{2}),(\d{1,2}-[A-Z][a-z]{2}-\d{2}),/, ",$1,31-Feb-09,");
      expect(bad[5000]).not.toBe(original);
      writeFileSync(path.join(dir, "bad.csv"), [header, ...bad].join("\n") + "\n");
      writeFileSync(path.join(dir, "good.csv"), [header, ...shifted.slice(0, 50)].join("\n") + "\n");

      const refused = mesh(["ingest", "commodity-shipments", "shipments", path.join(dir, "bad.csv")], env);
      expect(await refused.exited).toBe(1);
      expect(refused.errors()).toBe(
        'mesh: bad.csv: row 5001 (line 5002), column Delivered to Client Date: value "31-Feb-09" day 31 does not exist in Feb 2009\n',
      );
      expect(await count()).toBe(10324);

      const loaded = mesh(["ingest", "commodity-shipments", "shipments", path.join(dir, "good.csv")], env);
      expect(await loaded.exited, `${loaded.output().slice(-2000)}\n${loaded.errors().slice(-2000)}`).toBe(0);
      expect(loaded.output()).toBe(
        "Loaded 50 rows from good.csv (format usaid-scms-delivery-history) into logistics.shipments; it now has 10,374 rows.\n",
      );
      const again = mesh(["ingest", "commodity-shipments", "shipments", path.join(dir, "good.csv")], env);
      expect(await again.exited, `${again.output().slice(-2000)}\n${again.errors().slice(-2000)}`).toBe(0);
      expect(again.output()).toBe(
        "good.csv was already loaded into urn:mesh:logistics:commodity-shipments:shipments; nothing changed (10,374 rows in logistics.shipments).\n",
      );
      expect(await count()).toBe(10374);

      // Another hospital: its site row first (the contract's own columns), then its patients in
      // the UCI file shape, the site taken from the file name.
      writeFileSync(
        path.join(dir, "long-beach-site.csv"),
        "site,institution,city,country,country_code,location_code,principal_investigator,source_file,diagnosis_binary_only\n" +
          "long-beach,Long Beach Memorial,Long Beach,United States,US,US-CA,A. Example,processed.long-beach.data,false\n",
      );
      const cleveland = readFileSync(path.join(root, "domains/cardiology/data/processed.cleveland.data"), "utf8");
      writeFileSync(path.join(dir, "processed.long-beach.data"), cleveland.split("\n").slice(0, 25).join("\n") + "\n");
      const patientsFirst = mesh(["ingest", "heart-disease", "patients", path.join(dir, "processed.long-beach.data")], env);
      expect(await patientsFirst.exited).toBe(1);
      expect(patientsFirst.errors()).toBe(
        'mesh: processed.long-beach.data: Key (site)=(long-beach) is not present in table "heart_disease_sites".\n',
      );
      const site = mesh(["ingest", "heart-disease", "sites", path.join(dir, "long-beach-site.csv")], env);
      expect(await site.exited, `${site.output().slice(-2000)}\n${site.errors().slice(-2000)}`).toBe(0);
      expect(site.output()).toBe(
        "Loaded 1 row from long-beach-site.csv (format canonical) into cardiology.heart_disease_sites; it now has 5 rows.\n",
      );
      const patients = mesh(["ingest", "heart-disease", "patients", path.join(dir, "processed.long-beach.data")], env);
      expect(await patients.exited, `${patients.output().slice(-2000)}\n${patients.errors().slice(-2000)}`).toBe(0);
      expect(patients.output()).toBe(
        "Loaded 25 rows from processed.long-beach.data (format uci-processed) into cardiology.heart_disease_patients; it now has 945 rows.\n",
      );
    } finally {
      await pool.end();
      up.child.kill("SIGINT");
      await up.exited;
    }
  });
});

describe("mesh token", () => {
  it("prints a token of the development realm that the Keycloak verifier accepts", async () => {
    const dir = home();
    const run = mesh(["token", "--role", "domain-owner", "--domain", "logistics"], { MESH_HOME: dir });
    expect(await run.exited, `${run.output().slice(-2000)}\n${run.errors().slice(-2000)}`).toBe(0);
    const issuer = await DevTokenIssuer.open(dir);
    const verifier = new KeycloakTokenVerifier({ ...DEV_REALM, realmPublicKey: issuer.realmPublicKey });
    expect(await verifier.verify(`Bearer ${run.output().trim()}`)).toEqual({
      subject: "dev-domain-owner-logistics",
      username: "dev-domain-owner-logistics",
      clientId: "mesh-api",
      roles: ["domain-owner"],
      ownedDomains: ["logistics"],
    });
  });
});

describe("mesh contract", () => {
  const contract = path.join(root, "contracts/cardiology/heart-disease-patients.odcs.yaml");

  it("validates every contract and descriptor of the mesh", async () => {
    const run = mesh(["contract", "validate"], {});
    expect(await run.exited, `${run.output().slice(-2000)}\n${run.errors().slice(-2000)}`).toBe(0);
    expect(run.output()).toBe("12 document(s) valid.\n");
  });

  it("refuses a removed column without a new major version, and accepts it with one", async () => {
    const dir = home();
    const original = readFileSync(contract, "utf8");
    // Drop the `thallium_result` column: everything from its `- name:` line to the next column.
    const start = original.indexOf("      - name: thallium_result");
    expect(start).toBeGreaterThan(0);
    const next = original.indexOf("\n      - name: ", start + 1);
    const removed = next === -1 ? original.slice(0, start) : original.slice(0, start) + original.slice(next + 1);
    // Versions from the published contract's own: the next minor and the next major.
    const [major, minor] = /^version: (\d+)\.(\d+)\.\d+$/m.exec(original)!.slice(1).map(Number) as [number, number];
    const current = /^version: (\S+)$/m.exec(original)![1]!;
    const nextMinor = `${major}.${minor + 1}.0`;
    const nextMajor = `${major + 1}.0.0`;
    writeFileSync(path.join(dir, "minor.odcs.yaml"), removed.replace(/^version: .*$/m, `version: ${nextMinor}`));
    writeFileSync(path.join(dir, "major.odcs.yaml"), removed.replace(/^version: .*$/m, `version: ${nextMajor}`));

    const refused = mesh(["contract", "diff", contract, path.join(dir, "minor.odcs.yaml")], {});
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain(
      `urn:mesh:cardiology:heart-disease:patients ${current} → ${nextMinor}: 1 change(s)\n  BREAKING`,
    );
    expect(refused.errors()).toContain(
      `cannot be published as ${nextMinor}\n  - version: ${current} → ${nextMinor} makes 1 breaking change and needs a new major version (${nextMajor})`,
    );

    const accepted = mesh(["contract", "diff", contract, path.join(dir, "major.odcs.yaml")], {});
    expect(await accepted.exited, `${accepted.output().slice(-2000)}\n${accepted.errors().slice(-2000)}`).toBe(0);
    expect(accepted.output()).toMatch(
      new RegExp(
        `${current.replace(/\./g, "\\.")} → ${nextMajor.replace(/\./g, "\\.")}: 1 change\\(s\\)\\n {2}BREAKING {5}schema\\[patients\\]\\.properties\\[thallium_result\\]: .*\\n${nextMajor.replace(/\./g, "\\.")} may be published\\.\\n$`,
      ),
    );
  });
});
