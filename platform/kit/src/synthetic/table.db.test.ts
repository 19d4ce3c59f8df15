import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DialysisSession, nephrology, SESSIONS_SQL } from "../__fixtures__/nephrology.js";
import { migrateDomain } from "../index.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { readTable, synthesisColumns } from "./table.js";

const domain = nephrology(DialysisSession);
const sessions = domain.products[0]!.datasets[0]!;
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, domain);
  await db.pool.query(SESSIONS_SQL);
});
afterAll(async () => db?.destroy());

describe("synthesisColumns", () => {
  it("derives the column model from the contract, leaving out identifiers and PHI", () => {
    const { model, excluded, fresh } = synthesisColumns(sessions);
    expect(excluded).toEqual([
      { column: "session_id", reason: "identifier: generated fresh for each synthetic row, not learned" },
      { column: "patient_id", reason: "phi: never used to train a synthesizer" },
    ]);
    expect(fresh).toEqual(["session_id"]);
    expect(model.map((c) => [c.name, c.kind, c.nullable])).toEqual([
      ["unit_code", "categorical", false],
      ["session_date", "datetime", false],
      ["started_at", "datetime", true],
      ["duration_minutes", "numerical", false],
      ["ultrafiltration_volume", "numerical", true],
      ["kt_v", "numerical", true],
      ["access_type", "categorical", false],
      ["completed", "boolean", false],
    ]);
    expect(model.find((c) => c.name === "unit_code")?.allowedValues).toEqual(["NOR", "SOU", "EST"]);
    expect(model.find((c) => c.name === "duration_minutes")).toMatchObject({ integer: true });
    expect(model.find((c) => c.name === "ultrafiltration_volume")).toMatchObject({ decimals: 1 });
  });
});

describe("readTable", () => {
  it("reads the model's columns in key order, dates as epoch milliseconds", async () => {
    const table = await readTable(db.pool, sessions, synthesisColumns(sessions).model);
    expect(table.columns.map((c) => [c.name, c.kind, c.values])).toEqual([
      ["unit_code", "categorical", ["NOR", "NOR", "SOU", "SOU", "EST"]],
      [
        "session_date",
        "datetime",
        ["2024-03-01", "2024-03-01", "2024-03-03", "2024-03-04", "2024-03-05"].map((d) => Date.parse(`${d}T00:00:00Z`)),
      ],
      [
        "started_at",
        "datetime",
        [Date.parse("2024-03-01T08:00:00Z"), null, Date.parse("2024-03-03T09:30:00Z"), null, Date.parse("2024-03-05T07:15:00Z")],
      ],
      ["duration_minutes", "numerical", [240, 180, 235, 120, 250]],
      ["ultrafiltration_volume", "numerical", [2.5, null, 3.1, 1, 2.8]],
      ["kt_v", "numerical", [1.31, null, 1.42, null, 1.25]],
      ["access_type", "categorical", ["fistula", "catheter", "fistula", "graft", "catheter"]],
      ["completed", "boolean", [true, true, true, false, true]],
    ]);
  });
});
