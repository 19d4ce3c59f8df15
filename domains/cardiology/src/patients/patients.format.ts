import type { MapContext, SourceFormat } from "@mesh/kit";

/**
 * The UCI Heart Disease "processed" files (`processed.<site>.data`): headerless, comma-separated,
 * the 14 attributes age … num in the codebook's order, `?` for a missing value. Cleveland writes
 * every value as a float (`63.0`), Switzerland writes `.7` and `-.5`: values are normalised to
 * canonical text here, and the contract checks them. See domains/cardiology/data/DATA.md.
 */
export const uciProcessedFormat: SourceFormat = {
  name: "uci-processed",
  description: "UCI Heart Disease processed site file (processed.<site>.data): headerless, 14 columns age … num, '?' for missing",
  layout: { header: false, columnCount: 14 },
  parameters: {
    site: {
      description: "Key of the collecting site in heart-disease-sites (cleveland, hungarian, switzerland, va, …)",
      fromFileName: /^processed\.([a-z-]+)\.data$/,
    },
  },
  map(record, emit, context: MapContext) {
    const diagnosis = integer(record[13]);
    emit([
      context.params.site ?? null,
      String(context.row),
      integer(record[0]),
      integer(record[1]),
      integer(record[2]),
      measured(integer(record[3])),
      measured(integer(record[4])),
      flag(record[5]),
      integer(record[6]),
      integer(record[7]),
      flag(record[8]),
      number(record[9]),
      integer(record[10]),
      integer(record[11]),
      integer(record[12]),
      diagnosis,
      diagnosis === null ? null : diagnosis === "0" ? "false" : "true",
    ]);
  },
};

/** `?` in the processed files; `-9` / `-9.0` per the codebook (§9) for the raw and reprocessed files. */
function isMissing(value: string): boolean {
  return value === "?" || value === "-9" || value === "-9.0";
}

/**
 * A number as JavaScript prints it (`63.0` → `63`, `.7` → `0.7`, `-.5` → `-0.5`). Text that is not
 * a number is passed on unchanged so that the contract check reports it as written.
 */
function number(value: string | undefined): string | null {
  if (value === undefined || isMissing(value)) return null;
  if (value === "") return value;
  const n = Number(value);
  return Number.isNaN(n) ? value : String(n);
}

/** Integers arrive as `63` or `63.0`; a fractional value stays fractional and fails the contract. */
const integer = number;

/** Resting blood pressure and cholesterol of 0 are the sites' way of writing "not measured". */
function measured(value: string | null): string | null {
  return value === "0" ? null : value;
}

/** The 0/1 findings (fbs, exang) as booleans; anything else is passed on for the contract to refuse. */
function flag(value: string | undefined): string | null {
  const n = number(value);
  return n === "1" ? "true" : n === "0" ? "false" : n;
}
