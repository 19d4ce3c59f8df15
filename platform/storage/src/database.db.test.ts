import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import { existsSync } from "node:fs";
import { createLogger, loadConfig } from "@mesh/core";
import { copyInto, copyText, openDatabase, openSchema, type MigrationInterface, type QueryRunner } from "@mesh/storage";

class CreateThings1700000000000 implements MigrationInterface {
  name = "CreateThings1700000000000";
  async up(q: QueryRunner) {
    await q.query(`create table demo.things (id integer primary key, label text)`);
  }
  async down(q: QueryRunner) {
    await q.query(`drop table demo.things`);
  }
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.destroy());

describe("openSchema", () => {
  it("creates the schema, runs pending migrations once and keeps their history in that schema", async () => {
    const first = await openSchema(db.url, { schema: "demo", migrations: [CreateThings1700000000000] });
    await first.destroy();
    const second = await openSchema(db.url, { schema: "demo", migrations: [CreateThings1700000000000] });
    await second.destroy();
    const history = await db.pool.query("select name from demo.migrations");
    expect(history.rows).toEqual([{ name: "CreateThings1700000000000" }]);
  });
});

describe("copyInto", () => {
  it("loads COPY text rows, escaping tabs, newlines and backslashes, and null as \\N", async () => {
    const labels = ["plain", "tab\there", "new\nline", "back\\slash", null];
    const text = labels.map((label, i) => `${i + 1}\t${copyText(label)}\n`).join("");
    const client = await db.pool.connect();
    try {
      const count = await copyInto(client, { schema: "demo", name: "things", columns: ["id", "label"] }, Readable.from([text]));
      expect(count).toBe(5);
    } finally {
      client.release();
    }
    const rows = await db.pool.query("select id, label from demo.things order by id");
    expect(rows.rows).toEqual(labels.map((label, i) => ({ id: i + 1, label })));
  });
});

describe("openDatabase", () => {
  it("uses DATABASE_URL as it is, starts no server, and hides the password when it says where it is", async () => {
    const home = "/tmp/mesh-never-created-by-this-test";
    const opened = await openDatabase(loadConfig({ DATABASE_URL: db.url, MESH_HOME: home }), createLogger("test", "silent"));
    try {
      const url = new URL(db.url);
      expect(opened.url).toBe(db.url);
      expect(opened.description).toBe(db.url.replace(`:${url.password}@`, ":***@"));
      expect(opened.connectHint).toBe(opened.description);
      const name = await opened.pool.query("select current_database() as name");
      expect(name.rows).toEqual([{ name: url.pathname.slice(1) }]);
    } finally {
      await opened.close();
    }
    expect(existsSync(home)).toBe(false);
  });
});
