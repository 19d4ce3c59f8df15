import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCsv } from "@mesh/kit";

/** ISO 3166-1 codes of one SCMS destination. */
export interface CountryCodes {
  /** Alpha-2, the key of the cross-domain `Location` entity (`NA` is Namibia, not "missing"). */
  readonly iso2: string;
  readonly iso3: string;
}

/** The mapping table shipped with the domain (see data/DATA.md). */
export const SCMS_COUNTRY_FILE = fileURLToPath(new URL("../../data/scms_country_iso3.csv", import.meta.url));

const EXPECTED_HEADER = "scms_country,iso3,iso2,iso_numeric";

/**
 * SCMS `Country` exactly as written → ISO codes. Read once, at module load, so that the
 * per-row lookup is one Map probe with no allocation.
 */
export const SCMS_COUNTRIES: ReadonlyMap<string, CountryCodes> = readCountryTable(readFileSync(SCMS_COUNTRY_FILE, "utf8"));

/** Parses `scms_country_iso3.csv`; throws on anything malformed, naming the line. */
export function readCountryTable(text: string): ReadonlyMap<string, CountryCodes> {
  const [header, ...records] = parseCsv(text);
  const headerText = header?.fields.join(",") ?? "";
  if (!headerText.startsWith(EXPECTED_HEADER)) {
    throw new Error(`${SCMS_COUNTRY_FILE}: the header must start with "${EXPECTED_HEADER}", found "${headerText}"`);
  }
  const table = new Map<string, CountryCodes>();
  for (const { fields, line } of records) {
    const [name, iso3, iso2] = fields;
    const at = `${SCMS_COUNTRY_FILE}, line ${line}`;
    if (!name || !iso2 || !/^[A-Z]{2}$/.test(iso2) || !iso3 || !/^[A-Z]{3}$/.test(iso3)) {
      throw new Error(`${at}: expected a country name, an alpha-3 and an alpha-2 code, found "${fields.join(",")}"`);
    }
    if (table.has(name)) throw new Error(`${at}: "${name}" appears twice`);
    table.set(name, Object.freeze({ iso2, iso3 }));
  }
  return table;
}
