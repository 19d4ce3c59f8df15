import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkTableConformance, loadSeeds, migrateDomain, type Dataset } from "@mesh/kit";
import { createTestDatabase, type TestDatabase } from "@mesh/kit/testing";
import { epidemiologyDomain } from "./index.js";
import { dataFile } from "./testing/format-harness.js";

// Expected row counts, computed from the files with plain string handling, independently of the
// formats (and of the database).
/** The file's non-empty lines after the first `skip` lines (blank ones included in those). */
const lines = (file: string, skip = 0): string[] =>
  readFileSync(dataFile(file), "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .slice(skip)
    .filter((l) => l !== "");

/** country-codes.csv rows with an ISO alpha-2 code (column 10; Sark has none), plus the US rows. */
function expectedLocations(): number {
  const countries = lines("country-codes.csv")
    .slice(1)
    .filter((l) => !l.startsWith(",,,,,,,,,,")).length;
  const us = lines("us-subdivisions.csv").length - 1;
  return countries + us;
}

/** ILINet.csv has a title line and a header line; every other line is one jurisdiction-week. */
const expectedIliWeeks = (): number => lines("ILINet.csv").length - 2;

/** Nation (010) and state (040) lines × the file's POPESTIMATE columns. */
function expectedPopulations(file: string): number {
  const [header = "", ...rest] = lines(file);
  const years = header.split(",").filter((name) => name.startsWith("POPESTIMATE")).length;
  const places = rest.filter((l) => l.startsWith("010,") || l.startsWith("040,")).length;
  return places * years;
}

/** Non-empty year cells of a World Bank export: every field is quoted, so split on `","`. */
function nonEmptyYearCells(file: string): number {
  // 4 preamble lines (two of them blank) and the header.
  return lines(file, 5).reduce((count, line) => {
    const fields = line.slice(1, -2).split('","'); // drop the first quote and the final `",`
    expect(fields).toHaveLength(22);
    return count + fields.slice(4).filter((cell) => cell !== "").length;
  }, 0);
}

const HIV_FILES = [
  "API_SH.DYN.AIDS.ZS_DS2_EN_csv_v2_150659.csv",
  "API_SH.HIV.ARTC.ZS_DS2_EN_csv_v2_116032.csv",
  "API_SP.POP.TOTL_DS2_EN_csv_v2_116033.csv",
];

const datasets: Dataset[] = epidemiologyDomain.products.flatMap((p) => [...p.datasets]);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, epidemiologyDomain);
});
afterAll(async () => db?.destroy());

/** md5 of every column of every row, as PostgreSQL prints them: the loaded values byte for byte. */
const checksum = async (table: string): Promise<string> =>
  (await db.pool.query<{ md5: string }>(`select md5(string_agg(t::text, '|' order by t::text)) as md5 from ${table} t`)).rows[0]!
    .md5;

async function count(table: string): Promise<number> {
  const result = await db.pool.query<{ n: string }>(`select count(*) as n from epidemiology.${table}`);
  return Number(result.rows[0]?.n);
}

async function counts(): Promise<Record<string, number>> {
  return {
    locations: await count("locations"),
    ili_weeks: await count("ili_weeks"),
    state_populations: await count("state_populations"),
    hiv_indicators: await count("hiv_indicators"),
  };
}

