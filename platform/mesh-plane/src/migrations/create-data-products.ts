import type { MigrationInterface, QueryRunner } from "@mesh/storage";

/** The product registry (`ProductRegistry`): one row per registered data product. */
export class CreateDataProducts1763900000100 implements MigrationInterface {
  name = "CreateDataProducts1763900000100";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table mesh_plane.data_products (
        urn text primary key,
        typename text not null,
        name text not null,
        domain text not null,
        version text not null,
        status text not null,
        description text not null,
        tags text[] not null,
        classifications text[] not null,
        search_text text not null,
        registration jsonb not null,
        registered_at timestamp with time zone not null default now(),
        updated_at timestamp with time zone not null default now()
      )`);
    // Listing is by domain, then name; tags and classifications are filtered by membership.
    await q.query(`create index data_products_by_domain on mesh_plane.data_products (domain, name)`);
    await q.query(`create index data_products_by_tag on mesh_plane.data_products using gin (tags)`);
    await q.query(`create index data_products_by_classification on mesh_plane.data_products using gin (classifications)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table mesh_plane.data_products`);
  }
}
