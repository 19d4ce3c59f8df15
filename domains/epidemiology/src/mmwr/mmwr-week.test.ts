import { describe, expect, it } from "vitest";
import { mmwrWeekStart, mmwrWeeksInYear } from "./mmwr-week.js";

describe("mmwrWeekStart", () => {
  it("starts week 1 in the previous December when 1 January falls on Monday to Wednesday", () => {
    // 2014-01-01 is a Wednesday: week 1 is 29 Dec 2013 – 4 Jan 2014 (four days in 2014).
    expect(mmwrWeekStart(2014, 1)).toBe("2013-12-29");
    // 2019-01-01 is a Tuesday.
    expect(mmwrWeekStart(2019, 1)).toBe("2018-12-30");
    // 2024-01-01 is a Monday.
    expect(mmwrWeekStart(2024, 1)).toBe("2023-12-31");
    // 2025-01-01 is a Wednesday.
    expect(mmwrWeekStart(2025, 1)).toBe("2024-12-29");
  });

  it("starts week 1 in January when 1 January falls on Thursday to Sunday", () => {
    // 2015-01-01 is a Thursday: its week has only three days in 2015, so week 1 starts on the 4th.
    expect(mmwrWeekStart(2015, 1)).toBe("2015-01-04");
    // 2016-01-01 is a Friday, 2011-01-01 a Saturday, 2017-01-01 a Sunday.
    expect(mmwrWeekStart(2016, 1)).toBe("2016-01-03");
    expect(mmwrWeekStart(2011, 1)).toBe("2011-01-02");
    expect(mmwrWeekStart(2017, 1)).toBe("2017-01-01");
  });

  it("has a week 53 in 2014, 2020 and 2025, ending the day before the next year's week 1", () => {
    expect(mmwrWeekStart(2014, 53)).toBe("2014-12-28");
    expect(mmwrWeekStart(2015, 1)).toBe("2015-01-04");
    expect(mmwrWeekStart(2020, 53)).toBe("2020-12-27");
    expect(mmwrWeekStart(2021, 1)).toBe("2021-01-03");
    expect(mmwrWeekStart(2025, 53)).toBe("2025-12-28");
    expect(mmwrWeekStart(2026, 1)).toBe("2026-01-04");
    expect([2014, 2020, 2025].map(mmwrWeeksInYear)).toEqual([53, 53, 53]);
  });

  it("gives the ILINet season boundaries CDC publishes", () => {
    // First and last weeks of ILINet.csv: 2010-40 and 2026-19.
    expect(mmwrWeekStart(2010, 40)).toBe("2010-10-03");
    expect(mmwrWeekStart(2026, 19)).toBe("2026-05-10");
    expect(mmwrWeekStart(2019, 40)).toBe("2019-09-29");
  });

  it("returns undefined for week 53 of a 52-week year and for weeks outside 1..53", () => {
    expect([2010, 2011, 2012, 2013, 2015, 2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024, 2026].map(mmwrWeeksInYear)).toEqual(
      Array(14).fill(52),
    );
    expect(mmwrWeekStart(2019, 53)).toBeUndefined();
    expect(mmwrWeekStart(2019, 0)).toBeUndefined();
    expect(mmwrWeekStart(2019, 54)).toBeUndefined();
    expect(mmwrWeekStart(2019, 1.5)).toBeUndefined();
    expect(mmwrWeekStart(Number.NaN, 1)).toBeUndefined();
  });

  it("always returns a Sunday, seven days after the previous week's start", () => {
    for (let year = 2009; year <= 2027; year++) {
      for (let week = 1; week <= mmwrWeeksInYear(year); week++) {
        const start = new Date(`${mmwrWeekStart(year, week)}T00:00:00Z`);
        expect(start.getUTCDay()).toBe(0);
        const next = week === mmwrWeeksInYear(year) ? mmwrWeekStart(year + 1, 1) : mmwrWeekStart(year, week + 1);
        expect(new Date(`${next}T00:00:00Z`).getTime() - start.getTime()).toBe(7 * 86_400_000);
      }
    }
  });
});
