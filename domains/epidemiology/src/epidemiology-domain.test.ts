import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { synthesisColumns, synthesized } from "@mesh/kit";
import { epidemiologyDomain } from "./index.js";

describe("epidemiologyDomain", () => {
  it("declares three products whose contracts and descriptors are valid", () => {
    expect(epidemiologyDomain.name).toBe("epidemiology");
    expect(epidemiologyDomain.schema).toBe("epidemiology");
    expect(epidemiologyDomain.products.map((p) => [p.urn, p.datasets.map((d) => d.urn)])).toEqual([
      ["urn:mesh:epidemiology:locations", ["urn:mesh:epidemiology:locations:locations"]],
      [
        "urn:mesh:epidemiology:respiratory-surveillance",
        [
          "urn:mesh:epidemiology:respiratory-surveillance:ili-weeks",
          "urn:mesh:epidemiology:respiratory-surveillance:state-population",
        ],
      ],
      ["urn:mesh:epidemiology:hiv-burden", ["urn:mesh:epidemiology:hiv-burden:hiv-indicators"]],
    ]);
  });

  it("loads each dataset into its table, with the contract's columns and key", () => {
    const tables = epidemiologyDomain.products.flatMap((p) =>
      p.datasets.map((d) => ({
        table: d.table.physicalName,
        columns: d.table.columns.map((c) => c.name),
        key: d.table.primaryKey,
      })),
    );
    expect(tables).toEqual([
      {
        table: "locations",
        columns: [
          "code",
          "kind",
          "name",
          "short_name",
          "iso",
          "iso_alpha2",
          "iso_alpha3",
          "iso_numeric",
          "parent_code",
          "region",
          "sub_region",
          "intermediate_region",
          "us_fips",
        ],
        key: ["code"],
      },
      {
        table: "ili_weeks",
        columns: [
          "location_code",
          "region",
          "mmwr_year",
          "mmwr_week",
          "week_start",
          "weighted_ili_pct",
          "unweighted_ili_pct",
          "age_0_4",
          "age_5_24",
          "age_25_49",
          "age_25_64",
          "age_50_64",
          "age_65_plus",
          "ili_total",
          "providers",
          "total_patients",
        ],
        key: ["location_code", "mmwr_year", "mmwr_week"],
      },
      {
        table: "state_populations",
        columns: ["location_code", "year", "vintage", "population"],
        key: ["location_code", "year", "vintage"],
      },
      {
        table: "hiv_indicators",
        columns: [
          "country_code",
          "country_name",
          "is_aggregate",
          "location_code",
          "year",
          "indicator",
          "value",
          "unit",
          "release",
        ],
        key: ["country_code", "year", "indicator"],
      },
    ]);
  });

  it("seeds the real files in order, Locations first, each with one of its dataset's formats", () => {
    const seeds = epidemiologyDomain.products.flatMap((p) =>
      p.datasets.flatMap((d) =>
        d.seeds.map((s) => ({ dataset: d.name, file: path.basename(s.file), format: s.format, params: s.params })),
      ),
    );
    expect(seeds).toEqual([
      { dataset: "locations", file: "country-codes.csv", format: "datahub-country-codes", params: undefined },
      { dataset: "locations", file: "us-subdivisions.csv", format: "canonical", params: undefined },
      { dataset: "ili-weeks", file: "ILINet.csv", format: "cdc-ilinet-states", params: undefined },
      { dataset: "state-population", file: "nst-est2019-alldata.csv", format: "census-nst-est2019", params: undefined },
      { dataset: "state-population", file: "NST-EST2023-ALLDATA.csv", format: "census-nst-est2023", params: undefined },
      ...[
        "API_SH.DYN.AIDS.ZS_DS2_EN_csv_v2_150659.csv",
        "API_SH.HIV.ARTC.ZS_DS2_EN_csv_v2_116032.csv",
        "API_SP.POP.TOTL_DS2_EN_csv_v2_116033.csv",
      ].map((file) => ({ dataset: "hiv-indicators", file, format: "world-bank-wide", params: { release: "2019-07-10" } })),
    ]);
    for (const product of epidemiologyDomain.products) {
      for (const dataset of product.datasets) {
        for (const seed of dataset.seeds) {
          expect(existsSync(seed.file)).toBe(true);
          expect([...dataset.formats.map((f) => f.name), "canonical"]).toContain(seed.format);
        }
      }
    }
  });
});

describe("the synthetic ports' column models", () => {
  const dataset = (urn: string) => epidemiologyDomain.products.flatMap((p) => p.datasets).find((d) => d.urn === urn)!;

  it("publish a synthetic port for the ILI weeks, the HIV indicators and the locations, not the populations", () => {
    expect(epidemiologyDomain.products.flatMap((p) => p.datasets).map((d) => [d.urn, synthesized(d), d.port])).toEqual([
      ["urn:mesh:epidemiology:locations:locations", true, "AGGREGATE"],
      ["urn:mesh:epidemiology:respiratory-surveillance:ili-weeks", true, "AGGREGATE"],
      ["urn:mesh:epidemiology:respiratory-surveillance:state-population", false, "AGGREGATE"],
      ["urn:mesh:epidemiology:hiv-burden:hiv-indicators", true, "AGGREGATE"],
    ]);
  });

  it("learn a natural key (jurisdiction, year, week) as facts, generating no identifier", () => {
    const { model, excluded, fresh } = synthesisColumns(dataset("urn:mesh:epidemiology:respiratory-surveillance:ili-weeks"));
    expect(model.map((c) => [c.name, c.kind])).toEqual([
      ["location_code", "categorical"],
      ["region", "categorical"],
      ["mmwr_year", "numerical"],
      ["mmwr_week", "numerical"],
      ["unweighted_ili_pct", "numerical"],
      ["ili_total", "numerical"],
      ["providers", "numerical"],
      ["total_patients", "numerical"],
    ]);
    expect(model.find((c) => c.name === "mmwr_week")).toMatchObject({ integer: true, minimum: 1, maximum: 53 });
    expect(excluded.map((e) => e.column)).toEqual([
      "week_start",
      "weighted_ili_pct",
      "age_0_4",
      "age_5_24",
      "age_25_49",
      "age_25_64",
      "age_50_64",
      "age_65_plus",
    ]);
    expect(fresh).toEqual([]);
  });

  it("number the locations' key afresh and leave their unique ISO codes null, not numbered", () => {
    const { model, excluded, fresh } = synthesisColumns(dataset("urn:mesh:epidemiology:locations:locations"));
    expect(model.map((c) => c.name)).toEqual(["kind", "iso", "parent_code", "region", "sub_region", "intermediate_region"]);
    expect(excluded).toEqual([
      { column: "code", reason: "identifier: generated fresh for each synthetic row, not learned" },
      ...["name", "short_name", "iso_alpha2", "iso_alpha3", "iso_numeric", "us_fips"].map((column) => ({
        column,
        reason: "left out by the contract's meshSynthesizer: null in synthetic rows",
      })),
    ]);
    expect(fresh).toEqual(["code"]);
  });
});
