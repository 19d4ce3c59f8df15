import { describe, expect, it } from "vitest";
import { RowError } from "@mesh/kit";
import { csvFields, dataLines, mapLine } from "../testing/format-harness.js";
import { COUNTRY_CODES_HEADER, datahubCountryCodesFormat } from "./country-codes.format.js";

const FILE = "country-codes.csv";
const ALPHA3 = COUNTRY_CODES_HEADER.indexOf("ISO3166-1-Alpha-3");
const OFFICIAL_NAME = COUNTRY_CODES_HEADER.indexOf("official_name_en");

/** The line of country-codes.csv whose field `index` is `value`. */
function lineWhere(index: number, value: string): string {
  const found = dataLines(FILE).filter((l) => l !== "" && csvFields(l)[index] === value);
  expect(found).toHaveLength(1);
  return found[0] ?? "";
}

const map = (line: string) => mapLine(datahubCountryCodesFormat, line);

describe("datahub-country-codes format", () => {
  it("expects the file's 56-column header exactly", () => {
    expect(COUNTRY_CODES_HEADER).toHaveLength(56);
    expect(csvFields(dataLines(FILE)[0] ?? "")).toEqual([...COUNTRY_CODES_HEADER]);
  });

  it("maps Namibia with the alpha-2 code NA, which is a code and not a missing value", () => {
    expect(map(lineWhere(ALPHA3, "NAM"))).toEqual([
      [
        "NA",
        "country",
        "Namibia",
        "Namibia",
        "true",
        "NA",
        "NAM",
        "516",
        null,
        "Africa",
        "Sub-Saharan Africa",
        "Southern Africa",
        null,
      ],
    ]);
  });

  it("emits nothing for Sark, which has no ISO codes", () => {
    const sark = lineWhere(OFFICIAL_NAME, "Sark");
    expect(sark.startsWith(",,,,,,,,,,,,,,True,830,Sercq,")).toBe(true);
    expect(map(sark)).toEqual([]);
  });

  it("uses the UN official name as name and the CLDR name as short name (US, UK)", () => {
    expect(map(lineWhere(ALPHA3, "USA"))).toEqual([
      [
        "US",
        "country",
        "United States of America",
        "US",
        "true",
        "US",
        "USA",
        "840",
        null,
        "Americas",
        "Northern America",
        null,
        null,
      ],
    ]);
    expect(map(lineWhere(ALPHA3, "GBR"))).toEqual([
      [
        "GB",
        "country",
        "United Kingdom of Great Britain and Northern Ireland",
        "UK",
        "true",
        "GB",
        "GBR",
        "826",
        null,
        "Europe",
        "Northern Europe",
        null,
        null,
      ],
    ]);
  });

  it("falls back to the CLDR name for Taiwan, which has no UN name and no region", () => {
    expect(map(lineWhere(ALPHA3, "TWN"))).toEqual([
      ["TW", "country", "Taiwan", "Taiwan", "true", "TW", "TWN", "158", null, null, null, null, null],
    ]);
  });

  it("keeps leading zeros of the numeric code and maps Puerto Rico as a country too", () => {
    expect(map(lineWhere(ALPHA3, "AFG"))[0]?.[7]).toBe("004");
    expect(map(lineWhere(ALPHA3, "PRI"))).toEqual([
      [
        "PR",
        "country",
        "Puerto Rico",
        "Puerto Rico",
        "true",
        "PR",
        "PRI",
        "630",
        null,
        "Americas",
        "Latin America and the Caribbean",
        "Caribbean",
        null,
      ],
    ]);
  });

  it("refuses a line with an alpha-2 code but no alpha-3 code", () => {
    const fields = csvFields(lineWhere(ALPHA3, "NAM"));
    fields[ALPHA3] = "";
    expect(() => datahubCountryCodesFormat.map(fields, () => {}, { params: {}, row: 1 })).toThrow(
      new RowError("ISO3166-1-Alpha-3", "", "country NA has an alpha-2 code but no alpha-3 code"),
    );
  });

  it("maps every line of the file to 249 countries with distinct codes", () => {
    const rows = dataLines(FILE)
      .slice(1)
      .filter((l) => l !== "")
      .flatMap(map);
    expect(rows).toHaveLength(249);
    expect(new Set(rows.map((r) => r[0])).size).toBe(249);
    expect(new Set(rows.map((r) => r[6])).size).toBe(249);
  });
});
