import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeeds, migrateDomain, synthesizeRelated, type Dataset } from "@mesh/kit";
import { createTestDatabase, type TestDatabase } from "@mesh/kit/testing";
import { logisticsDomain } from "./index.js";

// Multi-table synthesis on the real SCMS shipments: destination country → its shipment lines.
const shipments = logisticsDomain.products[0]!.datasets[0] as Dataset;
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, logisticsDomain);
  await loadSeeds(db.pool, logisticsDomain);
}, 120_000);
afterAll(async () => db?.destroy());

describe("country → shipments, synthesised as a parent/child pair", () => {
  it("gives every synthetic shipment a synthetic country, with a faithful number of shipments per country", async () => {
    const options = { foreignKey: "country", leaveOut: ["country_code", "country_iso3"], seed: 1 };
    const { parent, child, report } = await synthesizeRelated(db.pool, shipments, options);
    const keys = parent.columns.find((c) => c.name === "country")!.values;
    const links = child.columns.find((c) => c.name === "country")!.values;
    // 43 real destination countries (shared data README); fresh keys, never a real country's name.
    expect(keys).toHaveLength(43);
    expect(new Set(keys).size).toBe(43);
    const real = await db.pool.query<{ country: string }>("select distinct country from logistics.shipments");
    expect(keys.filter((k) => real.rows.some((r) => r.country === k))).toEqual([]);
    expect(links.filter((k) => !keys.includes(k))).toEqual([]);
    expect(report.orphanChildren).toBe(0);
    expect(report.childrenPerParent.real).toHaveLength(43);
    expect(report.childrenPerParent.real.reduce((a, b) => a + b, 0)).toBe(10_324);
    expect(report.childrenPerParent.synthetic.reduce((a, b) => a + b, 0)).toBe(links.length);
    expect(report.childrenPerParent.ksComplement).toBeGreaterThanOrEqual(0.8);
    // Seeded: the same request gives the same tables.
    const again = await synthesizeRelated(db.pool, shipments, options);
    expect(again.child.columns.map((c) => c.values.slice(0, 20))).toEqual(child.columns.map((c) => c.values.slice(0, 20)));
  }, 120_000);
});
