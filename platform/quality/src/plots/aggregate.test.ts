import { type CellValue, InputError, type TableColumn } from "@mesh/core";
import { describe, expect, it } from "vitest";
import { binCounts, binLayout, columnShares, correlationDifference, correlationMatrix } from "../index.js";

const num = (name: string, values: (number | null)[]): TableColumn => ({ name, kind: "numerical", values });
const cat = (name: string, values: CellValue[]): TableColumn => ({ name, kind: "categorical", values });

describe("binLayout", () => {
  it("picks the narrowest 1-2-5 step that covers the range in at most maxBins bins", () => {
    const layout = binLayout(0, 100, "numerical", 20);
    expect(layout.edges).toEqual(Array.from({ length: 21 }, (_, i) => 5 * i));
    expect(layout.labels[0]).toBe("[0, 5)");
    expect(layout.labels[19]).toBe("[95, 100]");
    expect(layout.width).toBe("5");
    // span 8.5 / 20 → step ≥ 0.425 → 0.5; 3.7 and 12.2 rounded out to 3.5 and 12.5: 18 bins
    const fine = binLayout(3.7, 12.2, "numerical", 20);
    expect(fine.edges[0]).toBe(3.5);
    expect(fine.edges.at(-1)).toBe(12.5);
    expect(fine.edges).toHaveLength(19);
    expect(fine.labels.slice(0, 2)).toEqual(["[3.5, 4.0)", "[4.0, 4.5)"]);
    expect(fine.width).toBe("0.5");
  });
  it("moves to the next step when rounding out adds a bin, and writes negatives plainly", () => {
    // step 2 gives [-8, 4]: 6 bins > 5 → step 5 gives [-10, 5]: 3 bins
    expect(binLayout(-7, 3, "numerical", 5)).toMatchObject({
      edges: [-10, -5, 0, 5],
      labels: ["[-10, -5)", "[-5, 0)", "[0, 5]"],
      width: "5",
    });
  });
  it("keeps decimal edges free of float noise", () => {
    // 3 × 0.1 would be 0.30000000000000004
    expect(binLayout(0.1, 0.3, "numerical", 2).edges).toEqual([0.1, 0.2, 0.3]);
  });
  it("gives a single value one bin a tenth of its magnitude wide, so that the edges do not reveal it", () => {
    expect(binLayout(123.456, 123.456, "numerical")).toMatchObject({ edges: [120, 140], labels: ["[120, 140]"], width: "20" });
    expect(binLayout(0, 0, "numerical")).toMatchObject({ edges: [0, 0.1], labels: ["[0.0, 0.1]"] });
  });
  it("bins datetimes on calendar months, days or hours (UTC)", () => {
    // 1070 days / 20 = 53.5 days per bin at least → 2 months, from 2020-01-01 to 2023-01-01
    const months = binLayout(Date.UTC(2020, 0, 15), Date.UTC(2022, 11, 20), "datetime", 20);
    expect(months.edges).toHaveLength(19);
    expect(months.edges[0]).toBe(Date.UTC(2020, 0, 1));
    expect(months.edges[1]).toBe(Date.UTC(2020, 2, 1));
    expect(months.edges.at(-1)).toBe(Date.UTC(2023, 0, 1));
    expect(months.labels.slice(0, 3)).toEqual(["2020-01", "2020-03", "2020-05"]);
    expect(months.width).toBe("2 months");
    const oneDay = binLayout(Date.UTC(2021, 5, 3, 14), Date.UTC(2021, 5, 3, 14), "datetime");
    expect(oneDay).toMatchObject({ edges: [Date.UTC(2021, 5, 3), Date.UTC(2021, 5, 4)], labels: ["2021-06-03"], width: "1 day" });
    // 10 hours / 20 → 30 minutes, but 08:00 to 18:30 is 21 bins → 1 hour, 08:00 to 19:00
    const hours = binLayout(Date.UTC(2021, 0, 1, 8, 10), Date.UTC(2021, 0, 1, 18, 10), "datetime", 20);
    expect(hours.width).toBe("1 hour");
    expect(hours.labels).toHaveLength(11);
    expect(hours.labels[0]).toBe("2021-01-01 08:00");
    expect(hours.edges.at(-1)).toBe(Date.UTC(2021, 0, 1, 19));
    const years = binLayout(Date.UTC(1931, 6, 1), Date.UTC(2019, 1, 1), "datetime", 20);
    expect(years).toMatchObject({ width: "5 years", labels: expect.arrayContaining(["1930", "2015"]) as unknown });
    expect(years.edges.at(-1)).toBe(Date.UTC(2020, 0, 1));
  });
  it("refuses a non-finite range and a bad bin count", () => {
    expect(() => binLayout(0, Infinity, "numerical")).toThrow(InputError);
    expect(() => binLayout(0, 1, "numerical", 0)).toThrow(/bins must be a positive integer/);
  });
});

