import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCountryTable, SCMS_COUNTRIES, SCMS_COUNTRY_FILE } from "./scms-countries.js";

describe("SCMS_COUNTRIES", () => {
  it("maps all 43 SCMS destinations, Namibia to the string NA", () => {
    expect(SCMS_COUNTRIES.size).toBe(43);
    expect(
      ["Namibia", "Côte d'Ivoire", "Congo, DRC", "South Africa", "Swaziland", "Vietnam", "Kyrgyzstan"].map((name) =>
        SCMS_COUNTRIES.get(name),
      ),
    ).toEqual([
      { iso2: "NA", iso3: "NAM" },
      { iso2: "CI", iso3: "CIV" },
      { iso2: "CD", iso3: "COD" },
      { iso2: "ZA", iso3: "ZAF" },
      { iso2: "SZ", iso3: "SWZ" },
      { iso2: "VN", iso3: "VNM" },
      { iso2: "KG", iso3: "KGZ" },
    ]);
  });

  it("has one distinct alpha-2 and alpha-3 code per destination", () => {
    const codes = [...SCMS_COUNTRIES.values()];
    expect([new Set(codes.map((c) => c.iso2)).size, new Set(codes.map((c) => c.iso3)).size]).toEqual([43, 43]);
  });
});

describe("readCountryTable", () => {
  const header = readFileSync(SCMS_COUNTRY_FILE, "utf8").split("\n")[0];

  it("reads quoted names", () => {
    expect([...readCountryTable(`${header}\n"Congo, DRC",COD,CD,180\n`)]).toEqual([["Congo, DRC", { iso2: "CD", iso3: "COD" }]]);
  });

  it("refuses a malformed code or a repeated name", () => {
    expect(() => readCountryTable(`${header}\nNamibia,NAM,,516\n`)).toThrow(/line 2: expected a country name/);
    expect(() => readCountryTable(`${header}\nNamibia,NAM,NA,516\nNamibia,NAM,NA,516\n`)).toThrow(
      /line 3: "Namibia" appears twice/,
    );
    expect(() => readCountryTable(`country,iso\n`)).toThrow(/the header must start with/);
  });
});
