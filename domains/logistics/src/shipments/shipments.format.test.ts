import { describe, expect, it } from "vitest";
import { parseCsv, RowError } from "@mesh/kit";
import { repairMojibake, SCMS_DELIVERY_HISTORY_HEADER, scmsDeliveryHistoryFormat } from "./shipments.format.js";

// Real lines of data/SCMS_Delivery_History_Dataset.csv, split by the engine's own CSV reader.
function fields(line: string): string[] {
  return parseCsv(line)[0]!.fields;
}

function map(line: string): Array<Array<string | null>> {
  const rows: Array<Array<string | null>> = [];
  scmsDeliveryHistoryFormat.map(fields(line), (row) => rows.push(row), { params: {}, row: 1 });
  return rows;
}

function rowError(line: string): RowError {
  try {
    map(line);
  } catch (error) {
    if (error instanceof RowError) return error;
    throw error;
  }
  throw new Error("expected a RowError");
}

/** Replaces field `index` of a real line (for the error cases, which the real file lacks). */
function withField(line: string, index: number, value: string): string {
  const f = fields(line);
  f[index] = value;
  return f.map((v) => (v.includes(",") ? `"${v}"` : v)).join(",");
}

const DIRECT_DROP =
  '1,100-CI-T01,Pre-PQ Process,SCMS-4,ASN-8,Côte d\'Ivoire,PMO - US,Direct Drop,EXW,Air,Pre-PQ Process,Date Not Captured,2-Jun-06,2-Jun-06,2-Jun-06,HRDT,HIV test,RANBAXY Fine Chemicals LTD.,"HIV, Reveal G3 Rapid HIV-1 Antibody Test, 30 Tests","HIV, Reveal G3 Rapid HIV-1 Antibody Test",Reveal,N/A,Test kit,30,19,551,29,0.97,Ranbaxy Fine Chemicals LTD,Yes,13,780.34,';
const FROM_RDC_NAMIBIA =
  '10587,119-NA-T01,Pre-PQ Process,SO-884,DN-322,Namibia,PMO - US,From RDC,N/A - From RDC,N/A,Pre-PQ Process,N/A - From RDC,7-Sep-07,7-Sep-07,7-Sep-07,HRDT,HIV test,SCMS from RDC,"HIV 1/2, Uni-Gold HIV Kit, 20 Tests","HIV 1/2, Uni-Gold HIV Kit",Uni-Gold,N/A,Test kit,20,300,9600,32,1.6,"Trinity Biotech, Plc",Yes,172,688.84,15.36';
const SEE_DN_CONGO =
  '82437,101-CD-T30,FPQ-8840,SO-41138,DN-2500,"Congo, DRC",PMO - US,From RDC,N/A - From RDC,Air,11/21/11,N/A - From RDC,10-Feb-12,14-Feb-12,14-Feb-12,ARV,Adult,SCMS from RDC,"Lopinavir/Ritonavir 200/50mg, tablets, 120 Tabs",Lopinavir/Ritonavir,Generic,200/50mg,Tablet,120,147,4959.78,33.74,0.28,"Aurobindo Unit III, India",No,See DN-2500 (ID#:82436),See DN-2500 (ID#:82436),6.95';
const SEE_ASN =
  '46,112-NG-T01,Pre-PQ Process,SCMS-156,ASN-93,Nigeria,PMO - US,Direct Drop,EXW,Air,Pre-PQ Process,Date Not Captured,7-Dec-06,7-Dec-06,7-Dec-06,ARV,Adult,Aurobindo Pharma Limited,"Stavudine 30mg, capsules, 60 Caps",Stavudine,Generic,30mg,Capsule,60,273,532.35,1.95,0.03,"Aurobindo Unit III, India",No,See ASN-93 (ID#:1281),See ASN-93 (ID#:1281),';
const INVOICED_SEPARATELY =
  '62,102-NG-T01,Pre-PQ Process,SCMS-230,ASN-144,Nigeria,PMO - US,Direct Drop,EXW,Air,Pre-PQ Process,Date Not Captured,10-Jan-07,10-Jan-07,10-Jan-07,HRDT,HIV test,EY Laboratories,"HIV 1/2, InstantChek HIV 1+2 Kit, 100 Tests","HIV 1/2, InstantChek HIV 1+2 Kit",InstantCHEK,N/A,Test kit,100,10,850,85,0.85,"EY Laboratories, USA",Yes,Weight Captured Separately,Invoiced Separately,';