describe("binCounts", () => {
  it("counts [e_i, e_(i+1)) with the last bin closed, and what lies outside", () => {
    expect(binCounts([0, 4.99, 5, 10, -1, 11, 10.5], [0, 5, 10])).toEqual({ below: 1, above: 2, bins: [2, 2] });
  });
});

describe("columnShares", () => {
  it("bins numbers on the real range, with overflow and missing bars, as shares of all rows", () => {
    // real (5 rows): 1 → [1, 2), 2 → [2, 3), 3 and 4 → [3, 4], one null
    // synthetic (6 rows): 0.5 below, 2.5 → [2, 3), 4 → [3, 4], 9 above, two nulls
    const shares = columnShares(num("x", [1, 2, 3, 4, null]), num("x", [0.5, 4, 9, 2.5, null, null]), { bins: 3 });
    expect(shares).toEqual({
      column: "x",
      kind: "numerical",
      rows: { real: 5, synthetic: 6 },
      binWidth: "1",
      bars: [
        { label: "< 1", kind: "below", real: 0, synthetic: 1 / 6 },
        { label: "[1, 2)", kind: "bin", real: 1 / 5, synthetic: 0 },
        { label: "[2, 3)", kind: "bin", real: 1 / 5, synthetic: 1 / 6 },
        { label: "[3, 4]", kind: "bin", real: 2 / 5, synthetic: 1 / 6 },
        { label: "> 4", kind: "above", real: 0, synthetic: 1 / 6 },
        { label: "(missing)", kind: "missing", real: 1 / 5, synthetic: 2 / 6 },
      ],
    });
  });
  it("puts every synthetic value in one bar when the real column has no value", () => {
    expect(columnShares(num("x", [null, null]), num("x", [1, 2, null, 3])).bars).toEqual([
      { label: "any value", kind: "above", real: 0, synthetic: 3 / 4 },
      { label: "(missing)", kind: "missing", real: 1, synthetic: 1 / 4 },
    ]);
  });
  it("shows the most frequent categories and sums the rest as other", () => {
    // real (7): a 1, b 2, c 3, null 1; synthetic (5): c 1, d 2, null 2 → order c, b | a, d
    const shares = columnShares(cat("c", ["a", "b", "b", "c", "c", "c", null]), cat("c", ["c", "d", "d", null, null]), {
      maxCategories: 2,
    });
    expect(shares.binWidth).toBeNull();
    expect(shares.bars).toEqual([
      { label: "c", kind: "category", real: 3 / 7, synthetic: 1 / 5 },
      { label: "b", kind: "category", real: 2 / 7, synthetic: 0 },
      { label: "other (2 categories)", kind: "other", real: 1 / 7, synthetic: 2 / 5 },
      { label: "(missing)", kind: "missing", real: 1 / 7, synthetic: 2 / 5 },
    ]);
  });
  it("breaks ties by synthetic share then key, keeps labels unique, and orders booleans false, true", () => {
    const shares = columnShares(cat("c", ["z", "y", 1, "1", "(missing)", null]), cat("c", ["y", "", "y"]));
    expect(shares.bars.map((b) => b.label)).toEqual(["y", "1", "(missing)", "1 (2)", "z", "(blank)", "(missing) (2)"]);
    const bool = (values: CellValue[]): TableColumn => ({ name: "b", kind: "boolean", values });
    expect(columnShares(bool([true, true, false]), bool([false, false])).bars).toEqual([
      { label: "false", kind: "category", real: 1 / 3, synthetic: 1 },
      { label: "true", kind: "category", real: 2 / 3, synthetic: 0 },
    ]);
  });
  it("refuses mismatched kinds, non-finite numbers and a bad maxCategories", () => {
    expect(() => columnShares(num("x", [1]), cat("x", ["1"]))).toThrow(/numerical in the real table and categorical/);
    expect(() => columnShares(num("x", [1, Infinity]), num("x", [1]))).toThrow(/row 1: Infinity is not a finite number/);
    expect(() => columnShares(cat("c", ["a"]), cat("c", ["a"]), { maxCategories: 0 })).toThrow(InputError);
  });
});

describe("correlationMatrix", () => {
  it("holds Pearson's r of every pair, null where a column is constant", () => {
    // x = 1, 2, 3; y = 1, 3, 2: dx = −1, 0, 1; dy = −1, 1, 0 → Σdxdy = 1, Σdx² = Σdy² = 2 → r = .5
    const real = correlationMatrix([num("x", [1, 2, 3]), num("y", [1, 3, 2]), num("z", [5, 5, 5])]);
    expect(real).toEqual({
      columns: ["x", "y", "z"],
      values: [
        [1, 0.5, null],
        [0.5, 1, null],
        [null, null, null],
      ],
    });
    const synthetic = correlationMatrix([num("x", [1, 2, 3]), num("y", [3, 2, 1]), num("z", [1, 2, 4])]);
    expect(correlationDifference(real, synthetic).values[0]).toEqual([0, 1.5, null]);
  });
});
