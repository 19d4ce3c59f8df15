import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateEvent, type RunEvent } from "@mesh/lineage";
import { DialysisSession, nephrology } from "./__fixtures__/nephrology.js";
import { ingestFile, migrateDomain } from "./index.js";
import { createTestDatabase, type TestDatabase } from "./testing/index.js";

const domain = nephrology(DialysisSession);
const sessions = domain.products[0]!.datasets[0]!;
const dir = mkdtempSync(path.join(tmpdir(), "mesh-lineage-"));
const HEADER =
  "session_id,patient_id,unit_code,session_date,started_at,duration_minutes,ultrafiltration_volume,kt_v,access_type,completed";
const good = path.join(dir, "good.csv");
const bad = path.join(dir, "bad.csv");
writeFileSync(
  good,
  `${HEADER}\n1,MRN000000001,NOR,2024-03-01,,240,2.5,1.31,fistula,true\n2,MRN000000002,SOU,2024-03-02,,180,,,graft,false\n`,
);
writeFileSync(bad, `${HEADER}\n3,MRN000000003,XXX,2024-03-03,,200,1.0,,graft,true\n`);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, domain);
});
afterAll(async () => db?.destroy());

const outbox = async () =>
  (await db.pool.query<{ event: RunEvent }>("select event from lineage.outbox order by id")).rows.map((r) => r.event);

describe("ingestFile's lineage", () => {
  it("writes START, then COMPLETE with the rows in the same transaction; FAIL with the error for a bad file", async () => {
    await ingestFile(db.pool, sessions, { file: good });
    await expect(ingestFile(db.pool, sessions, { file: bad })).rejects.toThrow(/XXX/);
    const events = await outbox();
    expect(events.map((e) => [e.eventType, e.job.namespace, e.job.name, e.inputs?.[0]?.name])).toEqual([
      ["START", "mesh.nephrology", "ingest.dialysis.sessions", good],
      ["COMPLETE", "mesh.nephrology", "ingest.dialysis.sessions", good],
      ["START", "mesh.nephrology", "ingest.dialysis.sessions", bad],
      ["FAIL", "mesh.nephrology", "ingest.dialysis.sessions", bad],
    ]);
    expect(events[0]!.run.runId).toBe(events[1]!.run.runId);
    expect(events[2]!.run.runId).toBe(events[3]!.run.runId);
    const [output] = events[1]!.outputs!;
    expect({
      name: output!.name,
      namespace: output!.namespace.startsWith("postgres://"),
      stats: output!.outputFacets?.outputStatistics,
    }).toEqual({
      name: `${new URL(db.url).pathname.slice(1)}.nephrology.sessions`,
      namespace: true,
      stats: expect.objectContaining({ rowCount: 2, size: statSync(good).size }),
    });
    // Where it failed, never the value: lineage is sent to other systems.
    expect(events[3]!.run.facets?.errorMessage).toEqual({
      _producer: expect.any(String),
      _schemaURL: expect.stringContaining("ErrorMessageRunFacet"),
      message:
        "bad.csv: row 1 (line 2), column unit_code: value refused by the contract (the value itself is in the ingest run log)",
      programmingLanguage: "TypeScript",
    });
    expect(JSON.stringify(events)).not.toContain("XXX");
    for (const event of events) expect(validateEvent(event)).toEqual({ valid: true, errors: [] });
  });
});