describe("epidemiology seeds", () => {
  it("creates tables that match their contracts", async () => {
    for (const dataset of datasets) {
      expect({ dataset: dataset.name, problems: await checkTableConformance(db.pool, dataset) }).toEqual({
        dataset: dataset.name,
        problems: [],
      });
    }
  });

  it("loads every seed file, Locations first, with the row counts of the files", async () => {
    const results = await loadSeeds(db.pool, epidemiologyDomain);
    expect(results.map((r) => [r.status, r.format, r.rows])).toEqual([
      ["loaded", "datahub-country-codes", 249],
      ["loaded", "canonical", 55],
      ["loaded", "cdc-ilinet-states", 44_148],
      ["loaded", "census-nst-est2019", 530],
      ["loaded", "census-nst-est2023", 212],
      ["loaded", "world-bank-wide", 3_027],
      ["loaded", "world-bank-wide", 3_027],
      ["loaded", "world-bank-wide", 4_728],
    ]);
    const hivCells = HIV_FILES.reduce((n, file) => n + nonEmptyYearCells(file), 0);
    expect(await counts()).toEqual({
      locations: expectedLocations(),
      ili_weeks: expectedIliWeeks(),
      state_populations: expectedPopulations("nst-est2019-alldata.csv") + expectedPopulations("NST-EST2023-ALLDATA.csv"),
      hiv_indicators: hivCells,
    });
    // The same figures, as published in the shared data README and the brief.
    expect(await counts()).toEqual({
      locations: 249 + 55,
      ili_weeks: 44_148,
      state_populations: (1 + 52) * 10 + (1 + 52) * 4,
      hiv_indicators: 10_782,
    });
  });

  it("loads every column byte for byte as the text-COPY pipeline did (checksum of every row)", async () => {
    const sums: Record<string, string> = {};
    for (const dataset of datasets) sums[dataset.name] = await checksum(`${dataset.schema}.${dataset.table.physicalName}`);
    expect(sums).toEqual({
      "hiv-indicators": "f0e8e5704282bfe8addd65c9a204acdb",
      "ili-weeks": "2126db47ade1661aa305d751c6b484d2",
      locations: "376ddffc03a5434c3f49e6e45f1b8a45",
      "state-population": "09da372c99a459b9850b6aaae30236cc",
    });
  });

  it("refers only to Locations that exist (anti-joins return no rows)", async () => {
    const orphans = await db.pool.query(`
      select 'ili_weeks' as dataset, location_code from epidemiology.ili_weeks i
       where not exists (select 1 from epidemiology.locations l where l.code = i.location_code)
      union all
      select 'state_populations', location_code from epidemiology.state_populations s
       where not exists (select 1 from epidemiology.locations l where l.code = s.location_code)
      union all
      select 'hiv_indicators', location_code from epidemiology.hiv_indicators h
       where h.location_code is not null
         and not exists (select 1 from epidemiology.locations l where l.code = h.location_code)
      union all
      select 'locations', parent_code from epidemiology.locations c
       where c.parent_code is not null
         and not exists (select 1 from epidemiology.locations l where l.code = c.parent_code)`);
    expect(orphans.rows).toEqual([]);
  });

  it("holds the Locations other domains refer to, Namibia NA and New York City among them", async () => {
    const result = await db.pool.query(
      `select * from epidemiology.locations where code in ('NA', 'ZA', 'US-OH', 'US-NY-NYC', 'PR', 'US-PR') order by code`,
    );
    expect(result.rows).toEqual([
      {
        code: "NA",
        kind: "country",
        name: "Namibia",
        short_name: "Namibia",
        iso: true,
        iso_alpha2: "NA",
        iso_alpha3: "NAM",
        iso_numeric: "516",
        parent_code: null,
        region: "Africa",
        sub_region: "Sub-Saharan Africa",
        intermediate_region: "Southern Africa",
        us_fips: null,
      },
      {
        code: "PR",
        kind: "country",
        name: "Puerto Rico",
        short_name: "Puerto Rico",
        iso: true,
        iso_alpha2: "PR",
        iso_alpha3: "PRI",
        iso_numeric: "630",
        parent_code: null,
        region: "Americas",
        sub_region: "Latin America and the Caribbean",
        intermediate_region: "Caribbean",
        us_fips: null,
      },
      {
        code: "US-NY-NYC",
        kind: "reporting-area",
        name: "New York City",
        short_name: "New York City",
        iso: false,
        iso_alpha2: null,
        iso_alpha3: null,
        iso_numeric: null,
        parent_code: "US-NY",
        region: null,
        sub_region: null,
        intermediate_region: null,
        us_fips: null,
      },
      {
        code: "US-OH",
        kind: "subdivision",
        name: "Ohio",
        short_name: "Ohio",
        iso: true,
        iso_alpha2: null,
        iso_alpha3: null,
        iso_numeric: null,
        parent_code: "US",
        region: null,
        sub_region: null,
        intermediate_region: null,
        us_fips: "39",
      },
      {
        code: "US-PR",
        kind: "subdivision",
        name: "Puerto Rico",
        short_name: "Puerto Rico",
        iso: true,
        iso_alpha2: null,
        iso_alpha3: null,
        iso_numeric: null,
        parent_code: "US",
        region: null,
        sub_region: null,
        intermediate_region: null,
        us_fips: "72",
      },
      {
        code: "ZA",
        kind: "country",
        name: "South Africa",
        short_name: "South Africa",
        iso: true,
        iso_alpha2: "ZA",
        iso_alpha3: "ZAF",
        iso_numeric: "710",
        parent_code: null,
        region: "Africa",
        sub_region: "Sub-Saharan Africa",
        intermediate_region: "Southern Africa",
        us_fips: null,
      },
    ]);
  });

  it("keeps ILINet's quirk rows: all-X CNMI, a TOTAL PATIENTS = 0 week, week 53", async () => {
    const result = await db.pool.query(
      `select location_code, region, mmwr_year, mmwr_week, week_start::text as week_start, weighted_ili_pct,
              unweighted_ili_pct, age_0_4, age_5_24, age_25_49, age_25_64, age_50_64, age_65_plus, ili_total,
              providers, total_patients
         from epidemiology.ili_weeks
        where (location_code, mmwr_year, mmwr_week) in (('US-MP', 2019, 40), ('US-VI', 2011, 40), ('US-OH', 2025, 53))
        order by location_code`,
    );
    const empty = { age_0_4: null, age_5_24: null, age_25_49: null, age_25_64: null, age_50_64: null, age_65_plus: null };
    expect(result.rows).toEqual([
      {
        location_code: "US-MP",
        region: "Commonwealth of the Northern Mariana Islands",
        mmwr_year: 2019,
        mmwr_week: 40,
        week_start: "2019-09-29",
        weighted_ili_pct: null,
        unweighted_ili_pct: null,
        ...empty,
        ili_total: null,
        providers: null,
        total_patients: null,
      },
      {
        location_code: "US-OH",
        region: "Ohio",
        mmwr_year: 2025,
        mmwr_week: 53,
        week_start: "2025-12-28",
        weighted_ili_pct: null,
        unweighted_ili_pct: 8.45648,
        ...empty,
        ili_total: 3342,
        providers: 88,
        total_patients: 39520,
      },
      {
        location_code: "US-VI",
        region: "Virgin Islands",
        mmwr_year: 2011,
        mmwr_week: 40,
        week_start: "2011-10-02",
        weighted_ili_pct: 0,
        unweighted_ili_pct: 0,
        ...empty,
        ili_total: 0,
        providers: 0,
        total_patients: 0,
      },
    ]);
    const quirks = await db.pool.query(`
      select count(*) filter (where total_patients = 0)::int as zero_patients,
             count(*) filter (where total_patients is null)::int as unreported,
             count(*) filter (where mmwr_week = 53)::int as week_53,
             count(*) filter (where location_code = 'US-NY-NYC')::int as nyc
        from epidemiology.ili_weeks`);
    expect(quirks.rows).toEqual([{ zero_patients: 69, unreported: 610, week_53: 164, nyc: 815 }]);
  });

  it("holds both population vintages, the nation as US", async () => {
    const result = await db.pool.query(
      `select location_code, year, vintage, population from epidemiology.state_populations
        where location_code in ('US', 'US-NY') and year in (2019, 2020) order by location_code, year`,
    );
    expect(result.rows).toEqual([
      { location_code: "US", year: 2019, vintage: 2019, population: 328239523 },
      { location_code: "US", year: 2020, vintage: 2023, population: 331526933 },
      { location_code: "US-NY", year: 2019, vintage: 2019, population: 19453561 },
      { location_code: "US-NY", year: 2020, vintage: 2023, population: 20104710 },
    ]);
  });

  it("holds HIV indicators in long form, aggregates flagged and without a location", async () => {
    const result = await db.pool.query(
      `select country_code, country_name, is_aggregate, location_code, year, indicator, value, unit, release::text as release
         from epidemiology.hiv_indicators
        where (country_code, year) in (('NAM', 2017), ('SSF', 2017), ('XKX', 2017))
        order by country_code, indicator`,
    );
    const row = (code: string, name: string, aggregate: boolean, location: string | null, indicator: string, value: number) => ({
      country_code: code,
      country_name: name,
      is_aggregate: aggregate,
      location_code: location,
      year: 2017,
      indicator,
      value,
      unit: indicator === "SP.POP.TOTL" ? "persons" : "percent",
      release: "2019-07-10",
    });
    expect(result.rows).toEqual([
      row("NAM", "Namibia", false, "NA", "SH.DYN.AIDS.ZS", 12.1),
      row("NAM", "Namibia", false, "NA", "SH.HIV.ARTC.ZS", 84),
      row("NAM", "Namibia", false, "NA", "SP.POP.TOTL", 2402603),
      row("SSF", "Sub-Saharan Africa", true, null, "SH.DYN.AIDS.ZS", 4.0807339409523),
      row("SSF", "Sub-Saharan Africa", true, null, "SH.HIV.ARTC.ZS", 59.5412996496922),
      row("SSF", "Sub-Saharan Africa", true, null, "SP.POP.TOTL", 1050153672),
      row("XKX", "Kosovo", false, null, "SP.POP.TOTL", 1830700),
    ]);
  });

  it("reports every seed unchanged when loaded again, and changes nothing", async () => {
    const before = await counts();
    const results = await loadSeeds(db.pool, epidemiologyDomain);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill("unchanged"));
    expect(await counts()).toEqual(before);
  });
});
