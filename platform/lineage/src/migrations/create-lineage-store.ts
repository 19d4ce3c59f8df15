import type { MigrationInterface, QueryRunner } from "@mesh/storage";

/**
 * The lineage store (schema `lineage`): raw events, deduplicated by the SHA-256 of their canonical
 * JSON, and the graph derived from them (jobs, datasets, runs, run inputs/outputs, column
 * lineage). Raw events may be pruned (`pruneEvents`); the graph stays.
 */
export class CreateLineageStore1764000000000 implements MigrationInterface {
  name = "CreateLineageStore1764000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table lineage.events (
        id bigserial primary key,
        hash bytea not null unique,
        received_at timestamp with time zone not null default now(),
        event_time timestamp with time zone not null,
        event_type text,
        run_id uuid,
        job_namespace text,
        job_name text,
        event jsonb not null
      )`);
    await q.query(`create index events_by_received on lineage.events (received_at)`);
    await q.query(`create index events_by_run on lineage.events (run_id, event_time)`);
    await q.query(`
      create table lineage.jobs (
        namespace text not null,
        name text not null,
        facets jsonb not null default '{}',
        updated_at timestamp with time zone not null,
        primary key (namespace, name)
      )`);
    await q.query(`
      create table lineage.datasets (
        namespace text not null,
        name text not null,
        facets jsonb not null default '{}',
        updated_at timestamp with time zone not null,
        primary key (namespace, name)
      )`);
    await q.query(`
      create table lineage.runs (
        run_id uuid primary key,
        job_namespace text not null,
        job_name text not null,
        state text,
        state_rank smallint not null default 0,
        state_time timestamp with time zone,
        started_at timestamp with time zone,
        ended_at timestamp with time zone,
        parent_run_id uuid,
        facets jsonb not null default '{}',
        updated_at timestamp with time zone not null
      )`);
    await q.query(`create index runs_by_job on lineage.runs (job_namespace, job_name, started_at)`);
    await q.query(`
      create table lineage.run_datasets (
        run_id uuid not null,
        direction text not null check (direction in ('input', 'output')),
        namespace text not null,
        name text not null,
        facets jsonb not null default '{}',
        updated_at timestamp with time zone not null,
        primary key (run_id, direction, namespace, name)
      )`);
    await q.query(`create index run_datasets_by_dataset on lineage.run_datasets (namespace, name, direction)`);
    await q.query(`
      create table lineage.column_lineage (
        output_namespace text not null,
        output_name text not null,
        output_field text not null,
        input_namespace text not null,
        input_name text not null,
        input_field text not null,
        transformations jsonb not null default '[]',
        run_id uuid,
        updated_at timestamp with time zone not null,
        primary key (output_namespace, output_name, output_field, input_namespace, input_name, input_field)
      )`);
    await q.query(`create index column_lineage_by_input on lineage.column_lineage (input_namespace, input_name, input_field)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["column_lineage", "run_datasets", "runs", "datasets", "jobs", "events"]) {
      await q.query(`drop table lineage.${table}`);
    }
  }
}