const FREIGHT_INCLUDED =
  '68,113-ZW-T01,Pre-PQ Process,SCMS-308,ASN-285,Zimbabwe,PMO - US,Direct Drop,CIP,Air,Pre-PQ Process,1/10/07,19-Mar-07,19-Mar-07,19-Mar-07,ARV,Pediatric,BRISTOL-MYERS SQUIBB,"#102198**Didanosine 200mg [Videx], tablets, 60 Tabs",Didanosine,Videx,200mg,Tablet,60,579,14764.5,25.5,0.42,"BMS Meymac, France",Yes,Weight Captured Separately,Freight Included in Commodity Cost,';
const WEIGHT_SEPARATE_FREIGHT_NUMBER =
  '1115,116-ZA-T01,Pre-PQ Process,SCMS-47500,ASN-4332,South Africa,PMO - US,Direct Drop,DDP,Truck,Pre-PQ Process,4/2/09,15-May-09,23-Apr-09,23-Apr-09,ARV,Adult,S. BUYS WHOLESALER,"Zidovudine 300mg, tablets, 60 Tabs",Zidovudine,Generic,300mg,Tablet,60,1000,19770,19.77,0.33,"Aurobindo Unit III, India",Yes,Weight Captured Separately,3134.85,38.75';
const FIELD_OFFICE =
  '15241,116-ZA-T30,FPQ-11828,SCMS-183950,ASN-19166,South Africa,South Africa Field Office,Direct Drop,DDP,Truck,3/18/13,Date Not Captured,16-Apr-13,16-Apr-13,16-Apr-13,ARV,Adult,S. BUYS WHOLESALER,"Efavirenz 600mg, tablets, 30 Tabs",Efavirenz,Generic,600mg,Tablet,30,1368,21995.87,16.08,0.54,"Cipla, Goa, India",Yes,Weight Captured Separately,Freight Included in Commodity Cost,27.21';
const GRONLAND =
  '9804,117-ET-T01,Pre-PQ Process,SCMS-24890,ASN-2218,Ethiopia,PMO - US,Direct Drop,EXW,Air,Pre-PQ Process,6/10/08,13-Aug-08,13-Aug-08,13-Aug-08,ANTM,Malaria,MISSIONPHARMA A/S,"Primaquine 15mg base (as diphosphate), tablets, 1000 Tabs",Primaquine base (as diphosphate),Generic,15mg,Tablet,1000,32,1434.88,44.84,0.04,"Weifa A.S., Hausmanngt. 6, P.O. Box 9113 GrÃ¸nland, 0133, Oslo, Norway",Yes,7,399.18,2.3';

