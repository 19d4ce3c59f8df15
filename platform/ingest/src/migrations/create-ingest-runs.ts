import type { MigrationInterface, QueryRunner } from "@mesh/storage";

export class CreateIngestRuns1763800000000 implements MigrationInterface {
  name = "CreateIngestRuns1763800000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table platform.ingest_runs (
        id uuid primary key default gen_random_uuid(),
        dataset_urn text not null,
        file_name text not null,
        file_sha256 character(64) check (status = 'failed' or file_sha256 is not null),
        file_bytes bigint not null,
        format text not null,
        params jsonb not null default '{}'::jsonb,
        status text not null check (status in ('completed', 'failed')),
        rows_loaded bigint,
        error text,
        started_at timestamp with time zone not null,
        finished_at timestamp with time zone not null default now()
      )`);
    // A file (same bytes, format and parameters) is loaded into a dataset at most once.
    await q.query(`
      create unique index ingest_runs_loaded_once on platform.ingest_runs (dataset_urn, file_sha256, format, params)
      where status = 'completed'`);
    await q.query(`create index ingest_runs_by_dataset on platform.ingest_runs (dataset_urn, finished_at desc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table platform.ingest_runs`);
  }
}
