import type { MigrationInterface, QueryRunner } from "@mesh/storage";

export class CreateJobProgress1764000000000 implements MigrationInterface {
  name = "CreateJobProgress1764000000000";

  async up(q: QueryRunner): Promise<void> {
    // pg-boss keeps the queue (its own schema, its own tables); this keeps what it has no room
    // for: where a running job is (fraction, message, details such as epoch and losses).
    await q.query(`
      create table jobs.progress (
        job_id uuid primary key,
        queue text not null,
        fraction real check (fraction is null or (fraction >= 0 and fraction <= 1)),
        message text,
        details jsonb not null default '{}'::jsonb,
        updated_at timestamp with time zone not null default now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("drop table jobs.progress");
  }
}
