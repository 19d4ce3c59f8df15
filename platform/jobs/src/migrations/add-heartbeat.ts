import type { MigrationInterface, QueryRunner } from "@mesh/storage";

export class AddJobHeartbeat1764300000000 implements MigrationInterface {
  name = "AddJobHeartbeat1764300000000";

  async up(q: QueryRunner): Promise<void> {
    // Written every few seconds by the process running a job (its event loop is free: the job runs
    // in a worker thread). A running job whose heartbeat stopped belongs to a dead process.
    await q.query("alter table jobs.progress add column heartbeat_at timestamp with time zone");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("alter table jobs.progress drop column heartbeat_at");
  }
}
