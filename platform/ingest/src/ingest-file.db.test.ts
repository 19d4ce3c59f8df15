import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TableSpec } from "@mesh/contracts";
import { column } from "./column.fixture.js";
import { openSchema, type MigrationInterface, type QueryRunner } from "@mesh/storage";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import { ingestFile, ingestMigrations, IngestError, RowError, type IngestTarget, type SourceFormat } from "./index.js";

const table: TableSpec = {
  name: "readings",
  physicalName: "readings",
  description: "",
  primaryKey: ["id"],
  columns: [
    column({ name: "id", logicalType: "integer", physicalType: "integer", required: true, primaryKeyPosition: 1 }),
    column({ name: "site", required: true, pattern: "^[a-z]+$" }),
    column({ name: "reading", logicalType: "number", physicalType: "double precision", minimum: 0 }),
    column({ name: "taken", logicalType: "date", physicalType: "date" }),
  ],
};

class CreateReadings1700000000001 implements MigrationInterface {
  name = "CreateReadings1700000000001";
  async up(q: QueryRunner) {
    await q.query(
      `create table demo.readings (id integer primary key, site text not null, reading double precision, taken date)`,
    );
  }
  async down(q: QueryRunner) {
    await q.query(`drop table demo.readings`);
  }
}

/** A shape with a header, a title line to skip, `NA` for missing, and a US date. */
const labFormat: SourceFormat = {
  name: "lab-export",
  description: "the lab's export",
  layout: { skipLines: 1, header: ["ID", "Site", "Reading", "Date"] },
  map(record, emit) {
    const [id, site, reading, date] = record as [string, string, string, string];
    if (site === "unknown") throw new RowError("Site", site, "is not a known site");
    const [m, d, y] = date.split("/");
    emit([
      id,
      site,
      reading === "NA" ? null : reading,
      date === "" ? null : `${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`,
    ]);
  },
};

/** Headerless, one file per site; the site comes from the file name. */
const siteFormat: SourceFormat = {
  name: "site-file",
  description: "headerless readings of one site",
  layout: { header: false, columnCount: 2 },
  parameters: { site: { description: "the site", fromFileName: /^readings\.([a-z]+)\.csv$/ } },
  map(record, emit, context) {
    emit([record[0]!, context.params.site!, record[1]!, null]);
  },
};

/** One record, several rows: a wide row of readings by day. */
const wideFormat: SourceFormat = {
  name: "wide",
  description: "one row per site, one column per day",
  layout: { header: ["Site", "First", "Day1", "Day2", "Day3"], allowTrailingEmptyColumn: true },
  map(record, emit) {
    const [site, first, ...days] = record as [string, string, ...string[]];
    days.forEach((value, i) => {
      if (value !== "") emit([String(Number(first) + i), site, value, null]);
    });
  },
};

const target: IngestTarget = {
  urn: "urn:mesh:demo:lab:readings",
  schema: "demo",
  table,
  formats: [labFormat, siteFormat, wideFormat],
};

let db: TestDatabase;
let dir: string;
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
};
const count = async () => Number((await db.pool.query("select count(*) from demo.readings")).rows[0].count);
const labFile = (rows: number, edit?: (i: number) => string | undefined) => {
  const lines = ["Lab export 2026", "ID,Site,Reading,Date"];
  for (let i = 1; i <= rows; i++) lines.push(edit?.(i) ?? `${i},north,${(i % 90) + 0.5},3/${(i % 28) + 1}/2026`);
  return `${lines.join("\n")}\n`;
};

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), "mesh-ingest-"));
  await (await openSchema(db.url, { schema: "platform", migrations: [...ingestMigrations] })).destroy();
  await (await openSchema(db.url, { schema: "demo", migrations: [CreateReadings1700000000001] })).destroy();
});
afterAll(async () => db.destroy());
beforeEach(async () => {
  await db.pool.query("truncate demo.readings; truncate platform.ingest_runs");
});

