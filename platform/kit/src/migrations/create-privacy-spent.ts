import type { MigrationInterface, QueryRunner } from "@mesh/storage";

export class CreatePrivacySpent1764400000000 implements MigrationInterface {
  name = "CreatePrivacySpent1764400000000";

  async up(q: QueryRunner): Promise<void> {
    // The privacy loss each differentially private training spent on a real dataset: the ledger a
    // contract's budget (maxEpsilon) is checked against before the next training (ε adds up).
    await q.query(`
      create table platform.privacy_spent (
        model_id uuid primary key references platform.synthesizer_models (id),
        dataset_urn text not null,
        epsilon double precision not null check (epsilon >= 0),
        delta double precision not null check (delta > 0 and delta < 1),
        accountant text not null,
        spent_at timestamp with time zone not null default now()
      )`);
    await q.query("create index privacy_spent_by_dataset on platform.privacy_spent (dataset_urn)");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("drop table platform.privacy_spent");
  }
}
