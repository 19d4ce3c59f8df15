import { RowError, type SourceFormat } from "@mesh/kit";
import { US_LOCATION_CODE_BY_NAME } from "../locations/us-subdivisions.js";

const years = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

const IDENTIFIERS = ["SUMLEV", "REGION", "DIVISION", "STATE", "NAME"];

/** Header of the Census Bureau's `nst-est2019-alldata.csv` (Vintage 2019, 151 columns). */
export const NST_EST2019_HEADER: readonly string[] = [
  ...IDENTIFIERS,
  "CENSUS2010POP",
  "ESTIMATESBASE2010",
  ...years("POPESTIMATE", 2010, 2019),
  ...years("NPOPCHG_", 2010, 2019),
  ...years("BIRTHS", 2010, 2019),
  ...years("DEATHS", 2010, 2019),
  ...years("NATURALINC", 2010, 2019),
  ...years("INTERNATIONALMIG", 2010, 2019),
  ...years("DOMESTICMIG", 2010, 2019),
  ...years("NETMIG", 2010, 2019),
  ...years("RESIDUAL", 2010, 2019),
  ...years("RBIRTH", 2011, 2019),
  ...years("RDEATH", 2011, 2019),
  ...years("RNATURALINC", 2011, 2019),
  ...years("RINTERNATIONALMIG", 2011, 2019),
  ...years("RDOMESTICMIG", 2011, 2019),
  ...years("RNETMIG", 2011, 2019),
];

/** Header of the Census Bureau's `NST-EST2023-ALLDATA.csv` (Vintage 2023, 60 columns). */
export const NST_EST2023_HEADER: readonly string[] = [
  ...IDENTIFIERS,
  "ESTIMATESBASE2020",
  ...years("POPESTIMATE", 2020, 2023),
  ...years("NPOPCHG_", 2020, 2023),
  ...years("BIRTHS", 2020, 2023),
  ...years("DEATHS", 2020, 2023),
  ...years("NATURALCHG", 2020, 2023),
  ...years("INTERNATIONALMIG", 2020, 2023),
  ...years("DOMESTICMIG", 2020, 2023),
  ...years("NETMIG", 2020, 2023),
  ...years("RESIDUAL", 2020, 2023),
  ...years("RBIRTH", 2021, 2023),
  ...years("RDEATH", 2021, 2023),
  ...years("RNATURALCHG", 2021, 2023),
  ...years("RINTERNATIONALMIG", 2021, 2023),
  ...years("RDOMESTICMIG", 2021, 2023),
  ...years("RNETMIG", 2021, 2023),
];

/** Census summary levels: nation, region, division, state (incl. DC and Puerto Rico). */
const NATION = "010";
const CENSUS_REGION = "020";
const CENSUS_DIVISION = "030";
const STATE = "040";

/**
 * A format for one vintage of the NST-EST `alldata` file: each nation or state line becomes one
 * state_populations row per `POPESTIMATEyyyy` column (columns: location_code, year, vintage,
 * population). Census regions and divisions are statistical groupings, not Locations, so their
 * lines emit nothing. The components of change (births, deaths, migration) are not loaded.
 */
function censusNstEstFormat(vintage: number, header: readonly string[], firstYear: number, lastYear: number): SourceFormat {
  const vintageText = String(vintage);
  const columns = years("POPESTIMATE", firstYear, lastYear).map((name) => ({
    index: header.indexOf(name),
    year: name.slice("POPESTIMATE".length),
  }));
  return {
    name: `census-nst-est${vintage}`,
    description: `US Census Bureau NST-EST${vintage}-ALLDATA (Vintage ${vintage}): July 1 resident population of the nation, the states, DC and Puerto Rico, ${firstYear}–${lastYear}.`,
    layout: { header },
    map(record, emit) {
      const level = record[0] ?? "";
      let code: string | undefined;
      if (level === NATION) code = "US";
      else if (level === STATE) code = US_LOCATION_CODE_BY_NAME.get(record[4] ?? "");
      else if (level === CENSUS_REGION || level === CENSUS_DIVISION) return;
      else throw new RowError("SUMLEV", level, "not a nation (010), region (020), division (030) or state (040) line");
      if (code === undefined) throw new RowError("NAME", record[4] ?? "", "not a US state, DC or Puerto Rico");
      for (const { index, year } of columns) {
        emit([code, year, vintageText, record[index] ?? null]);
      }
    },
  };
}

export const censusNstEst2019Format = censusNstEstFormat(2019, NST_EST2019_HEADER, 2010, 2019);
export const censusNstEst2023Format = censusNstEstFormat(2023, NST_EST2023_HEADER, 2020, 2023);
