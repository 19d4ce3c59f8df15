import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { MigrationInterface, QueryRunner } from "@mesh/storage";
import { DateTime, defineDataProduct, defineDomain, Field, Float, Int, LocalDate, ObjectType, type Domain } from "../index.js";

/** A small product for the kit's own tests (not a domain of the mesh). */
// The contracts package's test fixture: a dialysis-sessions contract with a PHI column (patient_id).
const FIXTURES = fileURLToPath(new URL("../../../../contracts/src/__fixtures__/", import.meta.url));
const contractsRoot = mkdtempSync(path.join(tmpdir(), "mesh-kit-contracts-"));
mkdirSync(path.join(contractsRoot, "nephrology"));
for (const file of ["dialysis.odps.yaml", "dialysis-sessions.odcs.yaml"]) {
  copyFileSync(path.join(FIXTURES, file), path.join(contractsRoot, "nephrology", file));
}

@ObjectType()
export class DialysisSession {
  @Field(() => Int) sessionId!: number;
  @Field(() => String, { nullable: true }) patientId!: string | null;
  @Field(() => String, { nullable: true }) unitCode!: string | null;
  @Field(() => LocalDate, { nullable: true }) sessionDate!: string | null;
  @Field(() => DateTime, { nullable: true }) startedAt!: string | null;
  @Field(() => Int) durationMinutes!: number;
  @Field(() => Float, { nullable: true }) ultrafiltrationVolume!: number | null;
  @Field(() => Float, { nullable: true }) ktV!: number | null;
  @Field(() => String, { nullable: true }) accessType!: string | null;
  @Field(() => Boolean) completed!: boolean;
}

/** Wrong on purpose: a missing column, a wrong type, wrong nullability both ways, an extra field. */
@ObjectType()
export class BadDialysisSession {
  @Field(() => String) sessionId!: string;
  @Field(() => String) patientId!: string;
  @Field(() => String, { nullable: true }) unitCode!: string | null;
  @Field(() => LocalDate, { nullable: true }) sessionDate!: string | null;
  @Field(() => DateTime, { nullable: true }) startedAt!: string | null;
  @Field(() => Int, { nullable: true }) durationMinutes!: number | null;
  @Field(() => Float, { nullable: true }) ultrafiltrationVolume!: number | null;
  @Field(() => Float, { nullable: true }) ktV!: number | null;
  @Field(() => Boolean) completed!: boolean;
  @Field(() => String) nurse!: string;
}

class CreateSessions1700000000000 implements MigrationInterface {
  name = "CreateSessions1700000000000";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table nephrology.sessions (
      session_id bigint primary key, patient_id character varying(12) not null, unit_code character(3) not null,
      session_date date not null, started_at timestamp with time zone, duration_minutes smallint not null,
      ultrafiltration_volume numeric(6,1), kt_v double precision, access_type text not null, completed boolean not null)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query("drop table nephrology.sessions");
  }
}

export const nephrology = (record: typeof DialysisSession | typeof BadDialysisSession): Domain =>
  defineDomain({
    name: "nephrology",
    migrations: [CreateSessions1700000000000],
    products: [
      defineDataProduct({
        domain: "nephrology",
        name: "dialysis",
        descriptor: "dialysis.odps.yaml",
        contractsRoot,
        datasets: [
          {
            name: "sessions",
            contract: "dialysis-sessions.odcs.yaml",
            formats: [],
            records: { type: record, query: "dialysisSessions" },
          },
        ],
      }),
    ],
  });

/** Five sessions of three patients, as the tests expect them. */
export const SESSIONS_SQL = `insert into nephrology.sessions values
    (1, 'P-000001', 'NOR', '2024-03-01', '2024-03-01T08:00:00Z', 240, 2.5, 1.31, 'fistula', true),
    (2, 'P-000002', 'NOR', '2024-03-01', null, 180, null, null, 'catheter', true),
    (3, 'P-000001', 'SOU', '2024-03-03', '2024-03-03T09:30:00Z', 235, 3.1, 1.42, 'fistula', true),
    (4, 'P-000003', 'SOU', '2024-03-04', null, 120, 1.0, null, 'graft', false),
    (5, 'P-000002', 'EST', '2024-03-05', '2024-03-05T07:15:00Z', 250, 2.8, 1.25, 'catheter', true)`;

/** 300 sessions for synthesis: longer sessions remove more fluid; catheters are rarer in the south unit. */
export const MANY_SESSIONS_SQL = `
    insert into nephrology.sessions
    select i, 'P-' || lpad((i % 90)::text, 6, '0'), (array['NOR','SOU','EST'])[1 + i % 3],
           date '2024-01-01' + (i % 120), null, 180 + (i * 37) % 90,
           round((1.0 + ((180 + (i * 37) % 90) - 180) / 40.0 + (i % 7) / 10.0)::numeric, 1),
           case when i % 5 = 0 then null else 1.1 + (i % 9) / 20.0 end,
           (array['fistula','graft','catheter'])[1 + (i * 7) % 3], i % 6 <> 0
    from generate_series(1, 300) as i`;
