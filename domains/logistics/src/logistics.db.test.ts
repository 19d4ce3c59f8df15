import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkTableConformance, ingestFile, IngestError, loadSeeds, migrateDomain, type Dataset } from "@mesh/kit";
import { createTestDatabase, type TestDatabase } from "@mesh/kit/testing";
import { logisticsDomain } from "./index.js";

const shipments = logisticsDomain.products[0]!.datasets[0] as Dataset;
const source = shipments.seeds[0]!.file;

// Derived from the source file, not from the database: one line per line item after the header
// (no field holds a line break; shared data README: 10,324 rows, 43 countries).
const SOURCE_ROWS =
  readFileSync(source, "utf8")
    .split("\n")
    .filter((line) => line !== "").length - 1;

// Dates as text, so that rows compare without time zones; numerics come back as strings.
const SELECT = `select ${shipments.table.columns
  .map((c) => (c.physicalType === "date" ? `${c.name}::text as ${c.name}` : c.name))
  .join(", ")} from logistics.shipments`;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await migrateDomain(db.url, logisticsDomain);
});
afterAll(async () => db?.destroy());

/** md5 of every column of every row, as PostgreSQL prints them: the loaded values byte for byte. */
const checksum = async (table: string): Promise<string> =>
  (await db.pool.query<{ md5: string }>(`select md5(string_agg(t::text, '|' order by t::text)) as md5 from ${table} t`)).rows[0]!
    .md5;

const count = async (): Promise<number> =>
  Number((await db.pool.query<{ n: string }>("select count(*) as n from logistics.shipments")).rows[0]?.n);

