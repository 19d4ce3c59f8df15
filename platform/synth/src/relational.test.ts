import * as tf from "@tensorflow/tfjs";
import { InputError, type CellValue, type Table } from "@mesh/core";
import { describe, expect, it } from "vitest";
import { deriveParentTable, ksDistance, synthesizeParentChild, type ParentChildResult } from "./relational.js";
import { sitesAndPatients } from "./relational.fixtures.js";
import { col, mean, pearson, std } from "./tables.fixtures.js";

const fixture = sitesAndPatients(200);
const realKeys = col(fixture.parent.table, "site_id");

/** For each child row, a column of its parent (looked up through the foreign key). */
function parentValueOfChild(parent: Table, child: Table, key: string, fk: string, name: string): CellValue[] {
  const byKey = new Map(col(parent, key).map((k, i) => [k, col(parent, name)[i] ?? null]));
  return col(child, fk).map((k) => byKey.get(k) ?? null);
}

describe("synthesizeParentChild", () => {
  let result: ParentChildResult;
  it("links every child to a synthetic parent whose key is fresh and unique", async () => {
    result = await synthesizeParentChild({ ...fixture, seed: 3 });
    const keys = col(result.parent, "site_id");
    expect(keys).toHaveLength(200);
    expect(new Set(keys).size).toBe(200);
    expect(keys.filter((k) => realKeys.includes(k))).toEqual([]);
    const keySet = new Set(keys);
    expect(col(result.child, "site_id").filter((k) => !keySet.has(k))).toEqual([]);
    expect(result.report.orphanChildren).toBe(0);
    expect(result.parent.columns.map((c) => [c.name, c.kind])).toEqual([
      ["site_id", "categorical"],
      ["type", "categorical"],
      ["beds", "numerical"],
    ]);
    expect(result.child.columns.map((c) => [c.name, c.kind])).toEqual([
      ["site_id", "categorical"],
      ["value", "numerical"],
      ["stay", "numerical"],
      ["sex", "categorical"],
    ]);
    // The copula splits the join by the parent's type (two values): one child model per type.
    expect(result.report.childModels).toEqual([
      { stratum: { type: "B" }, rows: 302 },
      { stratum: { type: "A" }, rows: 454 },
    ]);
    expect(result.report.relaxedParents).toBe(0);
  });

  it("reproduces the skewed number of children per parent", () => {
    const { real, synthetic, ksComplement } = result.report.childrenPerParent;
    const fk = col(result.child, "site_id");
    const perParent = col(result.parent, "site_id").map((k) => fk.filter((x) => x === k).length);
    expect(synthetic).toEqual(perParent);
    const realFk = col(fixture.child.table, "site_id");
    expect(real).toEqual(realKeys.map((k) => realFk.filter((x) => x === k).length));
    // The fixture is skewed: about 10% of sites have no patient, the largest has over 5× the mean.
    expect(real.filter((c) => c === 0).length).toBeGreaterThan(10);
    expect(Math.max(...real)).toBeGreaterThan(5 * mean(real));
    expect(ksComplement).toBe(1 - ksDistance(real, synthetic));
    expect(ksComplement).toBeGreaterThanOrEqual(0.8);
    // The synthetic total is a sum of 200 draws from (about) the real count distribution: its
    // standard error is √200 · sd(counts). Three standard errors allow for chance, not for a bias.
    const realTotal = real.reduce((a, b) => a + b, 0);
    const total = synthetic.reduce((a, b) => a + b, 0);
    expect(realTotal).toBe(756);
    expect(Math.abs(total - realTotal)).toBeLessThanOrEqual(3 * Math.sqrt(200) * std(real));
    expect(fk).toHaveLength(total);
  });

  it("keeps child values that depend on the parent's category and on its numbers", () => {
    const type = parentValueOfChild(result.parent, result.child, "site_id", "site_id", "type");
    const value = col(result.child, "value") as number[];
    const byType = (t: string) => value.filter((_, i) => type[i] === t);
    // Real: A ~ N(10, 1), B ~ N(100, 5); a tolerance of about one real standard deviation.
    expect(Math.abs(mean(byType("A")) - 10)).toBeLessThan(1);
    expect(Math.abs(mean(byType("B")) - 100)).toBeLessThan(5);
    expect(Math.max(...byType("A"))).toBeLessThan(50);
    expect(Math.min(...byType("B"))).toBeGreaterThan(50);
    // stay grows with the parent's beds: the correlation through the foreign key is kept.
    const realBeds = parentValueOfChild(fixture.parent.table, fixture.child.table, "site_id", "site_id", "beds") as number[];
    const real = pearson(realBeds, col(fixture.child.table, "stay") as number[]);
    const beds = parentValueOfChild(result.parent, result.child, "site_id", "site_id", "beds") as number[];
    const synthetic = pearson(beds, col(result.child, "stay") as number[]);
    expect(real).toBeGreaterThan(0.8);
    expect(Math.abs(synthetic - real)).toBeLessThan(0.1);
  });

  it("loses the dependence on the category without strata (why the copula stratifies)", async () => {
    const pooled = await synthesizeParentChild({ ...fixture, seed: 3, stratifyBy: [] });
    expect(pooled.report.childModels).toEqual([{ stratum: null, rows: 756 }]);
    const type = parentValueOfChild(pooled.parent, pooled.child, "site_id", "site_id", "type");
    const a = (col(pooled.child, "value") as number[]).filter((_, i) => type[i] === "A");
    expect(mean(a)).toBeGreaterThan(20);
  });

  it("returns the same tables for the same seed and other tables for another", async () => {
    const again = await synthesizeParentChild({ ...fixture, seed: 3 });
    expect(again).toEqual(result);
    const other = await synthesizeParentChild({ ...fixture, seed: 4 });
    expect(col(other.child, "value")).not.toEqual(col(result.child, "value"));
  });

  it("generates as many parents as asked, with numbered keys when the real key is a number", async () => {
    const numbered = {
      parent: {
        ...fixture.parent,
        table: {
          columns: fixture.parent.table.columns.map((c) =>
            c.name === "site_id" ? { ...c, kind: "numerical" as const, values: c.values.map((_, i) => i + 1) } : c,
          ),
        },
      },
      child: {
        ...fixture.child,
        table: {
          columns: fixture.child.table.columns.map((c) =>
            c.name === "site_id" ? { ...c, kind: "numerical" as const, values: c.values.map((k) => realKeys.indexOf(k) + 1) } : c,
          ),
        },
      },
    };
    const r = await synthesizeParentChild({ ...numbered, parents: 50, seed: 1 });
    // Real keys are 1–200: the synthetic ones start after them, never reusing one.
    expect(col(r.parent, "site_id")).toEqual(Array.from({ length: 50 }, (_, i) => 201 + i));
    expect(r.report.childrenPerParent.synthetic).toHaveLength(50);
    expect(r.child.columns[0]?.kind).toBe("numerical");
    expect(r.report.orphanChildren).toBe(0);
  });

  it("copies child columns named as parent columns from the synthetic parent", async () => {
    const withType = {
      ...fixture.child,
      table: {
        columns: [
          ...fixture.child.table.columns,
          {
            name: "type",
            kind: "categorical" as const,
            values: parentValueOfChild(fixture.parent.table, fixture.child.table, "site_id", "site_id", "type"),
          },
        ],
      },
      columns: [...fixture.child.columns, { name: "type", kind: "categorical" as const, nullable: false }],
    };
    const r = await synthesizeParentChild({ parent: fixture.parent, child: withType, seed: 3 });
    expect(col(r.child, "type")).toEqual(parentValueOfChild(r.parent, r.child, "site_id", "site_id", "type"));
    expect(r.child.columns.map((c) => c.name)).toEqual(["site_id", "value", "stay", "sex", "type"]);
  });

  it("relaxes conditions too rare for the child model, and counts the parents concerned", async () => {
    // A second category on the parent, independent of the first: with one child model for all,
    // the copula draws the type exactly but must reject rows for the region.
    const regions = ["N", "S", "E"];
    const parent = {
      ...fixture.parent,
      table: {
        columns: [
          ...fixture.parent.table.columns,
          { name: "region", kind: "categorical" as const, values: realKeys.map((_, i) => regions[i % 3] as string) },
        ],
      },
      columns: [...fixture.parent.columns, { name: "region", kind: "categorical" as const, nullable: false }],
    };
    const lenient = await synthesizeParentChild({ parent, child: fixture.child, stratifyBy: [], seed: 3 });
    expect(lenient.report.relaxedParents).toBe(0);
    // One candidate row per requested row: most parents' conditions cannot all be met.
    const strict = await synthesizeParentChild({
      parent,
      child: fixture.child,
      stratifyBy: [],
      settings: { maxRejectionAttempts: 1 },
      seed: 3,
    });
    const withChildren = strict.report.childrenPerParent.synthetic.filter((c) => c > 0).length;
    expect(strict.report.relaxedParents).toBeGreaterThan(withChildren / 2);
    expect(strict.report.relaxedParents).toBeLessThanOrEqual(withChildren);
    expect(col(strict.child, "site_id")).toHaveLength(strict.report.childrenPerParent.synthetic.reduce((a, b) => a + b, 0));
    expect(strict.report.orphanChildren).toBe(0);
  });

  it("names every problem of the input at once", async () => {
    const bad = {
      parent: {
        key: "id",
        table: {
          columns: [
            { name: "id", kind: "categorical" as const, values: ["a", "b", "a"] },
            { name: "x", kind: "numerical" as const, values: [1, 2, 3] },
          ],
        },
        columns: [{ name: "x", kind: "numerical" as const, nullable: false }],
      },
      child: {
        foreignKey: "id",
        table: {
          columns: [
            { name: "id", kind: "categorical" as const, values: ["a", "c", "d"] },
            { name: "y", kind: "numerical" as const, values: [1, 2, 3] },
          ],
        },
        columns: [
          { name: "y", kind: "numerical" as const, nullable: false },
          { name: "x", kind: "categorical" as const, nullable: false },
        ],
      },
    };
    const error = await synthesizeParentChild({ ...bad, stratifyBy: ["x"], parents: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      "synthesizeParentChild: child.columns.x: categorical in the child but numerical in the parent; " +
        "parents: must be a whole number ≥ 1, got 0; " +
        'parent.key: "a" is the key of rows 0 and 2; ' +
        'child.foreignKey: 2 child rows reference no parent (first: row 1, "c"); ' +
        'stratifyBy: "x" is numerical; only categorical and boolean columns have groups',
    );
  });

  it("accepts the gan and frees its models (a 2-epoch smoke test: links and counts, not fidelity)", async () => {
    const small = sitesAndPatients(40, 2);
    const settings = {
      epochs: 2,
      batchSize: 20,
      pac: 10,
      generatorDim: [16],
      criticDim: [16],
      embeddingDim: 8,
      earlyStopping: false,
      backend: "cpu",
    };
    const tensors = tf.memory().numTensors;
    const r = await synthesizeParentChild({ ...small, synthesizer: "gan", settings, seed: 1 });
    expect(tf.memory().numTensors).toBe(tensors); // both models disposed
    expect(col(r.parent, "site_id")).toHaveLength(40);
    expect(r.report.orphanChildren).toBe(0);
    expect(col(r.child, "site_id")).toHaveLength(r.report.childrenPerParent.synthetic.reduce((a, b) => a + b, 0));
    expect(r.report.childModels).toEqual([{ stratum: null, rows: small.child.table.columns[0]?.values.length }]);
  }, 30_000);
});

describe("deriveParentTable", () => {
  it("keeps the columns constant within every group, nulls included, one row per key in order of appearance", () => {
    const child: Table = {
      columns: [
        { name: "country", kind: "categorical", values: ["KE", "UG", "KE", "TZ", "UG"] },
        { name: "region", kind: "categorical", values: ["East", "East", "East", "East", "East"] },
        { name: "population", kind: "numerical", values: [53, 45, 53, null, 45] },
        { name: "weight", kind: "numerical", values: [1, 2, 3, 4, 5] },
        { name: "mode", kind: "categorical", values: ["Air", "Air", "Air", "Truck", "Sea"] },
      ],
    };
    const columns = [
      { name: "country", kind: "categorical" as const, nullable: false },
      { name: "region", kind: "categorical" as const, nullable: false },
      { name: "population", kind: "numerical" as const, nullable: true },
      { name: "weight", kind: "numerical" as const, nullable: false },
      { name: "mode", kind: "categorical" as const, nullable: false },
    ];
    expect(deriveParentTable(child, "country", columns)).toEqual({
      key: "country",
      columns: [columns[1], columns[2]],
      table: {
        columns: [
          { name: "country", kind: "categorical", values: ["KE", "UG", "TZ"] },
          { name: "region", kind: "categorical", values: ["East", "East", "East"] },
          { name: "population", kind: "numerical", values: [53, 45, null] },
        ],
      },
    });
  });

  it("gives a parent that synthesizeParentChild accepts with the denormalised child as is", async () => {
    const denormalised = {
      foreignKey: "site_id",
      table: {
        columns: [
          ...fixture.child.table.columns,
          {
            name: "type",
            kind: "categorical" as const,
            values: parentValueOfChild(fixture.parent.table, fixture.child.table, "site_id", "site_id", "type"),
          },
        ],
      },
      columns: [...fixture.child.columns, { name: "type", kind: "categorical" as const, nullable: false }],
    };
    const parent = deriveParentTable(denormalised.table, "site_id", denormalised.columns);
    expect(parent.columns.map((c) => c.name)).toEqual(["type"]);
    // Sites without patients are not in a child table: the derived parent has the others, in order.
    const fk = col(fixture.child.table, "site_id");
    expect(col(parent.table, "site_id")).toEqual(realKeys.filter((k) => fk.includes(k)));
    const r = await synthesizeParentChild({ parent, child: denormalised, seed: 3 });
    expect(r.report.orphanChildren).toBe(0);
    expect(Math.min(...r.report.childrenPerParent.real)).toBe(1);
    expect(col(r.child, "type")).toEqual(parentValueOfChild(r.parent, r.child, "site_id", "site_id", "type"));
  });

  it("names the missing columns", () => {
    expect(() =>
      deriveParentTable({ columns: [{ name: "a", kind: "boolean", values: [true] }] }, "a", [
        { name: "b", kind: "numerical", nullable: false },
      ]),
    ).toThrow(
      new InputError(
        'deriveParentTable: child: no column "b"; the table has a; foreignKey: column "a" is boolean; a key is categorical or numerical',
      ),
    );
  });
});

describe("ksDistance", () => {
  it("is the largest gap between the two empirical CDFs, ties counted once", () => {
    expect(ksDistance([0, 0, 1, 2], [0, 1, 1, 1])).toBe(0.25);
    expect(ksDistance([1, 2, 3], [4, 5])).toBe(1);
    expect(ksDistance([3, 1, 2], [2, 3, 1])).toBe(0);
  });
});
