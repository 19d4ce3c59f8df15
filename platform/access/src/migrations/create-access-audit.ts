import type { MigrationInterface, QueryRunner } from "@mesh/storage";

/** The access audit log: one row per access decision (`AccessDecision`), written by `PostgresAuditSink`. */
export class CreateAccessAudit1763900000000 implements MigrationInterface {
  name = "CreateAccessAudit1763900000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table platform.access_audit (
        id bigserial primary key,
        at timestamp with time zone not null,
        request_id text not null,
        subject text not null,
        client_id text not null,
        action text not null,
        kind text not null,
        resource text not null,
        domain text not null,
        port text,
        classification text,
        allowed boolean not null
      )`);
    // The reader pages newest first, over everything or one subject's or one resource's decisions.
    await q.query(`create index access_audit_by_time on platform.access_audit (at)`);
    await q.query(`create index access_audit_by_subject on platform.access_audit (subject, at)`);
    await q.query(`create index access_audit_by_resource on platform.access_audit (resource, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table platform.access_audit`);
  }
}
