import { type Table } from "@mesh/core";
import { describe, expect, it } from "vitest";
import { checkColumnModel, finalizeNumber, inferColumnModel } from "./columns.js";

describe("column model", () => {
  it("finalises numbers: clamp, integers, decimals, datetimes as whole ms, no -0", () => {
    expect(
      finalizeNumber({ name: "a", kind: "numerical", integer: true, nullable: false, minimum: 0.5, maximum: 2.5 }, 2.49),
    ).toBe(2);
    expect(finalizeNumber({ name: "a", kind: "numerical", integer: true, nullable: false, minimum: 0.5, maximum: 2.5 }, -7)).toBe(
      1,
    );
    expect(finalizeNumber({ name: "a", kind: "numerical", nullable: false, decimals: 2, maximum: 1.005 }, 1.0049)).toBe(1);
    expect(finalizeNumber({ name: "a", kind: "numerical", nullable: false, decimals: 1 }, 3.14159)).toBe(3.1);
    expect(finalizeNumber({ name: "t", kind: "datetime", nullable: false }, 1.6e12 + 0.6)).toBe(1.6e12 + 1);
    expect(Object.is(finalizeNumber({ name: "a", kind: "numerical", integer: true, nullable: false }, -0.2), 0)).toBe(true);
  });

  it("refuses a broken model, naming the column", () => {
    expect(() => checkColumnModel([])).toThrow(/at least one column/);
    expect(() =>
      checkColumnModel([
        { name: "a", kind: "numerical", nullable: false },
        { name: "a", kind: "numerical", nullable: false },
      ]),
    ).toThrow(/column "a" appears twice/);
    expect(() => checkColumnModel([{ name: "a", kind: "numerical", nullable: false, minimum: 2, maximum: 1 }])).toThrow(
      /column "a": minimum 2 is above maximum 1/,
    );
    expect(() => checkColumnModel([{ name: "a", kind: "numerical", nullable: false, decimals: -1 }])).toThrow(
      /column "a": decimals/,
    );
    expect(() => checkColumnModel([{ name: "a", kind: "text" as never, nullable: false }])).toThrow(
      /column "a": unknown kind "text"/,
    );
  });

  it("infers a model from a table when there is no contract", () => {
    const table: Table = {
      columns: [
        { name: "n", kind: "numerical", values: [1, 2, null] },
        { name: "r", kind: "numerical", values: [1.5, 2, 3] },
        { name: "c", kind: "categorical", values: ["a", "b", "a"] },
      ],
    };
    expect(inferColumnModel(table)).toEqual([
      { name: "n", kind: "numerical", nullable: true, integer: true },
      { name: "r", kind: "numerical", nullable: false, integer: false },
      { name: "c", kind: "categorical", nullable: false },
    ]);
  });
});