describe("scmsDeliveryHistoryFormat", () => {
  it("expects the 33 source columns by their exact names", () => {
    expect(scmsDeliveryHistoryFormat.name).toBe("usaid-scms-delivery-history");
    expect(scmsDeliveryHistoryFormat.layout.header).toBe(SCMS_DELIVERY_HISTORY_HEADER);
    expect(SCMS_DELIVERY_HISTORY_HEADER).toHaveLength(33);
  });

  it("maps a Direct Drop line (Côte d'Ivoire, text PQ and PO dates, N/A dosage, empty insurance)", () => {
    expect(map(DIRECT_DROP)).toEqual([
      [
        "1",
        "100-CI-T01",
        "Pre-PQ Process",
        "SCMS-4",
        "ASN-8",
        "Côte d'Ivoire",
        "CI",
        "CIV",
        "PMO - US",
        "Direct Drop",
        "EXW",
        "Air",
        null,
        "Pre-PQ Process",
        null,
        "Date Not Captured",
        "2006-06-02",
        "2006-06-02",
        "2006-06-02",
        "HRDT",
        "HIV test",
        "RANBAXY Fine Chemicals LTD.",
        "HIV, Reveal G3 Rapid HIV-1 Antibody Test, 30 Tests",
        "HIV, Reveal G3 Rapid HIV-1 Antibody Test",
        "Reveal",
        null,
        "Test kit",
        "30",
        "19",
        "551",
        "29",
        "0.97",
        "Ranbaxy Fine Chemicals LTD",
        "true",
        "13",
        null,
        null,
        "780.34",
        null,
        null,
        null,
      ],
    ]);
  });

  it("maps a From RDC line to Namibia (alpha-2 NA) with N/A mode and dosage and an N/A - From RDC PO date", () => {
    expect(map(FROM_RDC_NAMIBIA)).toEqual([
      [
        "10587",
        "119-NA-T01",
        "Pre-PQ Process",
        "SO-884",
        "DN-322",
        "Namibia",
        "NA",
        "NAM",
        "PMO - US",
        "From RDC",
        "N/A - From RDC",
        null,
        null,
        "Pre-PQ Process",
        null,
        "N/A - From RDC",
        "2007-09-07",
        "2007-09-07",
        "2007-09-07",
        "HRDT",
        "HIV test",
        "SCMS from RDC",
        "HIV 1/2, Uni-Gold HIV Kit, 20 Tests",
        "HIV 1/2, Uni-Gold HIV Kit",
        "Uni-Gold",
        null,
        "Test kit",
        "20",
        "300",
        "9600",
        "32",
        "1.6",
        "Trinity Biotech, Plc",
        "true",
        "172",
        null,
        null,
        "688.84",
        null,
        null,
        "15.36",
      ],
    ]);
  });

  it("maps a Congo, DRC line whose weight and freight point at another line item (See DN-… (ID#:…))", () => {
    expect(map(SEE_DN_CONGO)).toEqual([
      [
        "82437",
        "101-CD-T30",
        "FPQ-8840",
        "SO-41138",
        "DN-2500",
        "Congo, DRC",
        "CD",
        "COD",
        "PMO - US",
        "From RDC",
        "N/A - From RDC",
        "Air",
        "2011-11-21",
        null,
        null,
        "N/A - From RDC",
        "2012-02-10",
        "2012-02-14",
        "2012-02-14",
        "ARV",
        "Adult",
        "SCMS from RDC",
        "Lopinavir/Ritonavir 200/50mg, tablets, 120 Tabs",
        "Lopinavir/Ritonavir",
        "Generic",
        "200/50mg",
        "Tablet",
        "120",
        "147",
        "4959.78",
        "33.74",
        "0.28",
        "Aurobindo Unit III, India",
        "false",
        null,
        "See DN-2500 (ID#:82436)",
        "82436",
        null,
        "See DN-2500 (ID#:82436)",
        "82436",
        "6.95",
      ],
    ]);
  });

  it("maps a See ASN-… (ID#:…) weight and freight pointer", () => {
    expect(map(SEE_ASN)).toEqual([
      [
        "46",
        "112-NG-T01",
        "Pre-PQ Process",
        "SCMS-156",
        "ASN-93",
        "Nigeria",
        "NG",
        "NGA",
        "PMO - US",
        "Direct Drop",
        "EXW",
        "Air",
        null,
        "Pre-PQ Process",
        null,
        "Date Not Captured",
        "2006-12-07",
        "2006-12-07",
        "2006-12-07",
        "ARV",
        "Adult",
        "Aurobindo Pharma Limited",
        "Stavudine 30mg, capsules, 60 Caps",
        "Stavudine",
        "Generic",
        "30mg",
        "Capsule",
        "60",
        "273",
        "532.35",
        "1.95",
        "0.03",
        "Aurobindo Unit III, India",
        "false",
        null,
        "See ASN-93 (ID#:1281)",
        "1281",
        null,
        "See ASN-93 (ID#:1281)",
        "1281",
        null,
      ],
    ]);
  });

  it("maps Weight Captured Separately with freight Invoiced Separately", () => {
    expect(map(INVOICED_SEPARATELY)).toEqual([
      [
        "62",
        "102-NG-T01",
        "Pre-PQ Process",
        "SCMS-230",
        "ASN-144",
        "Nigeria",
        "NG",
        "NGA",
        "PMO - US",
        "Direct Drop",
        "EXW",
        "Air",
        null,
        "Pre-PQ Process",
        null,
        "Date Not Captured",
        "2007-01-10",
        "2007-01-10",
        "2007-01-10",
        "HRDT",
        "HIV test",
        "EY Laboratories",
        "HIV 1/2, InstantChek HIV 1+2 Kit, 100 Tests",
        "HIV 1/2, InstantChek HIV 1+2 Kit",
        "InstantCHEK",
        null,
        "Test kit",
        "100",
        "10",
        "850",
        "85",
        "0.85",
        "EY Laboratories, USA",
        "true",
        null,
        "Weight Captured Separately",
        null,
        null,
        "Invoiced Separately",
        null,
        null,
      ],
    ]);
  });

  it("maps Freight Included in Commodity Cost, with an m/d/yy PO date", () => {
    expect(map(FREIGHT_INCLUDED)).toEqual([
      [
        "68",
        "113-ZW-T01",
        "Pre-PQ Process",
        "SCMS-308",
        "ASN-285",
        "Zimbabwe",
        "ZW",
        "ZWE",
        "PMO - US",
        "Direct Drop",
        "CIP",
        "Air",
        null,
        "Pre-PQ Process",
        "2007-01-10",
        null,
        "2007-03-19",
        "2007-03-19",
        "2007-03-19",
        "ARV",
        "Pediatric",
        "BRISTOL-MYERS SQUIBB",
        "#102198**Didanosine 200mg [Videx], tablets, 60 Tabs",
        "Didanosine",
        "Videx",
        "200mg",
        "Tablet",
        "60",
        "579",
        "14764.5",
        "25.5",
        "0.42",
        "BMS Meymac, France",
        "true",
        null,
        "Weight Captured Separately",
        null,
        null,
        "Freight Included in Commodity Cost",
        null,
        null,
      ],
    ]);
  });

  it("maps a separately captured weight next to a freight cost, by truck", () => {
    expect(map(WEIGHT_SEPARATE_FREIGHT_NUMBER)).toEqual([
      [
        "1115",
        "116-ZA-T01",
        "Pre-PQ Process",
        "SCMS-47500",
        "ASN-4332",
        "South Africa",
        "ZA",
        "ZAF",
        "PMO - US",
        "Direct Drop",
        "DDP",
        "Truck",
        null,
        "Pre-PQ Process",
        "2009-04-02",
        null,
        "2009-05-15",
        "2009-04-23",
        "2009-04-23",
        "ARV",
        "Adult",
        "S. BUYS WHOLESALER",
        "Zidovudine 300mg, tablets, 60 Tabs",
        "Zidovudine",
        "Generic",
        "300mg",
        "Tablet",
        "60",
        "1000",
        "19770",
        "19.77",
        "0.33",
        "Aurobindo Unit III, India",
        "true",
        null,
        "Weight Captured Separately",
        null,
        "3134.85",
        null,
        null,
        "38.75",
      ],
    ]);
  });

  it("maps a field-office line with a PQ date and no PO date", () => {
    expect(map(FIELD_OFFICE)).toEqual([
      [
        "15241",
        "116-ZA-T30",
        "FPQ-11828",
        "SCMS-183950",
        "ASN-19166",
        "South Africa",
        "ZA",
        "ZAF",
        "South Africa Field Office",
        "Direct Drop",
        "DDP",
        "Truck",
        "2013-03-18",
        null,
        null,
        "Date Not Captured",
        "2013-04-16",
        "2013-04-16",
        "2013-04-16",
        "ARV",
        "Adult",
        "S. BUYS WHOLESALER",
        "Efavirenz 600mg, tablets, 30 Tabs",
        "Efavirenz",
        "Generic",
        "600mg",
        "Tablet",
        "30",
        "1368",
        "21995.87",
        "16.08",
        "0.54",
        "Cipla, Goa, India",
        "true",
        null,
        "Weight Captured Separately",
        null,
        null,
        "Freight Included in Commodity Cost",
        null,
        "27.21",
      ],
    ]);
  });

  it("repairs the double-encoded GrÃ¸nland to Grønland in the manufacturing site", () => {
    expect(map(GRONLAND)).toEqual([
      [
        "9804",
        "117-ET-T01",
        "Pre-PQ Process",
        "SCMS-24890",
        "ASN-2218",
        "Ethiopia",
        "ET",
        "ETH",
        "PMO - US",
        "Direct Drop",
        "EXW",
        "Air",
        null,
        "Pre-PQ Process",
        "2008-06-10",
        null,
        "2008-08-13",
        "2008-08-13",
        "2008-08-13",
        "ANTM",
        "Malaria",
        "MISSIONPHARMA A/S",
        "Primaquine 15mg base (as diphosphate), tablets, 1000 Tabs",
        "Primaquine base (as diphosphate)",
        "Generic",
        "15mg",
        "Tablet",
        "1000",
        "32",
        "1434.88",
        "44.84",
        "0.04",
        "Weifa A.S., Hausmanngt. 6, P.O. Box 9113 Grønland, 0133, Oslo, Norway",
        "true",
        "7",
        null,
        null,
        "399.18",
        null,
        null,
        "2.3",
      ],
    ]);
  });

  it("writes integers given as 63.0 as 63", () => {
    const [row] = map(withField(withField(DIRECT_DROP, 0, "1.0"), 24, "19.00"));
    expect([row?.[0], row?.[28]]).toEqual(["1", "19"]);
  });

  it("reads February 29 of a leap year", () => {
    const [row] = map(withField(withField(FREIGHT_INCLUDED, 11, "2/29/08"), 12, "29-Feb-12"));
    expect([row?.[14], row?.[16]]).toEqual(["2008-02-29", "2012-02-29"]);
  });

  it("refuses a day that does not exist in its month, naming the column and value", () => {
    const error = rowError(withField(DIRECT_DROP, 12, "31-Apr-14"));
    expect([error.column, error.value, error.reason]).toEqual([
      "Scheduled Delivery Date",
      "31-Apr-14",
      "day 31 does not exist in Apr 2014",
    ]);
    const leap = rowError(withField(FREIGHT_INCLUDED, 11, "2/29/07"));
    expect([leap.column, leap.value, leap.reason]).toEqual([
      "PO Sent to Vendor Date",
      "2/29/07",
      "day 29 does not exist in Feb 2007",
    ]);
  });

  it("refuses dates in another shape or with an impossible month", () => {
    expect([rowError(withField(DIRECT_DROP, 13, "2014-04-30"))].map((e) => [e.column, e.value, e.reason])).toEqual([
      ["Delivered to Client Date", "2014-04-30", "expected a date written d-Mon-yy, e.g. 30-Apr-14"],
    ]);
    expect([rowError(withField(DIRECT_DROP, 14, "2-jun-06"))].map((e) => [e.column, e.value])).toEqual([
      ["Delivery Recorded Date", "2-jun-06"],
    ]);
    expect([rowError(withField(SEE_DN_CONGO, 10, "13/21/11"))].map((e) => [e.column, e.value, e.reason])).toEqual([
      ["PQ First Sent to Client Date", "13/21/11", "month 13 does not exist"],
    ]);
    expect([rowError(withField(SEE_DN_CONGO, 10, "11/21/2011"))].map((e) => [e.column, e.value])).toEqual([
      ["PQ First Sent to Client Date", "11/21/2011"],
    ]);
  });

  it("refuses a destination that the country table does not know", () => {
    const error = rowError(withField(DIRECT_DROP, 5, "Ivory Coast"));
    expect([error.column, error.value]).toEqual(["Country", "Ivory Coast"]);
  });

  it("refuses a First Line Designation other than Yes or No", () => {
    const error = rowError(withField(DIRECT_DROP, 29, "TRUE"));
    expect([error.column, error.value, error.reason]).toEqual(["First Line Designation", "TRUE", 'expected "Yes" or "No"']);
  });
});

describe("repairMojibake", () => {
  it("repairs UTF-8 read as Latin-1 and leaves text that is not", () => {
    expect(repairMojibake("GrÃ¸nland")).toBe("Grønland");
    expect(repairMojibake("SÃO PAULO")).toBe("SÃO PAULO");
    expect(repairMojibake("Côte d'Ivoire")).toBe("Côte d'Ivoire");
    expect(repairMojibake("Ã€ €")).toBe("Ã€ €");
  });
});