describe("logisticsDomain seeds", () => {
  it("loads every line item of the SCMS delivery history", async () => {
    expect(SOURCE_ROWS).toBe(10324);
    const results = await loadSeeds(db.pool, logisticsDomain);
    expect(results.map((r) => [r.dataset, r.file.split("/").pop(), r.format, r.status, r.rows])).toEqual([
      [
        "urn:mesh:logistics:commodity-shipments:shipments",
        "SCMS_Delivery_History_Dataset.csv",
        "usaid-scms-delivery-history",
        "loaded",
        SOURCE_ROWS,
      ],
    ]);
    expect(results[0]?.sha256).toBe("34b7aab1c686554db189dfc21eb6eaec7676496ef9cb2899281670c558503c5e");
    expect(await count()).toBe(SOURCE_ROWS);
  });

  it("loads every column byte for byte as the text-COPY pipeline did (checksum of every row)", async () => {
    expect(await checksum("logistics.shipments")).toBe("cb6061020d835e5aaee5983ce220ae1e");
  });

  it("leaves a table that matches its contract", async () => {
    expect(await checkTableConformance(db.pool, shipments)).toEqual([]);
  });

  it("maps every destination to one of 43 ISO codes", async () => {
    const codes = await db.pool.query<{ countries: string; codes: string; iso3: string }>(
      `select count(distinct country) as countries, count(distinct country_code) as codes,
              count(distinct country_iso3) as iso3 from logistics.shipments`,
    );
    expect(codes.rows).toEqual([{ countries: "43", codes: "43", iso3: "43" }]);
    const some = await db.pool.query(
      `select country, country_code, country_iso3, count(*)::int as line_items from logistics.shipments
        where country_code in ('NA', 'CI', 'CD', 'ZA') group by 1, 2, 3 order by 2`,
    );
    // scms_rows in scms_country_iso3.csv
    expect(some.rows).toEqual([
      { country: "Congo, DRC", country_code: "CD", country_iso3: "COD", line_items: 333 },
      { country: "Côte d'Ivoire", country_code: "CI", country_iso3: "CIV", line_items: 1083 },
      { country: "Namibia", country_code: "NA", country_iso3: "NAM", line_items: 95 },
      { country: "South Africa", country_code: "ZA", country_iso3: "ZAF", line_items: 1406 },
    ]);
  });

  it("splits the mixed columns into values and notes, in the proportions the README gives", async () => {
    const split = await db.pool.query(`
      select count(*) filter (where weight_note = 'Weight Captured Separately')::int as weight_separately,
             count(weight_see_shipment_id)::int as weight_pointers,
             count(*) filter (where freight_note = 'Freight Included in Commodity Cost')::int as freight_included,
             count(*) filter (where freight_note = 'Invoiced Separately')::int as freight_invoiced,
             count(freight_see_shipment_id)::int as freight_pointers,
             count(*) filter (where line_item_insurance_usd is null)::int as no_insurance,
             count(*) filter (where dosage is null)::int as no_dosage,
             count(*) filter (where shipment_mode is null)::int as no_mode,
             count(*) filter (where po_sent_to_vendor_note = 'N/A - From RDC')::int as po_from_rdc,
             count(*) filter (where fulfill_via = 'From RDC')::int as from_rdc,
             count(*) filter (where manufacturing_site like '%Ã%')::int as mojibake
        from logistics.shipments`);
    expect(split.rows).toEqual([
      {
        weight_separately: 1507,
        weight_pointers: 2445,
        freight_included: 1442,
        freight_invoiced: 239,
        freight_pointers: 2445,
        no_insurance: 287,
        no_dosage: 1736,
        no_mode: 360,
        po_from_rdc: 5404,
        from_rdc: 5404,
        mojibake: 0,
      },
    ]);
    // Every pointer names a line item of the same shipment that is in the table.
    const dangling = await db.pool.query(`
      select count(*)::int as n from logistics.shipments s
        left join logistics.shipments t on t.id = s.weight_see_shipment_id
       where s.weight_see_shipment_id is not null and (t.id is null or t.asn_dn_number <> s.asn_dn_number)`);
    expect(dangling.rows).toEqual([{ n: 0 }]);
    const range = await db.pool.query(`
      select min(delivered_to_client_date)::text as first, max(delivered_to_client_date)::text as last
        from logistics.shipments`);
    expect(range.rows).toEqual([{ first: "2006-05-02", last: "2015-09-14" }]);
  });

  it("stores whole rows, the source's quirks resolved", async () => {
    const rows = await db.pool.query(`${SELECT} where id in (1, 46, 9804, 10587, 82437) order by id`);
    expect(rows.rows).toEqual([
      // Direct Drop; Côte d'Ivoire; Pre-PQ Process / Date Not Captured; N/A dosage; no insurance
      {
        id: 1,
        project_code: "100-CI-T01",
        pq_number: "Pre-PQ Process",
        po_so_number: "SCMS-4",
        asn_dn_number: "ASN-8",
        country: "Côte d'Ivoire",
        country_code: "CI",
        country_iso3: "CIV",
        managed_by: "PMO - US",
        fulfill_via: "Direct Drop",
        vendor_inco_term: "EXW",
        shipment_mode: "Air",
        pq_first_sent_to_client_date: null,
        pq_first_sent_to_client_note: "Pre-PQ Process",
        po_sent_to_vendor_date: null,
        po_sent_to_vendor_note: "Date Not Captured",
        scheduled_delivery_date: "2006-06-02",
        delivered_to_client_date: "2006-06-02",
        delivery_recorded_date: "2006-06-02",
        product_group: "HRDT",
        sub_classification: "HIV test",
        vendor: "RANBAXY Fine Chemicals LTD.",
        item_description: "HIV, Reveal G3 Rapid HIV-1 Antibody Test, 30 Tests",
        molecule_test_type: "HIV, Reveal G3 Rapid HIV-1 Antibody Test",
        brand: "Reveal",
        dosage: null,
        dosage_form: "Test kit",
        unit_of_measure_per_pack: 30,
        line_item_quantity: 19,
        line_item_value: "551.00",
        pack_price: "29.00",
        unit_price: "0.97",
        manufacturing_site: "Ranbaxy Fine Chemicals LTD",
        first_line_designation: true,
        weight_kg: "13.00",
        weight_note: null,
        weight_see_shipment_id: null,
        freight_cost_usd: "780.34",
        freight_note: null,
        freight_see_shipment_id: null,
        line_item_insurance_usd: null,
      },
      // weight and freight recorded on line item 1281 of the same ASN
      {
        id: 46,
        project_code: "112-NG-T01",
        pq_number: "Pre-PQ Process",
        po_so_number: "SCMS-156",
        asn_dn_number: "ASN-93",
        country: "Nigeria",
        country_code: "NG",
        country_iso3: "NGA",
        managed_by: "PMO - US",
        fulfill_via: "Direct Drop",
        vendor_inco_term: "EXW",
        shipment_mode: "Air",
        pq_first_sent_to_client_date: null,
        pq_first_sent_to_client_note: "Pre-PQ Process",
        po_sent_to_vendor_date: null,
        po_sent_to_vendor_note: "Date Not Captured",
        scheduled_delivery_date: "2006-12-07",
        delivered_to_client_date: "2006-12-07",
        delivery_recorded_date: "2006-12-07",
        product_group: "ARV",
        sub_classification: "Adult",
        vendor: "Aurobindo Pharma Limited",
        item_description: "Stavudine 30mg, capsules, 60 Caps",
        molecule_test_type: "Stavudine",
        brand: "Generic",
        dosage: "30mg",
        dosage_form: "Capsule",
        unit_of_measure_per_pack: 60,
        line_item_quantity: 273,
        line_item_value: "532.35",
        pack_price: "1.95",
        unit_price: "0.03",
        manufacturing_site: "Aurobindo Unit III, India",
        first_line_designation: false,
        weight_kg: null,
        weight_note: "See ASN-93 (ID#:1281)",
        weight_see_shipment_id: 1281,
        freight_cost_usd: null,
        freight_note: "See ASN-93 (ID#:1281)",
        freight_see_shipment_id: 1281,
        line_item_insurance_usd: null,
      },
      // the manufacturing site's double-encoded "GrÃ¸nland", repaired
      {
        id: 9804,
        project_code: "117-ET-T01",
        pq_number: "Pre-PQ Process",
        po_so_number: "SCMS-24890",
        asn_dn_number: "ASN-2218",
        country: "Ethiopia",
        country_code: "ET",
        country_iso3: "ETH",
        managed_by: "PMO - US",
        fulfill_via: "Direct Drop",
        vendor_inco_term: "EXW",
        shipment_mode: "Air",
        pq_first_sent_to_client_date: null,
        pq_first_sent_to_client_note: "Pre-PQ Process",
        po_sent_to_vendor_date: "2008-06-10",
        po_sent_to_vendor_note: null,
        scheduled_delivery_date: "2008-08-13",
        delivered_to_client_date: "2008-08-13",
        delivery_recorded_date: "2008-08-13",
        product_group: "ANTM",
        sub_classification: "Malaria",
        vendor: "MISSIONPHARMA A/S",
        item_description: "Primaquine 15mg base (as diphosphate), tablets, 1000 Tabs",
        molecule_test_type: "Primaquine base (as diphosphate)",
        brand: "Generic",
        dosage: "15mg",
        dosage_form: "Tablet",
        unit_of_measure_per_pack: 1000,
        line_item_quantity: 32,
        line_item_value: "1434.88",
        pack_price: "44.84",
        unit_price: "0.04",
        manufacturing_site: "Weifa A.S., Hausmanngt. 6, P.O. Box 9113 Grønland, 0133, Oslo, Norway",
        first_line_designation: true,
        weight_kg: "7.00",
        weight_note: null,
        weight_see_shipment_id: null,
        freight_cost_usd: "399.18",
        freight_note: null,
        freight_see_shipment_id: null,
        line_item_insurance_usd: "2.30",
      },
      // From RDC to Namibia (alpha-2 "NA"); N/A shipment mode and dosage; N/A - From RDC
      {
        id: 10587,
        project_code: "119-NA-T01",
        pq_number: "Pre-PQ Process",
        po_so_number: "SO-884",
        asn_dn_number: "DN-322",
        country: "Namibia",
        country_code: "NA",
        country_iso3: "NAM",
        managed_by: "PMO - US",
        fulfill_via: "From RDC",
        vendor_inco_term: "N/A - From RDC",
        shipment_mode: null,
        pq_first_sent_to_client_date: null,
        pq_first_sent_to_client_note: "Pre-PQ Process",
        po_sent_to_vendor_date: null,
        po_sent_to_vendor_note: "N/A - From RDC",
        scheduled_delivery_date: "2007-09-07",
        delivered_to_client_date: "2007-09-07",
        delivery_recorded_date: "2007-09-07",
        product_group: "HRDT",
        sub_classification: "HIV test",
        vendor: "SCMS from RDC",
        item_description: "HIV 1/2, Uni-Gold HIV Kit, 20 Tests",
        molecule_test_type: "HIV 1/2, Uni-Gold HIV Kit",
        brand: "Uni-Gold",
        dosage: null,
        dosage_form: "Test kit",
        unit_of_measure_per_pack: 20,
        line_item_quantity: 300,
        line_item_value: "9600.00",
        pack_price: "32.00",
        unit_price: "1.60",
        manufacturing_site: "Trinity Biotech, Plc",
        first_line_designation: true,
        weight_kg: "172.00",
        weight_note: null,
        weight_see_shipment_id: null,
        freight_cost_usd: "688.84",
        freight_note: null,
        freight_see_shipment_id: null,
        line_item_insurance_usd: "15.36",
      },
      // Congo, DRC; a PQ date in m/d/yy; weight and freight recorded on line item 82436
      {
        id: 82437,
        project_code: "101-CD-T30",
        pq_number: "FPQ-8840",
        po_so_number: "SO-41138",
        asn_dn_number: "DN-2500",
        country: "Congo, DRC",
        country_code: "CD",
        country_iso3: "COD",
        managed_by: "PMO - US",
        fulfill_via: "From RDC",
        vendor_inco_term: "N/A - From RDC",
        shipment_mode: "Air",
        pq_first_sent_to_client_date: "2011-11-21",
        pq_first_sent_to_client_note: null,
        po_sent_to_vendor_date: null,
        po_sent_to_vendor_note: "N/A - From RDC",
        scheduled_delivery_date: "2012-02-10",
        delivered_to_client_date: "2012-02-14",
        delivery_recorded_date: "2012-02-14",
        product_group: "ARV",
        sub_classification: "Adult",
        vendor: "SCMS from RDC",
        item_description: "Lopinavir/Ritonavir 200/50mg, tablets, 120 Tabs",
        molecule_test_type: "Lopinavir/Ritonavir",
        brand: "Generic",
        dosage: "200/50mg",
        dosage_form: "Tablet",
        unit_of_measure_per_pack: 120,
        line_item_quantity: 147,
        line_item_value: "4959.78",
        pack_price: "33.74",
        unit_price: "0.28",
        manufacturing_site: "Aurobindo Unit III, India",
        first_line_designation: false,
        weight_kg: null,
        weight_note: "See DN-2500 (ID#:82436)",
        weight_see_shipment_id: 82436,
        freight_cost_usd: null,
        freight_note: "See DN-2500 (ID#:82436)",
        freight_see_shipment_id: 82436,
        line_item_insurance_usd: "6.95",
      },
    ]);
  });

  it("reports the seed unchanged when loaded again, and keeps the count", async () => {
    const again = await loadSeeds(db.pool, logisticsDomain);
    expect(again.map((r) => [r.status, r.rows])).toEqual([["unchanged", SOURCE_ROWS]]);
    expect(await count()).toBe(SOURCE_ROWS);
  });

  it("refuses a file with an impossible date, naming row, column and value, and loads none of it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mesh-logistics-"));
    try {
      const [header, first, second] = readFileSync(source, "utf8").split("\n");
      const file = path.join(dir, "scms-bad-date.csv");
      // the second line item, delivered on 31 April
      writeFileSync(
        file,
        [
          header,
          first?.replace(/^1,/, "900001,"),
          second?.replace(/^3,/, "900003,").replace("14-Nov-06,14-Nov-06,14-Nov-06", "14-Nov-06,31-Apr-06,14-Nov-06"),
          "",
        ].join("\n"),
      );
      const attempt = ingestFile(db.pool, shipments, { file, format: "usaid-scms-delivery-history" });
      await expect(attempt).rejects.toBeInstanceOf(IngestError);
      await expect(attempt).rejects.toThrow(
        'scms-bad-date.csv: row 2 (line 3), column Delivered to Client Date: value "31-Apr-06" day 31 does not exist in Apr 2006',
      );
      expect(await count()).toBe(SOURCE_ROWS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
