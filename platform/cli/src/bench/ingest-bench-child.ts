import "reflect-metadata";
import pg from "pg";
import { ingestFile } from "@mesh/kit";
import { logisticsDomain } from "@mesh/logistics";

/** The measured half of `pnpm bench:ingest`: one ingest of the file, then seconds, rows and peak RSS. */
const [url, file] = process.argv.slice(2) as [string, string];
const pool = new pg.Pool({ connectionString: url, max: 2 });
const started = process.hrtime.bigint();
const result = await ingestFile(pool, logisticsDomain.products[0]!.datasets[0]!, { file });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await pool.end();
process.stdout.write(JSON.stringify({ seconds, rows: result.rows, peakMb: process.resourceUsage().maxRSS / 1024 }));
