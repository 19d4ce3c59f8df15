import type { MigrationInterface, QueryRunner } from "@mesh/storage";

export class CreateSynthesizerModels1764200000000 implements MigrationInterface {
  name = "CreateSynthesizerModels1764200000000";

  async up(q: QueryRunner): Promise<void> {
    // A trained synthesizer: what it learned from (the real rows' fingerprint, the seeded
    // training/holdout split), its settings, its checkpoint, and how training went (backend,
    // epochs, seconds, privacy spent). Versions are generated from a model and evaluated later.
    await q.query(`
      create table platform.synthesizer_models (
        id uuid primary key default gen_random_uuid(),
        dataset_urn text not null,
        synthesizer text not null,
        settings jsonb not null,
        seed integer not null,
        holdout_share double precision not null,
        data_fingerprint text not null,
        rows_train integer not null,
        rows_holdout integer not null,
        checkpoint jsonb not null,
        training jsonb not null,
        created_at timestamp with time zone not null default now()
      )`);
    await q.query(
      "create index synthesizer_models_by_dataset on platform.synthesizer_models (dataset_urn, data_fingerprint, created_at desc)",
    );
    // A version is generated first (rows stored, not published), then evaluated: report and gate
    // are null until then. Versions made before models existed keep their own checkpoint.
    await q.query(`
      alter table platform.synthetic_versions
        add column model_id uuid references platform.synthesizer_models (id),
        add column sampling jsonb not null default '{}',
        add column plots jsonb,
        add column evaluated_at timestamp with time zone,
        alter column report drop not null,
        alter column gate drop not null,
        alter column checkpoint drop not null,
        alter column published set default false`);
    await q.query("update platform.synthetic_versions set evaluated_at = created_at where report is not null");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("delete from platform.synthetic_versions where report is null");
    await q.query(`
      alter table platform.synthetic_versions
        drop column model_id, drop column sampling, drop column plots, drop column evaluated_at,
        alter column report set not null, alter column gate set not null, alter column published drop default`);
    await q.query("drop table platform.synthesizer_models");
  }
}
