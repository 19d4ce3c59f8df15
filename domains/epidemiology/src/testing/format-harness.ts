import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCsv, type SourceFormat } from "@mesh/kit";

/**
 * Test support for the domain's source formats: the real lines of the shipped data files, and a
 * way to run a format's `map` on one of them as the ingest engine would (CSV fields, the
 * trailing empty field dropped where the layout allows it). Not used at run time.
 */

const cache = new Map<string, readonly string[]>();

/** Absolute path of a file in `data/`. */
export function dataFile(name: string): string {
  return fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
}

/** The file's lines, without line endings and without a leading byte-order mark. */
export function dataLines(name: string): readonly string[] {
  let lines = cache.get(name);
  if (!lines) {
    lines = readFileSync(dataFile(name), "utf8")
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/);
    cache.set(name, lines);
  }
  return lines;
}

/** Splits one CSV line with the engine's own reader. */
export function csvFields(line: string): string[] {
  return parseCsv(line)[0]?.fields ?? [];
}

/** Runs `format.map` on one line of a data file and returns every row it emitted. */
export function mapLine(format: SourceFormat, line: string, params: Record<string, string> = {}): Array<Array<string | null>> {
  const fields = csvFields(line);
  const header = format.layout.header;
  if (header !== false && format.layout.allowTrailingEmptyColumn && fields.length === header.length + 1 && fields.at(-1) === "") {
    fields.pop();
  }
  const rows: Array<Array<string | null>> = [];
  format.map(fields, (row) => rows.push(row), { params, row: 1 });
  return rows;
}
