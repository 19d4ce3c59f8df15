import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { ingestFile } from "@mesh/kit";
import { InputError, NotFoundError } from "@mesh/core";
import { findDataset } from "../mesh.js";
import { fileProgress } from "../progress.js";
import { openContext } from "./context.js";

export interface IngestCommandOptions {
  format?: string;
  param?: string[];
}

/** `mesh ingest <product> <dataset> <file>`: loads one more file into a dataset. */
export async function ingestCommand(
  product: string,
  datasetName: string,
  file: string,
  options: IngestCommandOptions,
): Promise<void> {
  const dataset = findDataset(product, datasetName);
  const params = Object.fromEntries(
    (options.param ?? []).map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0) throw new InputError(`--param takes key=value, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  if (!existsSync(file)) throw new NotFoundError(`cannot read ${path.resolve(file)}`);
  const context = await openContext();
  const bar = fileProgress(`${dataset.product}/${dataset.name} ← ${path.basename(file)}`, statSync(file).size);
  try {
    const result = await ingestFile(context.db.pool, dataset, {
      file,
      ...(options.format ? { format: options.format } : {}),
      params,
      onProgress: (p) => bar.update(p.bytes, p.rows),
    });
    bar.stop();
    const count = await context.db.pool.query<{ n: string }>(
      `select count(*) as n from "${dataset.schema}"."${dataset.table.physicalName}"`,
    );
    process.stdout.write(
      result.status === "unchanged"
        ? `${path.basename(file)} was already loaded into ${dataset.urn}; nothing changed (${rows(Number(count.rows[0]?.n))} in ${dataset.schema}.${dataset.table.physicalName}).\n`
        : `Loaded ${rows(result.rows)} from ${path.basename(file)} (format ${result.format}) into ${dataset.schema}.${dataset.table.physicalName}; it now has ${rows(Number(count.rows[0]?.n))}.\n`,
    );
  } finally {
    bar.stop();
    await context.db.close();
  }
}

const rows = (n: number) => `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"}`;
