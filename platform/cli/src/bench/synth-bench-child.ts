import "reflect-metadata";
import pg from "pg";
import { trainSynthesizer } from "@mesh/kit";
import { findDataset } from "../mesh.js";

/**
 * The training half of `pnpm bench:synth`, in a process of its own so that its CPU time is its
 * own and a run that cannot finish can be stopped: trains one synthesizer on one dataset (the
 * kit's seeded 80/20 split), stores the model, and prints what happened as one JSON line.
 */
export interface TrainingChildResult {
  modelId?: string;
  /** The synthesizer's own record (backend, epochs, fit seconds, train rows/s…); `{}` for the copula. */
  training?: Record<string, unknown>;
  rows?: { train: number; holdout: number };
  /** Around the whole kit call (reading the rows, fitting, storing the model). */
  wallSeconds: number;
  cpuSeconds: number;
  peakMb: number;
  error?: string;
}

const [url, product, name, synthesizer, settings] = process.argv.slice(2) as [string, string, string, string, string];
const pool = new pg.Pool({ connectionString: url, max: 2 });
const cpu = process.cpuUsage();
const started = performance.now();
const measured = () => {
  const used = process.cpuUsage(cpu);
  return {
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
};
let result: TrainingChildResult;
try {
  const trained = await trainSynthesizer(pool, findDataset(product, name), {
    synthesizer,
    settings: JSON.parse(settings) as unknown,
    seed: 0,
  });
  result = { modelId: trained.modelId, training: trained.training, rows: trained.rows, ...measured() };
} catch (error) {
  result = { ...measured(), error: (error as Error).message.split("\n")[0] ?? String(error) };
}
await pool.end();
process.stdout.write(`${JSON.stringify(result)}\n`);
// tfjs and the pool may keep handles open; the parent reads one line and waits for the exit.
process.exit(0);
