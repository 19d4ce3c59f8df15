import { describe, expect, it } from "vitest";
import { logisticsDomain } from "./index.js";

describe("logisticsDomain", () => {
  it("declares the commodity-shipments product with its shipments dataset, contracts valid", () => {
    expect(logisticsDomain.name).toBe("logistics");
    expect(logisticsDomain.schema).toBe("logistics");
    expect(logisticsDomain.migrations.map((m) => m.name)).toEqual(["CreateShipmentsTable1763800000000"]);
    expect(logisticsDomain.products.map((p) => [p.urn, p.descriptor.document.id])).toEqual([
      ["urn:mesh:logistics:commodity-shipments", "urn:mesh:logistics:commodity-shipments"],
    ]);
    expect(
      logisticsDomain.products[0]?.datasets.map((d) => ({
        urn: d.urn,
        contract: d.contract.document.id,
        schema: d.schema,
        table: d.table.physicalName,
        primaryKey: d.table.primaryKey,
        formats: d.formats.map((f) => f.name),
        seeds: d.seeds.map((s) => [s.file.split("/").pop(), s.format, s.params]),
      })),
    ).toEqual([
      {
        urn: "urn:mesh:logistics:commodity-shipments:shipments",
        contract: "urn:mesh:logistics:commodity-shipments:shipments",
        schema: "logistics",
        table: "shipments",
        primaryKey: ["id"],
        formats: ["usaid-scms-delivery-history"],
        seeds: [["SCMS_Delivery_History_Dataset.csv", "usaid-scms-delivery-history", undefined]],
      },
    ]);
  });

  it("lists the shipments' columns in the order the format emits them, with units and classification", () => {
    const shipments = logisticsDomain.products[0]?.datasets[0];
    expect(shipments?.table.columns.map((c) => [c.name, c.physicalType, c.required, c.classification, c.unit])).toEqual([
      ["id", "integer", true, "public", undefined],
      ["project_code", "text", true, "quasi-identifier", undefined],
      ["pq_number", "text", true, "public", undefined],
      ["po_so_number", "text", true, "public", undefined],
      ["asn_dn_number", "text", true, "public", undefined],
      ["country", "text", true, "quasi-identifier", undefined],
      ["country_code", "character(2)", true, "quasi-identifier", undefined],
      ["country_iso3", "character(3)", true, "quasi-identifier", undefined],
      ["managed_by", "text", true, "public", undefined],
      ["fulfill_via", "text", true, "public", undefined],
      ["vendor_inco_term", "text", true, "public", undefined],
      ["shipment_mode", "text", false, "public", undefined],
      ["pq_first_sent_to_client_date", "date", false, "public", undefined],
      ["pq_first_sent_to_client_note", "text", false, "public", undefined],
      ["po_sent_to_vendor_date", "date", false, "public", undefined],
      ["po_sent_to_vendor_note", "text", false, "public", undefined],
      ["scheduled_delivery_date", "date", true, "public", undefined],
      ["delivered_to_client_date", "date", true, "public", undefined],
      ["delivery_recorded_date", "date", true, "public", undefined],
      ["product_group", "text", true, "public", undefined],
      ["sub_classification", "text", true, "public", undefined],
      ["vendor", "text", true, "quasi-identifier", undefined],
      ["item_description", "text", true, "public", undefined],
      ["molecule_test_type", "text", true, "public", undefined],
      ["brand", "text", true, "public", undefined],
      ["dosage", "text", false, "public", undefined],
      ["dosage_form", "text", true, "public", undefined],
      ["unit_of_measure_per_pack", "integer", true, "public", "units per pack"],
      ["line_item_quantity", "integer", true, "public", "packs"],
      ["line_item_value", "numeric(12,2)", true, "sensitive-attribute", "USD"],
      ["pack_price", "numeric(12,2)", true, "sensitive-attribute", "USD per pack"],
      ["unit_price", "numeric(12,2)", true, "sensitive-attribute", "USD per unit"],
      ["manufacturing_site", "text", true, "quasi-identifier", undefined],
      ["first_line_designation", "boolean", true, "public", undefined],
      ["weight_kg", "numeric(12,2)", false, "public", "kg"],
      ["weight_note", "text", false, "public", undefined],
      ["weight_see_shipment_id", "integer", false, "public", undefined],
      ["freight_cost_usd", "numeric(12,2)", false, "sensitive-attribute", "USD"],
      ["freight_note", "text", false, "public", undefined],
      ["freight_see_shipment_id", "integer", false, "public", undefined],
      ["line_item_insurance_usd", "numeric(12,2)", false, "sensitive-attribute", "USD"],
    ]);
  });

  it("closes the coded columns to the values found in the source", () => {
    const columns = logisticsDomain.products[0]?.datasets[0]?.table.columns ?? [];
    expect(Object.fromEntries(columns.filter((c) => c.allowedValues).map((c) => [c.name, c.allowedValues]))).toEqual({
      managed_by: ["PMO - US", "South Africa Field Office", "Haiti Field Office", "Ethiopia Field Office"],
      fulfill_via: ["Direct Drop", "From RDC"],
      vendor_inco_term: ["EXW", "FCA", "CIP", "CIF", "DAP", "DDU", "DDP", "N/A - From RDC"],
      shipment_mode: ["Air", "Air Charter", "Truck", "Ocean"],
      pq_first_sent_to_client_note: ["Pre-PQ Process", "Date Not Captured"],
      po_sent_to_vendor_note: ["N/A - From RDC", "Date Not Captured"],
      product_group: ["ARV", "HRDT", "ANTM", "ACT", "MRDT"],
      sub_classification: ["Adult", "Pediatric", "HIV test", "HIV test - Ancillary", "Malaria", "ACT"],
    });
  });
});
