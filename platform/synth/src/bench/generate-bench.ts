/**
 * Gaussian copula throughput on a 30-column table: fit time, and generate rows/s unconditioned,
 * with a condition, and rebalanced. `pnpm --filter @mesh/synth bench` (after `tsc -b`).
 * MESH_SYNTH_BENCH_ROWS sets the generated rows (default 100,000); medians of 3 runs.
 */
import { type CellValue, type Table } from "@mesh/core";
import { type ColumnSpec } from "../columns.js";
import { GaussianCopulaSynthesizer } from "../copula.js";
import { Random } from "../random.js";

function wideTable(rows: number): { table: Table; model: ColumnSpec[] } {
  const rng = new Random("bench");
  const columns: Table["columns"] = [];
  const model: ColumnSpec[] = [];
  const latent = Array.from({ length: rows }, () => rng.normal());
  const add = (spec: ColumnSpec, f: (i: number) => CellValue) => {
    model.push(spec);
    columns.push({ name: spec.name, kind: spec.kind, values: Array.from({ length: rows }, (_, i) => f(i)) });
  };
  const z = (i: number, w: number) => w * (latent[i] as number) + Math.sqrt(1 - w * w) * rng.normal();
  for (let c = 0; c < 10; c++)
    add({ name: `real${c}`, kind: "numerical", nullable: false, decimals: 3 }, (i) => 100 * c + 10 * z(i, 0.7));
  for (let c = 0; c < 5; c++)
    add({ name: `int${c}`, kind: "numerical", integer: true, nullable: false, minimum: 0 }, (i) =>
      Math.max(0, Math.round(40 + 15 * z(i, 0.5))),
    );
  for (let c = 0; c < 5; c++)
    add({ name: `lab${c}`, kind: "numerical", nullable: true }, (i) => (rng.uniform() < 0.1 ? null : Math.exp(z(i, 0.4))));
  for (let c = 0; c < 6; c++) {
    const k = 3 + c;
    add(
      { name: `cat${c}`, kind: "categorical", nullable: false },
      (i) => `v${Math.min(k - 1, Math.floor(((z(i, 0.6) + 3) / 6) * k))}`,
    );
  }
  for (let c = 0; c < 2; c++) add({ name: `flag${c}`, kind: "boolean", nullable: false }, (i) => z(i, 0.5) > 0.5);
  for (let c = 0; c < 2; c++)
    add({ name: `date${c}`, kind: "datetime", nullable: false }, () => Date.UTC(2020, 0, 1) + Math.floor(rng.uniform() * 3e10));
  return { table: { columns }, model };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const n = Number(process.env.MESH_SYNTH_BENCH_ROWS ?? 100_000);
const { table, model } = wideTable(10_000);
let t = performance.now();
const fitted = new GaussianCopulaSynthesizer().fitSync(table, model, { seed: 1 });
console.log(`fit: ${model.length} columns × 10,000 rows in ${((performance.now() - t) / 1000).toFixed(2)} s`);
for (const [label, options] of [
  ["unconditioned", {}],
  ["condition cat0 = v1, real0 > 5", { conditions: { cat0: "v1", real0: { gt: 5 } } }],
  ["rebalanced on cat2 (5 groups)", { rebalance: "cat2" }],
] as const) {
  const rates: number[] = [];
  for (let run = 0; run < 3; run++) {
    t = performance.now();
    fitted.sampleSync(n, { seed: run, ...options });
    rates.push(n / ((performance.now() - t) / 1000));
  }
  console.log(
    `generate ${label}: ${Math.round(median(rates)).toLocaleString("en-US")} rows/s (median of 3, ${n.toLocaleString("en-US")} rows)`,
  );
}
