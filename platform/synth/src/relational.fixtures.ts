import { type CellValue, type Table } from "@mesh/core";
import { type ColumnSpec } from "./columns.js";
import { Random } from "./random.js";

/**
 * Sites and their patients, seeded. A site has a type (A 60%, B 40%) and a number of beds
 * (40 to 400); its patient count is skewed (log-normal around e^1.2, about 10% of sites with
 * none, a long tail), larger for sites with more beds. A patient's `value` depends on the site
 * type (A: N(10, 1), B: N(100, 5)); the `stay` in days grows with the site's beds; `sex` is
 * independent of the site.
 */
export function sitesAndPatients(
  sites: number,
  seed = 1,
): {
  parent: { table: Table; columns: ColumnSpec[]; key: string };
  child: { table: Table; columns: ColumnSpec[]; foreignKey: string };
} {
  const rng = new Random(seed);
  const siteId: CellValue[] = [];
  const type: CellValue[] = [];
  const beds: CellValue[] = [];
  const patientSite: CellValue[] = [];
  const value: CellValue[] = [];
  const stay: CellValue[] = [];
  const sex: CellValue[] = [];
  for (let s = 0; s < sites; s++) {
    const id = `site-${1000 + s}`;
    const isA = rng.uniform() < 0.6;
    const size = rng.normal();
    const b = Math.round(Math.min(400, Math.max(40, 200 + 80 * size)));
    siteId.push(id);
    type.push(isA ? "A" : "B");
    beds.push(b);
    const count = rng.uniform() < 0.1 ? 0 : Math.round(Math.exp(1.2 + 0.5 * size + 0.6 * rng.normal()));
    for (let p = 0; p < count; p++) {
      patientSite.push(id);
      value.push(Math.round((isA ? 10 + rng.normal() : 100 + 5 * rng.normal()) * 100) / 100);
      stay.push(Math.round((2 + b / 40 + rng.normal()) * 10) / 10);
      sex.push(rng.uniform() < 0.5 ? "F" : "M");
    }
  }
  return {
    parent: {
      key: "site_id",
      table: {
        columns: [
          { name: "site_id", kind: "categorical", values: siteId },
          { name: "type", kind: "categorical", values: type },
          { name: "beds", kind: "numerical", values: beds },
        ],
      },
      columns: [
        { name: "type", kind: "categorical", nullable: false, allowedValues: ["A", "B"] },
        { name: "beds", kind: "numerical", integer: true, nullable: false, minimum: 0 },
      ],
    },
    child: {
      foreignKey: "site_id",
      table: {
        columns: [
          { name: "site_id", kind: "categorical", values: patientSite },
          { name: "value", kind: "numerical", values: value },
          { name: "stay", kind: "numerical", values: stay },
          { name: "sex", kind: "categorical", values: sex },
        ],
      },
      columns: [
        { name: "value", kind: "numerical", nullable: false, decimals: 2 },
        { name: "stay", kind: "numerical", nullable: false, decimals: 1, minimum: 0 },
        { name: "sex", kind: "categorical", nullable: false },
      ],
    },
  };
}
