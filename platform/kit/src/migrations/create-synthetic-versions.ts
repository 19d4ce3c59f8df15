import type { MigrationInterface, QueryRunner } from "@mesh/storage";

export class CreateSyntheticVersions1764100000000 implements MigrationInterface {
  name = "CreateSyntheticVersions1764100000000";

  async up(q: QueryRunner): Promise<void> {
    // One row per synthetic version of a dataset: how it was made, its evaluation against held-out
    // real rows, the gate's verdict, and the fitted model. Its rows live beside the real table,
    // in "<table>__synthetic", tagged with the version's id.
    await q.query(`
      create table platform.synthetic_versions (
        id uuid primary key default gen_random_uuid(),
        dataset_urn text not null,
        synthesizer text not null,
        settings jsonb not null,
        seed integer not null,
        rows_train integer not null,
        rows_holdout integer not null,
        rows_synthetic integer not null,
        report jsonb not null,
        gate jsonb not null,
        published boolean not null,
        checkpoint jsonb not null,
        created_at timestamp with time zone not null default now()
      )`);
    await q.query("create index synthetic_versions_by_dataset on platform.synthetic_versions (dataset_urn, created_at desc)");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("drop table platform.synthetic_versions");
  }
}
