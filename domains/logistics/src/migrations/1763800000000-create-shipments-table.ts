import type { MigrationInterface, QueryRunner } from "@mesh/kit";

/**
 * `logistics.shipments`, exactly as contracts/logistics/commodity-shipments-shipments.odcs.yaml
 * describes it (types as format_type() prints them, `not null` where the contract says
 * `required: true`). The checks repeat the contract's closed sets and ranges so that rows written
 * by anything other than the ingest engine obey them too. The ISO code patterns are left to the
 * engine: the codes come from a fixed table, and a regex per row adds to the cost of every COPY.
 */
export class CreateShipmentsTable1763800000000 implements MigrationInterface {
  name = "CreateShipmentsTable1763800000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table logistics.shipments (
        id integer not null check (id >= 1),
        project_code text not null,
        pq_number text not null,
        po_so_number text not null,
        asn_dn_number text not null,
        country text not null,
        country_code character(2) not null,
        country_iso3 character(3) not null,
        managed_by text not null
          check (managed_by in ('PMO - US', 'South Africa Field Office', 'Haiti Field Office', 'Ethiopia Field Office')),
        fulfill_via text not null check (fulfill_via in ('Direct Drop', 'From RDC')),
        vendor_inco_term text not null
          check (vendor_inco_term in ('EXW', 'FCA', 'CIP', 'CIF', 'DAP', 'DDU', 'DDP', 'N/A - From RDC')),
        shipment_mode text check (shipment_mode in ('Air', 'Air Charter', 'Truck', 'Ocean')),
        pq_first_sent_to_client_date date,
        pq_first_sent_to_client_note text
          check (pq_first_sent_to_client_note in ('Pre-PQ Process', 'Date Not Captured')),
        po_sent_to_vendor_date date,
        po_sent_to_vendor_note text check (po_sent_to_vendor_note in ('N/A - From RDC', 'Date Not Captured')),
        scheduled_delivery_date date not null,
        delivered_to_client_date date not null,
        delivery_recorded_date date not null,
        product_group text not null check (product_group in ('ARV', 'HRDT', 'ANTM', 'ACT', 'MRDT')),
        sub_classification text not null
          check (sub_classification in ('Adult', 'Pediatric', 'HIV test', 'HIV test - Ancillary', 'Malaria', 'ACT')),
        vendor text not null,
        item_description text not null,
        molecule_test_type text not null,
        brand text not null,
        dosage text,
        dosage_form text not null,
        unit_of_measure_per_pack integer not null check (unit_of_measure_per_pack >= 1),
        line_item_quantity integer not null check (line_item_quantity >= 1),
        line_item_value numeric(12,2) not null check (line_item_value >= 0),
        pack_price numeric(12,2) not null check (pack_price >= 0),
        unit_price numeric(12,2) not null check (unit_price >= 0),
        manufacturing_site text not null,
        first_line_designation boolean not null,
        weight_kg numeric(12,2) check (weight_kg >= 0),
        weight_note text,
        weight_see_shipment_id integer check (weight_see_shipment_id >= 1),
        freight_cost_usd numeric(12,2) check (freight_cost_usd >= 0),
        freight_note text,
        freight_see_shipment_id integer check (freight_see_shipment_id >= 1),
        line_item_insurance_usd numeric(12,2) check (line_item_insurance_usd >= 0),
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
