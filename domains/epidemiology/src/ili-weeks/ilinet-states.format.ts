import { RowError, type SourceFormat } from "@mesh/kit";
import { US_LOCATION_CODE_BY_NAME } from "../locations/us-subdivisions.js";
import { mmwrWeekStart } from "../mmwr/mmwr-week.js";

/** The header of a FluView Interactive ILINet download (line 2; line 1 is a title). */
export const ILINET_HEADER = [
  "REGION TYPE",
  "REGION",
  "YEAR",
  "WEEK",
  "% WEIGHTED ILI",
  "%UNWEIGHTED ILI",
  "AGE 0-4",
  "AGE 25-49",
  "AGE 25-64",
  "AGE 5-24",
  "AGE 50-64",
  "AGE 65",
  "ILITOTAL",
  "NUM. OF PROVIDERS",
  "TOTAL PATIENTS",
] as const;

/** ILINet's missing-value marker. */
const MISSING = "X";
const value = (field: string | undefined): string | null => (field === undefined || field === MISSING ? null : field);

/**
 * One ili_weeks row per line of a FluView ILINet download with the "States" geography. Columns
 * of the contract: location_code, region, mmwr_year, mmwr_week, week_start, weighted_ili_pct,
 * unweighted_ili_pct, age_0_4, age_5_24, age_25_49, age_25_64, age_50_64, age_65_plus,
 * ili_total, providers, total_patients.
 *
 * `X` becomes null; rows that are all `X` (CNMI throughout, some jurisdictions for whole seasons)
 * are kept, so the weekly grid stays complete. `REGION` is mapped to a Location code through the
 * same table as the locations seed; New York City gets `US-NY-NYC` and `New York` (the state
 * without NYC) `US-NY`.
 */
export const cdcIlinetStatesFormat: SourceFormat = {
  name: "cdc-ilinet-states",
  description:
    'CDC FluView Interactive ILINet download, geography "States" (title line, 15 columns, X = missing); one row per jurisdiction and MMWR week.',
  layout: { skipLines: 1, header: ILINET_HEADER },
  map(record, emit) {
    const regionType = record[0] ?? "";
    if (regionType !== "States") {
      throw new RowError("REGION TYPE", regionType, 'only the "States" geography is supported');
    }
    const region = record[1] ?? "";
    const locationCode = US_LOCATION_CODE_BY_NAME.get(region);
    if (locationCode === undefined) throw new RowError("REGION", region, "not a US state or ILINet reporting jurisdiction");
    const year = record[2] ?? "";
    const week = record[3] ?? "";
    const weekStart = mmwrWeekStart(Number(year), Number(week));
    if (weekStart === undefined) throw new RowError("WEEK", week, `not a week of MMWR year ${year}`);
    emit([
      locationCode,
      region,
      year,
      week,
      weekStart,
      value(record[4]),
      value(record[5]),
      value(record[6]), // AGE 0-4
      value(record[9]), // AGE 5-24
      value(record[7]), // AGE 25-49
      value(record[8]), // AGE 25-64
      value(record[10]), // AGE 50-64
      value(record[11]), // AGE 65
      value(record[12]),
      value(record[13]),
      value(record[14]),
    ]);
  },
};
