import type { MigrationInterface, QueryRunner } from "@mesh/storage";

/**
 * The outbox: events written in the transaction of the work they describe (`writeToOutbox`),
 * delivered in id order by `OutboxRelay`, which marks each row delivered (or failed, when the
 * transport refuses it for good).
 */
export class CreateLineageOutbox1764000000001 implements MigrationInterface {
  name = "CreateLineageOutbox1764000000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table lineage.outbox (
        id bigserial primary key,
        created_at timestamp with time zone not null default now(),
        event jsonb not null,
        attempts integer not null default 0,
        last_error text,
        delivered_at timestamp with time zone,
        -- set when the transport refused the event for good (not retryable): kept, never resent
        failed_at timestamp with time zone
      )`);
    // The relay reads the pending rows in order: a partial index keeps that read small.
    await q.query(`create index outbox_pending on lineage.outbox (id) where delivered_at is null and failed_at is null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table lineage.outbox`);
  }
}
