import { RowError, type SourceFormat } from "@mesh/kit";
import { ISO_ALPHA2_BY_ALPHA3, WORLD_BANK_AGGREGATES, WORLD_BANK_NON_ISO_ECONOMIES } from "./world-bank-codes.js";

const FIRST_YEAR = 2000;
const LAST_YEAR = 2017;
const YEARS = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => String(FIRST_YEAR + i));
/** Index of the first year column. */
const FIRST_YEAR_COLUMN = 4;

/** Header of a World Bank API CSV export requested with `date=2000:2017` (after the 4 preamble lines). */
export const WORLD_BANK_WIDE_HEADER: readonly string[] = [
  "Country Name",
  "Country Code",
  "Indicator Name",
  "Indicator Code",
  ...YEARS,
];

/** The indicators the hiv-indicators dataset carries, with their unit. */
export const HIV_INDICATOR_UNITS: ReadonlyMap<string, string> = new Map([
  ["SH.DYN.AIDS.ZS", "percent"],
  ["SH.HIV.ARTC.ZS", "percent"],
  ["SP.POP.TOTL", "persons"],
]);

/** Canonical number text: the World Bank writes some small values in exponent form (`9.63283121542643E-05`). */
function numberText(cell: string): string {
  const n = Number(cell);
  return Number.isFinite(n) ? String(n) : cell;
}

/**
 * Melts one line of a wide World Bank export (one indicator, one economy or aggregate, a column
 * per year) into one hiv_indicators row per year that has a value. Columns of the contract:
 * country_code, country_name, is_aggregate, location_code, year, indicator, value, unit, release.
 *
 * An empty year cell means "not available" and emits nothing. Aggregates (regions, income groups,
 * the world) are kept with `is_aggregate` true and no location; Kosovo and the Channel Islands
 * are economies without an ISO code, so they have no location either. A code that is none of
 * these is refused, because whether it is an aggregate cannot be told.
 */
export const worldBankWideFormat: SourceFormat = {
  name: "world-bank-wide",
  description:
    "World Bank WDI API CSV export (BOM, 4 preamble lines, one column per year 2000–2017, trailing comma); one row per economy, year and indicator with a value.",
  layout: { skipLines: 4, header: WORLD_BANK_WIDE_HEADER, allowTrailingEmptyColumn: true },
  parameters: {
    release: {
      description: 'WDI release date, the file\'s "Last Updated Date" preamble line (YYYY-MM-DD), e.g. 2019-07-10.',
    },
  },
  map(record, emit, context) {
    const code = record[1] ?? "";
    const indicator = record[3] ?? "";
    const unit = HIV_INDICATOR_UNITS.get(indicator);
    if (unit === undefined)
      throw new RowError("Indicator Code", indicator, "not one of SH.DYN.AIDS.ZS, SH.HIV.ARTC.ZS, SP.POP.TOTL");
    const isAggregate = WORLD_BANK_AGGREGATES.has(code);
    const locationCode = isAggregate ? null : (ISO_ALPHA2_BY_ALPHA3.get(code) ?? null);
    if (!isAggregate && locationCode === null && !WORLD_BANK_NON_ISO_ECONOMIES.has(code)) {
      throw new RowError("Country Code", code, "neither an ISO 3166-1 alpha-3 code nor a known World Bank aggregate or economy");
    }
    const name = record[0] ?? "";
    const aggregate = isAggregate ? "true" : "false";
    const release = context.params.release ?? null;
    for (let i = 0; i < YEARS.length; i++) {
      const cell = record[FIRST_YEAR_COLUMN + i];
      if (cell === undefined || cell === "") continue;
      emit([code, name, aggregate, locationCode, YEARS[i] as string, indicator, numberText(cell), unit, release]);
    }
  },
};
