import type { MigrationInterface, QueryRunner } from "@mesh/kit";

/**
 * `logistics.shipments`, exactly as contracts/logistics/commodity-shipments-shipments.odcs.yaml
 * describes it (types as format_type() prints them, `not null` where the contract says
 * `required: true`). The contract's closed sets and ranges are enforced by the ingest engine on
 * every value, not repeated here as CHECK constraints: the copy would drift from the contract,
 * and the checks cost PostgreSQL a quarter of its COPY time on this, the widest table
 * (docs/decisions/0002). Only the rules the contract cannot state stay: a cell holds a value or
 * a note, never both.
 */
export class CreateShipmentsTable1763800000000 implements MigrationInterface {
  name = "CreateShipmentsTable1763800000000";
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table logistics.shipments (
        id integer not null,
        project_code text not null,
        pq_number text not null,
        po_so_number text not null,
        asn_dn_number text not null,
        country text not null,
        country_code character(2) not null,
        country_iso3 character(3) not null,
        managed_by text not null,
        fulfill_via text not null,
        vendor_inco_term text not null,
        shipment_mode text,
        pq_first_sent_to_client_date date,
        pq_first_sent_to_client_note text,
        po_sent_to_vendor_date date,
        po_sent_to_vendor_note text,
        scheduled_delivery_date date not null,
        delivered_to_client_date date not null,
        delivery_recorded_date date not null,
        product_group text not null,
        sub_classification text not null,
        vendor text not null,
        item_description text not null,
        molecule_test_type text not null,
        brand text not null,
        dosage text,
        dosage_form text not null,
        unit_of_measure_per_pack integer not null,
        line_item_quantity integer not null,
        line_item_value numeric(12,2) not null,
        pack_price numeric(12,2) not null,
        unit_price numeric(12,2) not null,
        manufacturing_site text not null,
        first_line_designation boolean not null,
        weight_kg numeric(12,2),
        weight_note text,
        weight_see_shipment_id integer,
        freight_cost_usd numeric(12,2),
        freight_note text,
        freight_see_shipment_id integer,
        line_item_insurance_usd numeric(12,2),
        constraint shipments_pkey primary key (id),
        -- a mixed source cell is either a value or a note, never both
        constraint shipments_pq_first_sent_date_or_note check (pq_first_sent_to_client_date is null or pq_first_sent_to_client_note is null),
        constraint shipments_po_sent_date_or_note check (po_sent_to_vendor_date is null or po_sent_to_vendor_note is null),
        constraint shipments_weight_value_or_note check (weight_kg is null or weight_note is null),
        constraint shipments_freight_value_or_note check (freight_cost_usd is null or freight_note is null)
      )
    `);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table logistics.shipments`);
  }
}