describe("ingestFile", () => {
  it("loads every row of a file, recognising its format from the header, and records the run", async () => {
    const at = file("lab.csv", labFile(6000));
    const progress: number[] = [];
    const result = await ingestFile(db.pool, target, { file: at, onProgress: (p) => progress.push(p.rows) });
    const sha256 = createHash("sha256").update(readFileSync(at)).digest("hex");
    expect(result).toEqual({
      status: "loaded",
      dataset: target.urn,
      file: at,
      format: "lab-export",
      rows: 6000,
      bytes: readFileSync(at).length,
      sha256,
    });
    expect(await count()).toBe(6000);
    expect(progress.at(-1)).toBe(6000);
    const row = await db.pool.query(
      "select id, site, reading, to_char(taken, 'YYYY-MM-DD') as taken from demo.readings where id = 45",
    );
    expect(row.rows).toEqual([{ id: 45, site: "north", reading: 45.5, taken: "2026-03-18" }]);
    const runs = await db.pool.query(
      "select dataset_urn, file_sha256, format, status, rows_loaded, error from platform.ingest_runs",
    );
    expect(runs.rows).toEqual([
      {
        dataset_urn: target.urn,
        file_sha256: sha256,
        format: "lab-export",
        status: "completed",
        rows_loaded: "6000",
        error: null,
      },
    ]);
  });

  it("changes nothing when the same file is loaded twice", async () => {
    const at = file("twice.csv", labFile(100));
    expect((await ingestFile(db.pool, target, { file: at })).status).toBe("loaded");
    const again = await ingestFile(db.pool, target, { file: at });
    expect(again).toMatchObject({ status: "unchanged", rows: 100 });
    expect(await count()).toBe(100);
  });

  it("loads a file once when two loads of it run at the same time", async () => {
    const at = file("concurrent.csv", labFile(3000));
    const results = await Promise.all([ingestFile(db.pool, target, { file: at }), ingestFile(db.pool, target, { file: at })]);
    expect(results.map((r) => r.status).sort()).toEqual(["loaded", "unchanged"]);
    expect(results.map((r) => r.rows)).toEqual([3000, 3000]);
    expect(await count()).toBe(3000);
  });

  it("names the file, row, line, column and value of a bad value on row 5,001 and commits nothing", async () => {
    await ingestFile(db.pool, target, { file: file("first.csv", labFile(10)) });
    const at = file(
      "bad.csv",
      labFile(6000, (i) => (i === 5001 ? "5001,north,-3,3/1/2026" : undefined)),
    );
    const error = await ingestFile(db.pool, target, { file: at }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toBe(
      'bad.csv: row 5001 (line 5003), column reading: value "-3" is below the minimum 0',
    );
    expect((error as IngestError).where).toEqual({ file: at, row: 5001, line: 5003, column: "reading", value: "-3" });
    expect(await count()).toBe(10);
    const failed = await db.pool.query("select status, error, file_sha256 from platform.ingest_runs where status = 'failed'");
    expect(failed.rows).toEqual([{ status: "failed", error: (error as Error).message, file_sha256: null }]);
  });

  it("names the row of a record with a missing field", async () => {
    const at = file(
      "short.csv",
      labFile(20, (i) => (i === 7 ? "7,north,1.5" : undefined)),
    );
    await expect(ingestFile(db.pool, target, { file: at })).rejects.toThrow("short.csv: row 7 (line 9) has 3 fields; expected 4");
    expect(await count()).toBe(0);
  });

  it("names the row of a duplicate key that PostgreSQL refuses", async () => {
    const at = file(
      "dup.csv",
      labFile(20, (i) => (i === 12 ? "3,south,1,3/1/2026" : undefined)),
    );
    await expect(ingestFile(db.pool, target, { file: at })).rejects.toThrow("dup.csv: row 12: Key (id)=(3) already exists.");
    expect(await count()).toBe(0);
  });

  it("reports a problem the format finds with the row, column and value", async () => {
    const at = file(
      "unknown.csv",
      labFile(5, (i) => (i === 4 ? "4,unknown,1,3/1/2026" : undefined)),
    );
    await expect(ingestFile(db.pool, target, { file: at })).rejects.toThrow(
      'unknown.csv: row 4 (line 6), column Site: value "unknown" is not a known site',
    );
  });

  it("says which header column differs when the format is named", async () => {
    const at = file("renamed.csv", "Lab export\nID,Place,Reading,Date\n1,north,1,3/1/2026\n");
    await expect(ingestFile(db.pool, target, { file: at, format: "lab-export" })).rejects.toThrow(
      'renamed.csv: line 2: the header does not match format lab-export: column 2 should be "Site", found "Place"',
    );
  });

  it("lists the formats it knows when a file matches none", async () => {
    const at = file("mystery.csv", "what,is,this\n1,2,3\n");
    await expect(ingestFile(db.pool, target, { file: at })).rejects.toThrow(
      [
        `mystery.csv matches no format of dataset ${target.urn}; it should be one of:`,
        "  - lab-export (header ID,Site,Reading,Date)",
        "  - site-file (no header, 2 fields, recognised by file name; else pass --format)",
        "  - wide (header Site,First,Day1,Day2,Day3)",
        "  - canonical (header id,site,reading,taken)",
      ].join("\n"),
    );
  });

  it("accepts the canonical format with its columns in any order; empty fields are null", async () => {
    const at = file("canonical.csv", "taken,reading,id,site\n2026-01-02,1.25,1,east\n,,2,west\n");
    expect(await ingestFile(db.pool, target, { file: at })).toMatchObject({ status: "loaded", format: "canonical", rows: 2 });
    const rows = await db.pool.query(
      "select id, site, reading, to_char(taken, 'YYYY-MM-DD') as taken from demo.readings order by id",
    );
    expect(rows.rows).toEqual([
      { id: 1, site: "east", reading: 1.25, taken: "2026-01-02" },
      { id: 2, site: "west", reading: null, taken: null },
    ]);
  });

  it("takes a parameter from the file name, or asks for it", async () => {
    const named = file("readings.west.csv", "1,2.5\n2,3.5\n");
    expect(await ingestFile(db.pool, target, { file: named })).toMatchObject({ status: "loaded", format: "site-file", rows: 2 });
    expect((await db.pool.query("select distinct site from demo.readings")).rows).toEqual([{ site: "west" }]);
    const unnamed = file("other.csv", "3,2.5\n");
    await expect(ingestFile(db.pool, target, { file: unnamed, format: "site-file" })).rejects.toThrow(
      'format site-file needs the parameter "site" (the site); pass --param site=<value>',
    );
    expect(await ingestFile(db.pool, target, { file: unnamed, format: "site-file", params: { site: "east" } })).toMatchObject({
      rows: 1,
    });
  });

  it("maps one record to several rows and names the source row of a database error", async () => {
    const at = file("wide.csv", "Site,First,Day1,Day2,Day3,\nnorth,1,1.5,,2.5,\nsouth,3,4,5,6,\n");
    const error = await ingestFile(db.pool, target, { file: at }).catch((e: unknown) => e);
    // north gives ids 1 and 3 (its Day2 is empty); south starts at 3, which is taken.
    expect((error as Error).message).toBe("wide.csv: row 2: Key (id)=(3) already exists.");
    const ok = file("wide-ok.csv", "Site,First,Day1,Day2,Day3,\nnorth,1,1.5,,2.5,\nsouth,10,4,5,6,\n");
    expect(await ingestFile(db.pool, target, { file: ok })).toMatchObject({ status: "loaded", rows: 5 });
  });
});
