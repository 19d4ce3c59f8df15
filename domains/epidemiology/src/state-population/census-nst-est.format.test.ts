import { describe, expect, it } from "vitest";
import { RowError } from "@mesh/kit";
import { csvFields, dataLines, mapLine } from "../testing/format-harness.js";
import {
  NST_EST2019_HEADER,
  NST_EST2023_HEADER,
  censusNstEst2019Format,
  censusNstEst2023Format,
} from "./census-nst-est.format.js";

const V2019 = "nst-est2019-alldata.csv";
const V2023 = "NST-EST2023-ALLDATA.csv";

/** The line of a Census file whose NAME is `name`. */
function lineNamed(file: string, name: string): string {
  const found = dataLines(file).filter((l) => csvFields(l)[4] === name);
  expect(found).toHaveLength(1);
  return found[0] ?? "";
}

describe("census-nst-est2019 and census-nst-est2023 formats", () => {
  it("expect each file's header exactly (151 and 60 columns)", () => {
    expect(csvFields(dataLines(V2019)[0] ?? "")).toEqual(NST_EST2019_HEADER);
    expect(csvFields(dataLines(V2023)[0] ?? "")).toEqual(NST_EST2023_HEADER);
    expect([NST_EST2019_HEADER.length, NST_EST2023_HEADER.length]).toEqual([151, 60]);
  });

  it("melts the nation's line into one row per year, as location US", () => {
    expect(mapLine(censusNstEst2023Format, lineNamed(V2023, "United States"))).toEqual([
      ["US", "2020", "2023", "331526933"],
      ["US", "2021", "2023", "332048977"],
      ["US", "2022", "2023", "333271411"],
      ["US", "2023", "2023", "334914895"],
    ]);
    const rows = mapLine(censusNstEst2019Format, lineNamed(V2019, "United States"));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual(["US", "2010", "2019", "309321666"]);
    expect(rows[9]).toEqual(["US", "2019", "2019", "328239523"]);
  });

  it("maps a state by name, and Puerto Rico (REGION and DIVISION X) to US-PR", () => {
    expect(mapLine(censusNstEst2019Format, lineNamed(V2019, "Ohio")).map((r) => r.slice(0, 3))).toEqual(
      Array.from({ length: 10 }, (_, i) => ["US-OH", String(2010 + i), "2019"]),
    );
    const pr = lineNamed(V2023, "Puerto Rico");
    expect(pr.startsWith("040,X,X,72,Puerto Rico,")).toBe(true);
    expect(mapLine(censusNstEst2023Format, pr).map((r) => r.slice(0, 3))).toEqual([
      ["US-PR", "2020", "2023"],
      ["US-PR", "2021", "2023"],
      ["US-PR", "2022", "2023"],
      ["US-PR", "2023", "2023"],
    ]);
  });

  it("maps Census New York, which includes New York City, to US-NY", () => {
    expect(mapLine(censusNstEst2023Format, lineNamed(V2023, "New York"))[0]?.[0]).toBe("US-NY");
  });

  it("emits nothing for a Census region or division line", () => {
    expect(mapLine(censusNstEst2019Format, lineNamed(V2019, "Northeast Region"))).toEqual([]);
    expect(mapLine(censusNstEst2023Format, lineNamed(V2023, "South Region"))).toEqual([]);
    expect(mapLine(censusNstEst2023Format, lineNamed(V2023, "New England"))).toEqual([]);
  });

  it("refuses an unknown summary level and an unknown state name", () => {
    const fields = csvFields(lineNamed(V2023, "Ohio"));
    const run = (sumlev: string, name: string) => () =>
      censusNstEst2023Format.map([sumlev, ...fields.slice(1, 4), name, ...fields.slice(5)], () => {}, { params: {}, row: 1 });
    expect(run("050", "Ohio")).toThrow(
      new RowError("SUMLEV", "050", "not a nation (010), region (020), division (030) or state (040) line"),
    );
    expect(run("040", "Ohio State")).toThrow(new RowError("NAME", "Ohio State", "not a US state, DC or Puerto Rico"));
  });

  it("maps both files to (1 + 52) × 10 + (1 + 52) × 4 rows", () => {
    const all = (file: string, format: typeof censusNstEst2019Format) =>
      dataLines(file)
        .slice(1)
        .filter((l) => l !== "")
        .flatMap((l) => mapLine(format, l));
    expect(all(V2019, censusNstEst2019Format)).toHaveLength(530);
    expect(all(V2023, censusNstEst2023Format)).toHaveLength(212);
  });
});
