import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { ensureDatabase } from "../database.js";
import "./provided-context.js";

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  /** Drops the database; call in `afterAll`. */
  destroy(): Promise<void>;
}

/**
 * A fresh, empty database on the test server (see global-setup.ts), so that test files never
 * see each other's rows. For `*.db.test.ts` files only.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("meshTestAdminUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const url = await ensureDatabase(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // An idle client's failure would otherwise be an uncaught error that names no test: it is
  // kept, and destroy() reports it.
  const idleErrors: Error[] = [];
  pool.on("error", (error) => idleErrors.push(error));
  return {
    url,
    pool,
    async destroy() {
      await pool.end();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`);
      } finally {
        await admin.end();
      }
      if (idleErrors.length > 0) {
        throw new Error(`an idle client of the test database failed: ${idleErrors.map((e) => e.message).join("; ")}`);
      }
    },
  };
}
