import { describe, expect, it } from "vitest";
import { RowError } from "@mesh/kit";
import { parseDayMonthYear, parseMonthDayYear } from "./scms-dates.js";

function failure(parse: () => string): { column: string; value: string; reason: string } {
  try {
    parse();
  } catch (error) {
    if (error instanceof RowError) return { column: error.column, value: error.value, reason: error.reason };
    throw error;
  }
  throw new Error("expected a RowError");
}

describe("parseMonthDayYear", () => {
  it("reads m/d/yy with one- or two-digit month and day, years as 20yy", () => {
    expect(["1/4/09", "11/21/11", "4/30/14", "12/2/06", "2/29/08"].map((s) => parseMonthDayYear(s, "c"))).toEqual([
      "2009-01-04",
      "2011-11-21",
      "2014-04-30",
      "2006-12-02",
      "2008-02-29",
    ]);
  });

  it("refuses impossible days and other shapes, naming the column and value", () => {
    expect(failure(() => parseMonthDayYear("4/31/14", "PO Sent to Vendor Date"))).toEqual({
      column: "PO Sent to Vendor Date",
      value: "4/31/14",
      reason: "day 31 does not exist in Apr 2014",
    });
    expect(failure(() => parseMonthDayYear("0/1/14", "c")).reason).toBe("month 0 does not exist");
    for (const bad of ["4/30/2014", "4/30", "4//14", "104/3/14", "4/x0/14", "4-30-14", "4/30/14 "]) {
      expect(failure(() => parseMonthDayYear(bad, "c"))).toEqual({
        column: "c",
        value: bad,
        reason: "expected a date written m/d/yy, e.g. 4/30/14",
      });
    }
  });
});

describe("parseDayMonthYear", () => {
  it("reads d-Mon-yy with every month name, years as 20yy", () => {
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    expect(months.map((m) => parseDayMonthYear(`1-${m}-15`, "c"))).toEqual(
      months.map((_, i) => `2015-${String(i + 1).padStart(2, "0")}-01`),
    );
    expect(["2-Jun-06", "31-Dec-15", "29-Feb-12"].map((s) => parseDayMonthYear(s, "c"))).toEqual([
      "2006-06-02",
      "2015-12-31",
      "2012-02-29",
    ]);
  });

  it("refuses impossible days and other shapes, naming the column and value", () => {
    expect(failure(() => parseDayMonthYear("31-Apr-14", "Scheduled Delivery Date"))).toEqual({
      column: "Scheduled Delivery Date",
      value: "31-Apr-14",
      reason: "day 31 does not exist in Apr 2014",
    });
    expect(failure(() => parseDayMonthYear("29-Feb-13", "c")).reason).toBe("day 29 does not exist in Feb 2013");
    expect(failure(() => parseDayMonthYear("0-Feb-13", "c")).reason).toBe("day 0 does not exist in Feb 2013");
    for (const bad of ["30-APR-14", "30-Apr-2014", "30 Apr 14", "30-Apl-14", "-Apr-14", "130-Apr-14", "30-Apr-1x"]) {
      expect(failure(() => parseDayMonthYear(bad, "c"))).toEqual({
        column: "c",
        value: bad,
        reason: "expected a date written d-Mon-yy, e.g. 30-Apr-14",
      });
    }
  });
});
