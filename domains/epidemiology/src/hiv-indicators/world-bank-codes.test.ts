import { describe, expect, it } from "vitest";
import { COUNTRY_CODES_HEADER } from "../locations/country-codes.format.js";
import { csvFields, dataLines } from "../testing/format-harness.js";
import { ISO_ALPHA2_BY_ALPHA3, WORLD_BANK_AGGREGATES, WORLD_BANK_NON_ISO_ECONOMIES } from "./world-bank-codes.js";

const metadata = dataLines("Metadata_Country_API_SH.DYN.AIDS.ZS_DS2_EN_csv_v2_150659.csv")
  .slice(1)
  .filter((l) => l !== "")
  .map(csvFields);
const exportCodes = dataLines("API_SP.POP.TOTL_DS2_EN_csv_v2_116033.csv")
  .slice(5)
  .filter((l) => l !== "")
  .map((l) => csvFields(l)[1] ?? "");

describe("World Bank code tables", () => {
  it("lists as aggregates the codes with an empty Region in Metadata_Country, plus INX", () => {
    const emptyRegion = metadata.filter((f) => f[1] === "").map((f) => f[0]);
    expect(emptyRegion).toHaveLength(46);
    expect(metadata.some((f) => f[0] === "INX")).toBe(false);
    expect(exportCodes).toContain("INX");
    expect([...WORLD_BANK_AGGREGATES].sort()).toEqual([...emptyRegion, "INX"].sort());
  });

  it("maps alpha-3 to alpha-2 exactly as country-codes.csv does, Namibia NAM → NA included", () => {
    const a3 = COUNTRY_CODES_HEADER.indexOf("ISO3166-1-Alpha-3");
    const a2 = COUNTRY_CODES_HEADER.indexOf("ISO3166-1-Alpha-2");
    const pairs = dataLines("country-codes.csv")
      .slice(1)
      .filter((l) => l !== "")
      .map(csvFields)
      .filter((f) => f[a3] !== "")
      .map((f) => [f[a3], f[a2]]);
    expect(pairs).toHaveLength(249);
    expect([...ISO_ALPHA2_BY_ALPHA3].sort()).toEqual(pairs.sort());
    expect(ISO_ALPHA2_BY_ALPHA3.get("NAM")).toBe("NA");
  });

  it("accounts for every code of the exports: 215 ISO economies, XKX and CHI, 47 aggregates", () => {
    expect(exportCodes).toHaveLength(264);
    const iso = exportCodes.filter((c) => !WORLD_BANK_AGGREGATES.has(c) && ISO_ALPHA2_BY_ALPHA3.has(c));
    const nonIso = exportCodes.filter((c) => WORLD_BANK_NON_ISO_ECONOMIES.has(c));
    const aggregates = exportCodes.filter((c) => WORLD_BANK_AGGREGATES.has(c));
    expect([iso.length, nonIso.length, aggregates.length]).toEqual([215, 2, 47]);
    // Every economy the World Bank classifies in a region is one of the first two groups.
    const economies = metadata.filter((f) => f[1] !== "").map((f) => f[0] ?? "");
    expect(economies.filter((c) => !ISO_ALPHA2_BY_ALPHA3.has(c) && !WORLD_BANK_NON_ISO_ECONOMIES.has(c))).toEqual([]);
  });
});
