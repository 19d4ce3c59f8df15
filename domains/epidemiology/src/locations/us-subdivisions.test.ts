import { describe, expect, it } from "vitest";
import { csvFields, dataLines } from "../testing/format-harness.js";
import { US_LOCATIONS, US_LOCATION_CODE_BY_NAME } from "./us-subdivisions.js";

describe("US_LOCATIONS", () => {
  it("is exactly what data/us-subdivisions.csv, the locations seed, holds", () => {
    const [header, ...lines] = dataLines("us-subdivisions.csv").filter((l) => l !== "");
    expect(header).toBe(
      "code,kind,name,short_name,iso,iso_alpha2,iso_alpha3,iso_numeric,parent_code,region,sub_region,intermediate_region,us_fips",
    );
    expect(lines.map(csvFields)).toEqual(
      US_LOCATIONS.map((l) => [
        l.code,
        l.kind,
        l.name,
        l.name,
        String(l.iso),
        "",
        "",
        "",
        l.parentCode,
        "",
        "",
        "",
        l.usFips ?? "",
      ]),
    );
  });

  it("has the 50 states, DC, PR, VI and MP as ISO subdivisions of US, and New York City under US-NY", () => {
    expect(US_LOCATIONS).toHaveLength(55);
    expect(US_LOCATIONS.filter((l) => l.kind === "subdivision" && l.iso && l.parentCode === "US")).toHaveLength(54);
    expect(US_LOCATIONS.find((l) => l.code === "US-NY-NYC")).toEqual({
      code: "US-NY-NYC",
      kind: "reporting-area",
      name: "New York City",
      usFips: null,
      parentCode: "US-NY",
      iso: false,
    });
    expect(new Set(US_LOCATIONS.map((l) => l.usFips)).size).toBe(55);
  });

  it("names every ILINet REGION and every Census state NAME", () => {
    const ilinet = new Set(
      dataLines("ILINet.csv")
        .slice(2)
        .filter((l) => l !== "")
        .map((l) => csvFields(l)[1] ?? ""),
    );
    expect([...ilinet].filter((name) => !US_LOCATION_CODE_BY_NAME.has(name))).toEqual([]);
    expect(ilinet.size).toBe(55);
    for (const file of ["nst-est2019-alldata.csv", "NST-EST2023-ALLDATA.csv"]) {
      const states = dataLines(file)
        .map(csvFields)
        .filter((f) => f[0] === "040");
      expect(states).toHaveLength(52);
      // The Census FIPS code agrees with the table's, so the names are the same places.
      expect(states.map((f) => US_LOCATIONS.find((l) => l.name === f[4])?.usFips)).toEqual(states.map((f) => f[3]));
    }
  });
});
