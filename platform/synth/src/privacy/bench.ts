/**
 * Privacy figures: the post-generation filters on 10,000 synthetic × 10,000 real rows (a
 * 20-column table: 10 numbers, 5 categoricals, 5 booleans tied by a latent variable, and the
 * 7-column patient-like fixture shape), and DP versus plain GAN training throughput on a small
 * critic. `node platform/synth/dist/privacy/bench.js` after `tsc -b`; MESH_SYNTH_BENCH_ROWS sets
 * the filter's table sizes (default 10,000).
 */
import { type CellValue, type Table } from "@mesh/core";
import { type ColumnSpec } from "../columns.js";
import { GanSynthesizer } from "../gan/ctgan.js";
import { Random } from "../random.js";
import { filterSynthetic } from "./filters.js";

function wide(rows: number, seed: string): { table: Table; model: ColumnSpec[] } {
  const rng = new Random(seed);
  const columns: Table["columns"] = [];
  const model: ColumnSpec[] = [];
  const latent = Array.from({ length: rows }, () => rng.normal());
  const add = (spec: ColumnSpec, f: (i: number) => CellValue) => {
    model.push(spec);
    columns.push({ name: spec.name, kind: spec.kind, values: Array.from({ length: rows }, (_, i) => f(i)) });
  };
  for (let c = 0; c < 10; c++)
    add({ name: `num${c}`, kind: "numerical", nullable: c >= 8 }, (i) =>
      c >= 8 && rng.uniform() < 0.1 ? null : Math.round((10 * c + (latent[i] as number) + rng.normal()) * 100) / 100,
    );
  for (let c = 0; c < 5; c++)
    add({ name: `cat${c}`, kind: "categorical", nullable: false }, (i) =>
      String(Math.min(3 + c, Math.floor(Math.abs((latent[i] as number) + rng.normal()) * 2))),
    );
  for (let c = 0; c < 5; c++)
    add({ name: `flag${c}`, kind: "boolean", nullable: false }, (i) => (latent[i] as number) + rng.normal() > 0);
  return { table: { columns }, model };
}

function patients(rows: number, seed: string): { table: Table; model: ColumnSpec[] } {
  const rng = new Random(seed);
  const t0 = Date.UTC(2020, 0, 1);
  const cells = (f: () => CellValue) => Array.from({ length: rows }, f);
  const model: ColumnSpec[] = [
    { name: "age", kind: "numerical", integer: true, nullable: false },
    { name: "sex", kind: "categorical", nullable: false },
    { name: "smoker", kind: "boolean", nullable: false },
    { name: "chol", kind: "numerical", nullable: true },
    { name: "bp", kind: "numerical", nullable: false },
    { name: "site", kind: "categorical", nullable: false },
    { name: "admitted", kind: "datetime", nullable: false },
  ];
  const columns: Table["columns"] = [
    { name: "age", kind: "numerical", values: cells(() => Math.round(55 + 12 * rng.normal())) },
    { name: "sex", kind: "categorical", values: cells(() => (rng.uniform() < 0.5 ? "F" : "M")) },
    { name: "smoker", kind: "boolean", values: cells(() => rng.uniform() < 0.3) },
    { name: "chol", kind: "numerical", values: cells(() => (rng.uniform() < 0.2 ? null : Math.round(200 + 40 * rng.normal()))) },
    { name: "bp", kind: "numerical", values: cells(() => Math.round(130 + 15 * rng.normal())) },
    { name: "site", kind: "categorical", values: cells(() => ["a", "b", "c", "d"][rng.int(4)] as string) },
    { name: "admitted", kind: "datetime", values: cells(() => t0 + rng.int(365) * 86_400_000) },
  ];
  return { table: { columns }, model };
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const rows = Number(process.env.MESH_SYNTH_BENCH_ROWS ?? 10_000);
for (const [name, make] of [
  ["20 columns", wide],
  ["7 columns", patients],
] as const) {
  const real = make(rows, "real");
  const synthetic = make(rows, "synthetic");
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const r = filterSynthetic(synthetic.table, real.table, real.model);
  console.log(
    JSON.stringify({
      filter: name,
      synthetic: rows,
      real: rows,
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: cpuSeconds(process.cpuUsage(cpu)),
      dropped: r.dropped,
      thresholds: r.thresholds,
    }),
  );
}

const train = wide(2000, "train");
const small = { epochs: 1, batchSize: 200, generatorDim: [64, 64], criticDim: [64, 64], embeddingDim: 32, earlyStopping: false };
for (const dp of [false, { noiseMultiplier: 1, maxGradNorm: 1, delta: 1e-5 }] as const) {
  const cpu = process.cpuUsage();
  const fitted = await new GanSynthesizer({ ...small, pac: dp ? 1 : 10, differentialPrivacy: dp }).fit(train.table, train.model, {
    seed: 1,
  });
  console.log(
    JSON.stringify({
      training: dp ? "dp-sgd" : "plain",
      rows: 2000,
      critic: small.criticDim,
      trainRowsPerSecond: Math.round(fitted.training?.trainRowsPerSecond ?? 0),
      fitCpuSeconds: cpuSeconds(process.cpuUsage(cpu)),
      privacy: fitted.training?.privacy ?? null,
    }),
  );
  fitted.dispose();
}
