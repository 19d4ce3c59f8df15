import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { uciProcessedFormat } from "./patients.format.js";

type Row = Array<string | null>;

const SITES = ["cleveland", "hungarian", "switzerland", "va"] as const;
type Site = (typeof SITES)[number];

const lines = (site: Site): string[] =>
  readFileSync(new URL(`../../data/processed.${site}.data`, import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l !== "");

function mapLine(site: string, row: number, text: string): Row[] {
  const rows: Row[] = [];
  uciProcessedFormat.map(text.split(","), (r) => rows.push(r), { params: { site }, row });
  return rows;
}

// Columns, in the contract's order:
// site, site_record, age, sex, chest_pain_type, resting_blood_pressure, serum_cholesterol,
// fasting_blood_sugar_high, resting_ecg, max_heart_rate, exercise_induced_angina, st_depression,
// st_slope, fluoroscopy_vessels, thallium_result, diagnosis, has_disease
const cases: Array<[string, Site, number, string, Row]> = [
  [
    "a Cleveland line written as floats",
    "cleveland",
    1,
    "63.0,1.0,1.0,145.0,233.0,1.0,2.0,150.0,0.0,2.3,3.0,0.0,6.0,0",
    ["cleveland", "1", "63", "1", "1", "145", "233", "true", "2", "150", "false", "2.3", "3", "0", "6", "0", "false"],
  ],
  [
    "a Cleveland line with `?` for the fluoroscopy vessels",
    "cleveland",
    167,
    "52.0,1.0,3.0,138.0,223.0,0.0,0.0,169.0,0.0,0.0,1.0,?,3.0,0",
    ["cleveland", "167", "52", "1", "3", "138", "223", "false", "0", "169", "false", "0", "1", null, "3", "0", "false"],
  ],
  [
    "a Hungarian line with `?` for cholesterol, slope, vessels and thallium",
    "hungarian",
    3,
    "29,1,2,140,?,0,0,170,0,0,?,?,?,0",
    ["hungarian", "3", "29", "1", "2", "140", null, "false", "0", "170", "false", "0", null, null, null, "0", "false"],
  ],
  [
    "a Switzerland line with cholesterol 0 and an oldpeak written `.7`",
    "switzerland",
    1,
    "32,1,1,95,0,?,0,127,0,.7,1,?,?,1",
    ["switzerland", "1", "32", "1", "1", "95", null, null, "0", "127", "false", "0.7", "1", null, null, "1", "true"],
  ],
  [
    "a Switzerland line with a negative oldpeak",
    "switzerland",
    19,
    "46,1,4,100,0,?,1,133,0,-2.6,2,?,?,1",
    ["switzerland", "19", "46", "1", "4", "100", null, null, "1", "133", "false", "-2.6", "2", null, null, "1", "true"],
  ],
  [
    "a Switzerland line with a negative oldpeak written `-.1`",
    "switzerland",
    18,
    "45,1,3,110,0,?,0,138,0,-.1,1,?,?,0",
    ["switzerland", "18", "45", "1", "3", "110", null, null, "0", "138", "false", "-0.1", "1", null, null, "0", "false"],
  ],
  [
    "the VA line with resting blood pressure 0 and cholesterol 0",
    "va",
    34,
    "55,1,3,0,0,0,0,155,0,1.5,2,?,?,3",
    ["va", "34", "55", "1", "3", null, null, "false", "0", "155", "false", "1.5", "2", null, null, "3", "true"],
  ],
  [
    "the VA line with a negative oldpeak",
    "va",
    6,
    "66,1,3,120,0,0,1,120,0,-0.5,1,?,?,0",
    ["va", "6", "66", "1", "3", "120", null, "false", "1", "120", "false", "-0.5", "1", null, null, "0", "false"],
  ],
  [
    "a VA line with exercise-induced angina and diagnosis 2",
    "va",
    1,
    "63,1,4,140,260,0,1,112,1,3,2,?,?,2",
    ["va", "1", "63", "1", "4", "140", "260", "false", "1", "112", "true", "3", "2", null, null, "2", "true"],
  ],
];

describe("uci-processed format", () => {
  it.each(cases)("maps %s", (_title, site, row, text, expected) => {
    expect(lines(site)[row - 1]).toBe(text); // the line is real
    expect(mapLine(site, row, text)).toEqual([expected]);
  });

  it("maps the codebook's -9 / -9.0 missing markers to null", () => {
    // The first record of reprocessed.hungarian.data (which writes -9 for missing), comma-separated,
    // and the same record with -9.0 as the raw 76-attribute files write it.
    expect(mapLine("hungarian", 1, "40,1,2,140,289,0,0,172,0,0,-9,-9,-9,0")).toEqual([
      ["hungarian", "1", "40", "1", "2", "140", "289", "false", "0", "172", "false", "0", null, null, null, "0", "false"],
    ]);
    expect(mapLine("hungarian", 1, "40,1,2,140,289,0,0,172,0,0,-9.0,-9.0,-9.0,0")).toEqual([
      ["hungarian", "1", "40", "1", "2", "140", "289", "false", "0", "172", "false", "0", null, null, null, "0", "false"],
    ]);
  });

  it("keeps the Hungarian duplicate records apart by their record number", () => {
    const text = "49,0,2,110,?,0,0,160,0,0,?,?,?,0";
    expect([lines("hungarian")[101], lines("hungarian")[102]]).toEqual([text, text]);
    expect([...mapLine("hungarian", 102, text), ...mapLine("hungarian", 103, text)]).toEqual([
      ["hungarian", "102", "49", "0", "2", "110", null, "false", "0", "160", "false", "0", null, null, null, "0", "false"],
      ["hungarian", "103", "49", "0", "2", "110", null, "false", "0", "160", "false", "0", null, null, null, "0", "false"],
    ]);
  });

  it("passes values that are not numbers through unchanged, for the contract check to refuse", () => {
    expect(mapLine("va", 1, "63,1,4,140,260,2,1,112,yes,3.25,2,?,?,2")).toEqual([
      ["va", "1", "63", "1", "4", "140", "260", "2", "1", "112", "yes", "3.25", "2", null, null, "2", "true"],
    ]);
  });

  it("takes the site from the file name", () => {
    const pattern = uciProcessedFormat.parameters?.site?.fromFileName;
    expect(SITES.map((site) => pattern?.exec(`processed.${site}.data`)?.[1])).toEqual([...SITES]);
    expect(pattern?.exec("reprocessed.hungarian.data")).toBeNull();
  });

  it("maps every record of the four site files, with the missing values the shared README counts", () => {
    const nulls = new Array<number>(17).fill(0);
    const perSite: Record<string, number> = {};
    let rows = 0;
    for (const site of SITES) {
      lines(site).forEach((text, i) => {
        for (const row of mapLine(site, i + 1, text)) {
          expect(row).toHaveLength(17);
          row.forEach((value, c) => {
            if (value === null) nulls[c]!++;
          });
          rows++;
          perSite[site] = (perSite[site] ?? 0) + 1;
        }
      });
    }
    expect(rows).toBe(920);
    expect(perSite).toEqual({ cleveland: 303, hungarian: 294, switzerland: 123, va: 200 });
    // `?` counts per column from the shared data README, plus the zeros read as "not measured":
    // resting_blood_pressure 1 + 2 + 56 `?` and one VA 0; serum_cholesterol 23 + 7 `?`, 123 + 49 zeros.
    expect(nulls).toEqual([0, 0, 0, 0, 0, 60, 202, 90, 2, 55, 55, 62, 309, 611, 486, 0, 0]);
  });
});
