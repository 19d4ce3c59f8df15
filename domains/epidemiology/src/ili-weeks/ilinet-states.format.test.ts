import { describe, expect, it } from "vitest";
import { RowError } from "@mesh/kit";
import { csvFields, dataLines, mapLine } from "../testing/format-harness.js";
import { ILINET_HEADER, cdcIlinetStatesFormat } from "./ilinet-states.format.js";

const FILE = "ILINet.csv";

/** A line of ILINet.csv, checked to be in the file as it is. */
function line(text: string): string {
  expect(dataLines(FILE)).toContain(text);
  return text;
}

describe("cdc-ilinet-states format", () => {
  it("matches the file's layout: a title line, then the 15-column header", () => {
    const [title, header] = dataLines(FILE);
    expect(title).toBe("PERCENTAGE OF VISITS FOR INFLUENZA-LIKE-ILLNESS REPORTED BY SENTINEL PROVIDERS");
    expect(cdcIlinetStatesFormat.layout.skipLines).toBe(1);
    expect(csvFields(header ?? "")).toEqual([...ILINET_HEADER]);
  });

  it("maps an ordinary week, computing the Sunday that starts it", () => {
    expect(mapLine(cdcIlinetStatesFormat, line("States,Alabama,2026,19,X,1.57529,X,X,X,X,X,X,637,94,40437"))).toEqual([
      ["US-AL", "Alabama", "2026", "19", "2026-05-10", null, "1.57529", null, null, null, null, null, null, "637", "94", "40437"],
    ]);
  });

  it("keeps an all-X Northern Mariana Islands week as a row of nulls", () => {
    expect(
      mapLine(cdcIlinetStatesFormat, line("States,Commonwealth of the Northern Mariana Islands,2019,40,X,X,X,X,X,X,X,X,X,X,X")),
    ).toEqual([
      [
        "US-MP",
        "Commonwealth of the Northern Mariana Islands",
        "2019",
        "40",
        "2019-09-29",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
    ]);
  });

  it("keeps a whole unreported season (Alaska 2025-40) as nulls", () => {
    expect(mapLine(cdcIlinetStatesFormat, line("States,Alaska,2025,40,X,X,X,X,X,X,X,X,X,X,X"))).toEqual([
      ["US-AK", "Alaska", "2025", "40", "2025-09-28", null, null, null, null, null, null, null, null, null, null, null],
    ]);
  });

  it("maps week 53 of 2014 and of 2025", () => {
    expect(mapLine(cdcIlinetStatesFormat, line("States,Alabama,2014,53,X,11.2212,X,X,X,X,X,X,1008,24,8983"))).toEqual([
      ["US-AL", "Alabama", "2014", "53", "2014-12-28", null, "11.2212", null, null, null, null, null, null, "1008", "24", "8983"],
    ]);
    expect(mapLine(cdcIlinetStatesFormat, line("States,Ohio,2025,53,X,8.45648,X,X,X,X,X,X,3342,88,39520"))).toEqual([
      ["US-OH", "Ohio", "2025", "53", "2025-12-28", null, "8.45648", null, null, null, null, null, null, "3342", "88", "39520"],
    ]);
  });

  it("keeps the zeros CDC publishes for a week with TOTAL PATIENTS = 0 (weighted ILI reads 0 only there)", () => {
    expect(mapLine(cdcIlinetStatesFormat, line("States,Virgin Islands,2011,40,0,0,X,X,X,X,X,X,0,0,0"))).toEqual([
      ["US-VI", "Virgin Islands", "2011", "40", "2011-10-02", "0", "0", null, null, null, null, null, null, "0", "0", "0"],
    ]);
    expect(mapLine(cdcIlinetStatesFormat, line("States,Delaware,2011,23,0,0,X,X,X,X,X,X,0,0,0"))).toEqual([
      ["US-DE", "Delaware", "2011", "23", "2011-06-05", "0", "0", null, null, null, null, null, null, "0", "0", "0"],
    ]);
  });

  it("maps New York City to US-NY-NYC and ILINet's New York (the state without NYC) to US-NY", () => {
    expect(mapLine(cdcIlinetStatesFormat, line("States,New York City,2020,10,X,4.88147,X,X,X,X,X,X,4623,66,94705"))).toEqual([
      [
        "US-NY-NYC",
        "New York City",
        "2020",
        "10",
        "2020-03-01",
        null,
        "4.88147",
        null,
        null,
        null,
        null,
        null,
        null,
        "4623",
        "66",
        "94705",
      ],
    ]);
    expect(mapLine(cdcIlinetStatesFormat, line("States,New York,2020,10,X,3.69374,X,X,X,X,X,X,1813,133,49083"))).toEqual([
      [
        "US-NY",
        "New York",
        "2020",
        "10",
        "2020-03-01",
        null,
        "3.69374",
        null,
        null,
        null,
        null,
        null,
        null,
        "1813",
        "133",
        "49083",
      ],
    ]);
  });

  it("puts the age groups in contract order (0-4, 5-24, 25-49, 25-64, 50-64, 65+), not file order", () => {
    // State-level files have no age data, so this line is made up: distinct values show where each file column goes.
    const [row] = mapLine(cdcIlinetStatesFormat, "States,Ohio,2019,40,X,1.5,1,3,4,2,5,6,21,10,1400");
    expect(row?.slice(7, 13)).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("refuses a region it cannot map, another geography, and a week 53 in a 52-week year", () => {
    const run = (text: string) => () => mapLine(cdcIlinetStatesFormat, text);
    expect(run("States,Guam,2019,40,X,X,X,X,X,X,X,X,X,X,X")).toThrow(
      new RowError("REGION", "Guam", "not a US state or ILINet reporting jurisdiction"),
    );
    expect(run("HHS Regions,Region 1,2019,40,X,1.2,1,2,3,4,5,6,7,8,9")).toThrow(
      new RowError("REGION TYPE", "HHS Regions", 'only the "States" geography is supported'),
    );
    expect(run("States,Ohio,2019,53,X,1.2,X,X,X,X,X,X,7,8,9")).toThrow(
      new RowError("WEEK", "53", "not a week of MMWR year 2019"),
    );
  });

  it("maps every line of the file, one row per line, with the state-level quirks the README counts", () => {
    const lines = dataLines(FILE)
      .slice(2)
      .filter((l) => l !== "");
    const rows = lines.flatMap((l) => mapLine(cdcIlinetStatesFormat, l));
    expect(rows).toHaveLength(44_148);
    expect(rows.filter((r) => r.slice(5).every((v) => v === null))).toHaveLength(610);
    expect(rows.filter((r) => r[15] === "0")).toHaveLength(69);
    expect(rows.filter((r) => r[5] !== null)).toHaveLength(69);
    expect(rows.filter((r) => r[3] === "53")).toHaveLength(164);
    expect(new Set(rows.map((r) => r[0])).size).toBe(55);
  });
});
