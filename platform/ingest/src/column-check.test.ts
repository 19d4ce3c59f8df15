import { describe, expect, it } from "vitest";
import type { ColumnSpec } from "@mesh/contracts";
import { column } from "./column.fixture.js";
import { compileColumn, ValueProblem } from "./column-check.js";

const problem = (spec: Partial<ColumnSpec>, value: string | null) => {
  try {
    compileColumn(column({ name: "c", ...spec }))(value);
    return "accepted";
  } catch (error) {
    if (error instanceof ValueProblem) return error.message;
    throw error;
  }
};

describe("compileColumn", () => {
  it("encodes null as \\N and refuses it for a required column", () => {
    expect(compileColumn(column({ name: "c" }))(null)).toBe("\\N");
    expect(problem({ required: true }, null)).toBe("is missing, and the column is required");
  });

  it.each([
    [{ logicalType: "integer", physicalType: "smallint" }, "63.0", "is not an integer"],
    [{ logicalType: "integer", physicalType: "smallint" }, "40000", "does not fit smallint"],
    [{ logicalType: "integer", physicalType: "integer", minimum: 1 }, "0", "is below the minimum 1"],
    [{ logicalType: "integer", physicalType: "integer", maximum: 4 }, "5", "is above the maximum 4"],
    [{ logicalType: "number", physicalType: "double precision" }, "12,5", "is not a number"],
    [{ logicalType: "number", physicalType: "numeric(4,1)" }, "1000.0", "does not fit numeric(4,1)"],
    [{ logicalType: "number", physicalType: "numeric", exclusiveMinimum: 0 }, "0", "must be greater than 0"],
    [{ logicalType: "boolean", physicalType: "boolean" }, "Yes", "is not a boolean (true or false)"],
    [{ logicalType: "date", physicalType: "date" }, "12/1/06", "is not a date (YYYY-MM-DD)"],
    [{ logicalType: "date", physicalType: "date" }, "2015-02-29", "is not a calendar date"],
    [
      { logicalType: "date", physicalType: "date", earliest: "2006-01-01" },
      "2005-12-31",
      "is before the earliest date 2006-01-01",
    ],
    [{ logicalType: "date", physicalType: "date", latest: "2015-12-31" }, "2016-01-01", "is after the latest date 2015-12-31"],
    [
      { logicalType: "timestamp", physicalType: "timestamp with time zone", earliest: "2020-01-01T00:00:00Z" },
      "2019-12-31T23:59:59Z",
      "is before the earliest time 2020-01-01T00:00:00Z",
    ],
    [{ physicalType: "character(2)" }, "USA", "is longer than 2 characters"],
    [{ minLength: 2 }, "U", "is shorter than 2 characters"],
    [{ pattern: "^[a-z]+$" }, "Cleveland", "does not match the pattern ^[a-z]+$"],
    [
      { logicalType: "integer", physicalType: "smallint", allowedValues: [1, 2, 3, 4] },
      "5",
      "is not one of the allowed values (1, 2, 3, 4)",
    ],
  ] as Array<[Partial<ColumnSpec>, string, string]>)("refuses %j value %s: %s", (spec, value, message) => {
    expect(problem(spec, value)).toBe(message);
  });

  it.each([
    [{ logicalType: "integer", physicalType: "bigint" }, "-12", "-12"],
    [{ logicalType: "number", physicalType: "double precision" }, "1.5e3", "1.5e3"],
    [{ logicalType: "date", physicalType: "date" }, "2016-02-29", "2016-02-29"],
    [{ logicalType: "boolean", physicalType: "boolean" }, "false", "false"],
    [{}, "tab\there\\", "tab\\there\\\\"],
    [{}, "two\r\nlines", "two\\r\\nlines"],
    // Text beyond ASCII comes back as its UTF-8 bytes, one latin1 character each (see compileColumn).
    [{}, "Côte d’Ivoire\t", Buffer.from("Côte d’Ivoire\\t", "utf8").toString("latin1")],
    [{ logicalType: "timestamp", physicalType: "timestamp with time zone" }, "2026-11-22T05:06:49Z", "2026-11-22T05:06:49Z"],
  ] as Array<[Partial<ColumnSpec>, string, string]>)("encodes %j value %j as %j", (spec, value, encoded) => {
    expect(compileColumn(column({ name: "c", ...spec }))(value)).toBe(encoded);
  });
});
