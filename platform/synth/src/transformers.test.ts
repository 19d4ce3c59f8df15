import { type CellValue, type Table } from "@mesh/core";
import { describe, expect, it } from "vitest";
import { type ColumnSpec } from "./columns.js";
import { Random } from "./random.js";
import { col, correlatedTable } from "./tables.fixtures.js";
import { TableTransformer } from "./transformers.js";

/** A random mixed table: bimodal reals, integers, categories, booleans, datetimes, with nulls. */
function randomTable(seed: number, rows: number): { table: Table; model: ColumnSpec[] } {
  const rng = new Random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
  const maybe = (v: CellValue, p: number): CellValue => (rng.uniform() < p ? null : v);
  const nullP = rng.uniform() * 0.3;
  const cats = ["a", "b", "c", 4, 5].slice(0, 2 + rng.int(4));
  const cols = {
    real: Array.from({ length: rows }, () =>
      maybe(rng.uniform() < 0.5 ? -20 + 3 * rng.normal() : 40 + 0.5 * rng.normal(), nullP),
    ),
    count: Array.from({ length: rows }, () => rng.int(50)),
    cat: Array.from({ length: rows }, () => maybe(pick(cats), nullP)),
    flag: Array.from({ length: rows }, () => maybe(rng.uniform() < 0.3, nullP)),
    when: Array.from({ length: rows }, () => 1.6e12 + rng.int(1e10)),
  };
  return {
    table: {
      columns: [
        { name: "real", kind: "numerical", values: cols.real },
        { name: "count", kind: "numerical", values: cols.count },
        { name: "cat", kind: "categorical", values: cols.cat },
        { name: "flag", kind: "boolean", values: cols.flag },
        { name: "when", kind: "datetime", values: cols.when },
      ],
    },
    model: [
      { name: "real", kind: "numerical", nullable: true },
      { name: "count", kind: "numerical", integer: true, nullable: false, minimum: 0 },
      { name: "cat", kind: "categorical", nullable: true },
      { name: "flag", kind: "boolean", nullable: true },
      { name: "when", kind: "datetime", nullable: false },
    ],
  };
}

describe("TableTransformer", () => {
  it("inverse(transform(x)) == x: exactly for categories, booleans, nulls, integers, datetimes; within 1e-9 for reals (property, 25 random tables)", () => {
    for (let seed = 1; seed <= 25; seed++) {
      const { table, model } = randomTable(seed, 300);
      const t = TableTransformer.fit(table, model);
      const encoded = t.transform(table);
      expect(encoded.length).toBe(300 * t.width);
      const back = t.inverse(encoded);
      for (const name of ["count", "cat", "flag", "when"])
        expect(col(back, name), `seed ${seed}, ${name}`).toEqual(col(table, name));
      const real = col(table, "real");
      col(back, "real").forEach((v, i) => {
        const x = real[i] as number | null;
        if (x === null) expect(v).toBeNull();
        else expect(Math.abs((v as number) - x)).toBeLessThan(1e-9 * Math.max(1, Math.abs(x)));
      });
    }
  }, 60_000);

  it("encodes a value as the one-hot of its mode and α = (x − μ)/(4σ), with spans for a generator", () => {
    const { table, model } = randomTable(3, 2000);
    const t = TableTransformer.fit(table, model);
    const real = t.columns[0];
    if (real?.type !== "mode-normal") throw new Error("expected mode-normal");
    expect(real.mixture.means.length).toBeGreaterThanOrEqual(2);
    const spans = t.spans.filter((s) => s.column === "real");
    expect(spans.map((s) => [s.role, s.activation])).toEqual([
      ["alpha", "tanh"],
      ["modes", "softmax"],
      ["null", "sigmoid"],
    ]);
    expect(t.spans.reduce((s, x) => s + x.size, 0)).toBe(t.width);
    const encoded = t.transform(table);
    // every non-null row has exactly one mode set; |α| is small for values near their mode
    const modes = spans[1] as { start: number; size: number };
    for (let r = 0; r < 2000; r++) {
      const hot = Array.from({ length: modes.size }, (_, j) => encoded[r * t.width + modes.start + j] as number);
      const isNull = encoded[r * t.width + (spans[2] as { start: number }).start] === 1;
      expect(hot.reduce((a, b) => a + b, 0)).toBe(isNull ? 0 : 1);
      if (!isNull) expect(Math.abs(encoded[r * t.width] as number)).toBeLessThan(1.5);
    }
  }, 30_000);

  it("inverse respects bounds, integers and decimals and picks the strongest mode/category from soft outputs", () => {
    const { table, model } = correlatedTable(500);
    const t = TableTransformer.fit(table, model);
    const rng = new Random(11);
    const noise = Float64Array.from({ length: 200 * t.width }, () => 3 * rng.normal());
    const out = t.inverse(noise);
    for (const v of col(out, "age")) expect(Number.isInteger(v) && (v as number) >= 18 && (v as number) <= 90).toBe(true);
    for (const v of col(out, "sex")) expect(["F", "M"]).toContain(v);
    for (const v of col(out, "lab")) if (v !== null) expect(Math.round((v as number) * 100) / 100).toBe(v);
    for (const v of col(out, "lab")) if (v !== null) expect(v as number).toBeGreaterThanOrEqual(0);
    expect(col(out, "x").some((v) => v === null)).toBe(false);
  });

  it("unseen categories: refused by default, mapped to the most frequent category with unseen: other", () => {
    const table: Table = { columns: [{ name: "c", kind: "categorical", values: ["a", "b", "b"] }] };
    const model: ColumnSpec[] = [{ name: "c", kind: "categorical", nullable: false }];
    const strange: Table = { columns: [{ name: "c", kind: "categorical", values: ["z", "a"] }] };
    expect(() => TableTransformer.fit(table, model).transform(strange)).toThrow(/"z" was not seen/);
    const t = TableTransformer.fit(table, model, { unseen: "other" });
    expect(t.width).toBe(3);
    expect(col(t.inverse(t.transform(strange)), "c")).toEqual(["b", "a"]);
  });

  it("saves and reloads as JSON with the same encoding", () => {
    const { table, model } = randomTable(9, 200);
    const t = TableTransformer.fit(table, model);
    const again = TableTransformer.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(Array.from(again.transform(table))).toEqual(Array.from(t.transform(table)));
  });

  it("names the column when the table does not match the model", () => {
    const { table, model } = randomTable(1, 20);
    expect(() => TableTransformer.fit(table, model.slice(1))).toThrow(
      /column "real" is in the table but not in the column model/,
    );
    expect(() =>
      TableTransformer.fit(table, [
        ...model.slice(0, 2),
        { name: "cat", kind: "categorical", nullable: true, allowedValues: ["a"] },
        ...model.slice(3),
      ]),
    ).toThrow(/column "cat", row \d+: .* is not one of its allowed values/);
    expect(() =>
      TableTransformer.fit(
        table,
        model.map((s) => (s.name === "real" ? { ...s, nullable: false } : s)),
      ),
    ).toThrow(/column "real" is not nullable but row \d+ is null/);
  });
});
