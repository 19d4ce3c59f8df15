/**
 * GAN throughput with CTGAN's default sizes (2×256 generator and critic, batch 500, pac 10):
 * train rows/s (with the gradient penalty) and generate rows/s, on the backend `auto` picks or the
 * one named in MESH_SYNTH_BACKEND. `node platform/synth/dist/gan/bench.js` after `tsc -b`.
 * MESH_SYNTH_BENCH_ROWS sets the training rows (default 5,000); 2 epochs.
 */
import { type CellValue, type Table } from "@mesh/core";
import { type ColumnSpec } from "../columns.js";
import { Random } from "../random.js";
import { type BackendSetting } from "./backend.js";
import { GanSynthesizer } from "./ctgan.js";

function table(rows: number): { table: Table; model: ColumnSpec[] } {
  const rng = new Random("gan-bench");
  const columns: Table["columns"] = [];
  const model: ColumnSpec[] = [];
  const latent = Array.from({ length: rows }, () => rng.normal());
  const add = (spec: ColumnSpec, f: (i: number) => CellValue) => {
    model.push(spec);
    columns.push({ name: spec.name, kind: spec.kind, values: Array.from({ length: rows }, (_, i) => f(i)) });
  };
  for (let c = 0; c < 10; c++)
    add({ name: `num${c}`, kind: "numerical", nullable: false }, (i) => 10 * c + (latent[i] as number) + rng.normal());
  for (let c = 0; c < 5; c++)
    add({ name: `cat${c}`, kind: "categorical", nullable: false }, (i) =>
      String(Math.min(3, Math.floor(Math.abs((latent[i] as number) + rng.normal()) * 2))),
    );
  for (let c = 0; c < 5; c++)
    add({ name: `flag${c}`, kind: "boolean", nullable: false }, (i) => (latent[i] as number) + rng.normal() > 0);
  return { table: { columns }, model };
}

const rows = Number(process.env.MESH_SYNTH_BENCH_ROWS ?? 5000);
const backend = (process.env.MESH_SYNTH_BACKEND ?? "auto") as BackendSetting;
const { table: t, model } = table(rows);
const gan = new GanSynthesizer({ epochs: 2, earlyStopping: false, backend });
const cpu0 = process.cpuUsage();
const fitted = await gan.fit(t, model, { seed: 1 });
const cpu1 = process.cpuUsage(cpu0);
const tr = fitted.training;
const n = 20_000;
const t0 = performance.now();
const cpu2 = process.cpuUsage();
await fitted.sample(n, { seed: 1 });
const genSeconds = (performance.now() - t0) / 1000;
const genCpu = process.cpuUsage(cpu2);
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
console.log(
  JSON.stringify({
    backend: tr?.backend,
    skipped: tr?.backendTried,
    trainingRows: rows,
    columns: model.length,
    epochs: tr?.epochsRun,
    trainSeconds: tr?.seconds,
    trainRowsPerSecond: Math.round(tr?.trainRowsPerSecond ?? 0),
    fitCpuSeconds: cpuSeconds(cpu1),
    generateRowsPerSecond: Math.round(n / genSeconds),
    generateRowsPerCpuSecond: Math.round(n / cpuSeconds(genCpu)),
  }),
);
