import { describe, expect, it } from "vitest";
import { RowError } from "@mesh/kit";
import { csvFields, dataLines, mapLine } from "../testing/format-harness.js";
import { WORLD_BANK_WIDE_HEADER, worldBankWideFormat } from "./world-bank-wide.format.js";

const PREVALENCE = "API_SH.DYN.AIDS.ZS_DS2_EN_csv_v2_150659.csv";
const ART = "API_SH.HIV.ARTC.ZS_DS2_EN_csv_v2_116032.csv";
const POPULATION = "API_SP.POP.TOTL_DS2_EN_csv_v2_116033.csv";
const RELEASE = { release: "2019-07-10" };

/** A line of one of the exports, checked to be in that file as it is. */
function line(file: string, text: string): string {
  expect(dataLines(file)).toContain(text);
  return text;
}

const map = (file: string, text: string) => mapLine(worldBankWideFormat, line(file, text), RELEASE);

describe("world-bank-wide format", () => {
  it("matches the exports' layout: 4 preamble lines, then the header with a trailing comma", () => {
    for (const file of [PREVALENCE, ART, POPULATION]) {
      const lines = dataLines(file);
      expect(lines.slice(0, 4)).toEqual([
        '"Data Source","World Development Indicators",',
        "",
        '"Last Updated Date","2019-07-10",',
        "",
      ]);
      expect(csvFields(lines[4] ?? "")).toEqual([...WORLD_BANK_WIDE_HEADER, ""]);
    }
    expect(worldBankWideFormat.layout).toEqual({ skipLines: 4, header: WORLD_BANK_WIDE_HEADER, allowTrailingEmptyColumn: true });
  });

  it("melts a full line into one row per year (South Africa's prevalence, 2000–2017)", () => {
    const rows = map(
      PREVALENCE,
      '"South Africa","ZAF","Prevalence of HIV, total (% of population ages 15-49)","SH.DYN.AIDS.ZS","13.4","14.3","15.1","15.7","16.2","16.7","17","17.3","17.6","17.9","18.1","18.2","18.4","18.6","18.7","18.8","18.9","18.8",',
    );
    const values = [
      "13.4",
      "14.3",
      "15.1",
      "15.7",
      "16.2",
      "16.7",
      "17",
      "17.3",
      "17.6",
      "17.9",
      "18.1",
      "18.2",
      "18.4",
      "18.6",
      "18.7",
      "18.8",
      "18.9",
      "18.8",
    ];
    expect(rows).toEqual(
      values.map((value, i) => [
        "ZAF",
        "South Africa",
        "false",
        "ZA",
        String(2000 + i),
        "SH.DYN.AIDS.ZS",
        value,
        "percent",
        "2019-07-10",
      ]),
    );
  });

  it("maps Namibia (NAM) to location NA, the alpha-2 code, not a missing value", () => {
    const rows = map(
      ART,
      '"Namibia","NAM","Antiretroviral therapy coverage (% of people living with HIV)","SH.HIV.ARTC.ZS","0","0","0","0","4","9","17","28","36","40","51","61","66","70","70","76","77","84",',
    );
    expect(rows).toHaveLength(18);
    expect(rows[0]).toEqual(["NAM", "Namibia", "false", "NA", "2000", "SH.HIV.ARTC.ZS", "0", "percent", "2019-07-10"]);
    expect(rows[17]).toEqual(["NAM", "Namibia", "false", "NA", "2017", "SH.HIV.ARTC.ZS", "84", "percent", "2019-07-10"]);
  });

  it("emits nothing for empty year cells: only Eritrea's population for 2000–2011", () => {
    const rows = map(
      POPULATION,
      '"Eritrea","ERI","Population, total","SP.POP.TOTL","2292416","2374722","2481058","2600973","2719803","2826659","2918205","2996536","3062779","3119920","3170435","3213972","","","","","","",',
    );
    expect(rows.map((r) => [r[4], r[6]])).toEqual([
      ["2000", "2292416"],
      ["2001", "2374722"],
      ["2002", "2481058"],
      ["2003", "2600973"],
      ["2004", "2719803"],
      ["2005", "2826659"],
      ["2006", "2918205"],
      ["2007", "2996536"],
      ["2008", "3062779"],
      ["2009", "3119920"],
      ["2010", "3170435"],
      ["2011", "3213972"],
    ]);
    expect(rows[11]).toEqual(["ERI", "Eritrea", "false", "ER", "2011", "SP.POP.TOTL", "3213972", "persons", "2019-07-10"]);
  });

  it("emits nothing at all for a line whose cells are all empty (INX, Not classified)", () => {
    expect(
      map(
        POPULATION,
        '"Not classified","INX","Population, total","SP.POP.TOTL","","","","","","","","","","","","","","","","","","",',
      ),
    ).toEqual([]);
  });

  it("keeps an aggregate with is_aggregate true and no location (Middle East & North Africa)", () => {
    expect(
      map(
        PREVALENCE,
        '"Middle East & North Africa","MEA","Prevalence of HIV, total (% of population ages 15-49)","SH.DYN.AIDS.ZS","0.108193132482128","0.108481361460093","0.10847361426145","","","","","","","","","","","","","","","",',
      ),
    ).toEqual([
      ["MEA", "Middle East & North Africa", "true", null, "2000", "SH.DYN.AIDS.ZS", "0.108193132482128", "percent", "2019-07-10"],
      ["MEA", "Middle East & North Africa", "true", null, "2001", "SH.DYN.AIDS.ZS", "0.108481361460093", "percent", "2019-07-10"],
      ["MEA", "Middle East & North Africa", "true", null, "2002", "SH.DYN.AIDS.ZS", "0.10847361426145", "percent", "2019-07-10"],
    ]);
  });

  it("writes exponent-form values as plain numbers (IDA blend's ART coverage in 2001)", () => {
    const rows = map(
      ART,
      '"IDA blend","IDB","Antiretroviral therapy coverage (% of people living with HIV)","SH.HIV.ARTC.ZS","0","9.63283121542643E-05","0.000382249166681086","0.452647745615822","1.82281148065488","3.1372743910135","5.92425404127532","7.73656239060561","11.3728742592115","15.1016728743899","20.2094165040599","24.8359120010043","28.329717630854","33.334574462361","37.4317926732783","42.6906633418261","47.9046938981102","52.8096133843805",',
    );
    expect(rows.slice(0, 3)).toEqual([
      ["IDB", "IDA blend", "true", null, "2000", "SH.HIV.ARTC.ZS", "0", "percent", "2019-07-10"],
      ["IDB", "IDA blend", "true", null, "2001", "SH.HIV.ARTC.ZS", "0.0000963283121542643", "percent", "2019-07-10"],
      ["IDB", "IDA blend", "true", null, "2002", "SH.HIV.ARTC.ZS", "0.000382249166681086", "percent", "2019-07-10"],
    ]);
  });

  it("keeps Kosovo (XKX), an economy without an ISO code, as a country with no location", () => {
    const rows = map(
      POPULATION,
      '"Kosovo","XKX","Population, total","SP.POP.TOTL","1700000","1701154","1702310","1703466","1704622","1705780","1719536","1733404","1747383","1761474","1775680","1791000","1805200","1824100","1821800","1801800","1816200","1830700",',
    );
    expect(rows[17]).toEqual(["XKX", "Kosovo", "false", null, "2017", "SP.POP.TOTL", "1830700", "persons", "2019-07-10"]);
  });

  it("refuses an unknown code and an indicator the dataset does not carry", () => {
    expect(() =>
      mapLine(
        worldBankWideFormat,
        '"Atlantis","ATL","Population, total","SP.POP.TOTL","1","","","","","","","","","","","","","","","","","",',
        RELEASE,
      ),
    ).toThrow(
      new RowError("Country Code", "ATL", "neither an ISO 3166-1 alpha-3 code nor a known World Bank aggregate or economy"),
    );
    expect(() =>
      mapLine(
        worldBankWideFormat,
        '"Namibia","NAM","GDP (current US$)","NY.GDP.MKTP.CD","1","","","","","","","","","","","","","","","","","",',
        RELEASE,
      ),
    ).toThrow(new RowError("Indicator Code", "NY.GDP.MKTP.CD", "not one of SH.DYN.AIDS.ZS, SH.HIV.ARTC.ZS, SP.POP.TOTL"));
  });

  it("maps every line of the three exports: one row per non-empty year cell, 47 aggregate codes", () => {
    const rows = [PREVALENCE, ART, POPULATION].flatMap((file) =>
      dataLines(file)
        .slice(5)
        .filter((l) => l !== "")
        .flatMap((l) => mapLine(worldBankWideFormat, l, RELEASE)),
    );
    expect(rows).toHaveLength(3_027 + 3_027 + 4_728);
    const aggregates = new Set(rows.filter((r) => r[2] === "true").map((r) => r[0]));
    // INX has no values at all, so 46 of the 47 aggregates have rows.
    expect(aggregates.size).toBe(46);
    expect(new Set(rows.filter((r) => r[2] === "false" && r[3] === null).map((r) => r[0]))).toEqual(new Set(["XKX", "CHI"]));
  });
});
