import { RowError, type SourceFormat } from "@mesh/kit";
import { SCMS_COUNTRIES } from "./scms-countries.js";
import { parseDayMonthYear, parseMonthDayYear } from "./scms-dates.js";

/** The header of USAID's SCMS Delivery History file, exactly. */
export const SCMS_DELIVERY_HISTORY_HEADER = [
  "ID",
  "Project Code",
  "PQ #",
  "PO / SO #",
  "ASN/DN #",
  "Country",
  "Managed By",
  "Fulfill Via",
  "Vendor INCO Term",
  "Shipment Mode",
  "PQ First Sent to Client Date",
  "PO Sent to Vendor Date",
  "Scheduled Delivery Date",
  "Delivered to Client Date",
  "Delivery Recorded Date",
  "Product Group",
  "Sub Classification",
  "Vendor",
  "Item Description",
  "Molecule/Test Type",
  "Brand",
  "Dosage",
  "Dosage Form",
  "Unit of Measure (Per Pack)",
  "Line Item Quantity",
  "Line Item Value",
  "Pack Price",
  "Unit Price",
  "Manufacturing Site",
  "First Line Designation",
  "Weight (Kilograms)",
  "Freight Cost (USD)",
  "Line Item Insurance (USD)",
] as const;

/** A record of that file: the engine has checked the header, so every line has 33 fields. */
type ScmsRecord = { readonly [I in keyof typeof SCMS_DELIVERY_HISTORY_HEADER]: string };

const NA = "N/A";
const REPAIRABLE = new TextDecoder("utf-8", { fatal: true });

/** An integer column: `63` as is, `63.0` as `63`; anything else is left for the contract check. */
function integer(s: string): string | null {
  if (s === "") return null;
  const dot = s.indexOf(".");
  if (dot < 0) return s;
  for (let i = dot + 1; i < s.length; i++) if (s.charCodeAt(i) !== 48) return s;
  return s.slice(0, dot);
}

function orNull(s: string): string | null {
  return s === "" ? null : s;
}

/** `N/A` is the source's placeholder for "does not apply" in Dosage and Shipment Mode. */
function notApplicableAsNull(s: string): string | null {
  return s === "" || s === NA ? null : s;
}

/**
 * A supplier name, with UTF-8 that was once read as Latin-1 repaired: the source has one such
 * name, the manufacturing site in `GrÃ¸nland` (Oslo) for `Grønland`. Supplier names (vendor and
 * manufacturing site) are where addresses with non-English letters appear; the other text columns
 * come from the SCMS item master and are plain ASCII, so the check (one `indexOf`, on the hot
 * path) is not spent on them. "Ã" is the Latin-1 reading of the lead byte of every accented
 * letter (U+00C0-U+00FF) in UTF-8.
 */
function supplierName(s: string): string | null {
  if (s === "") return null;
  return s.indexOf("\u00c3") < 0 ? s : repairMojibake(s);
}

/** UTF-8 bytes that were decoded as Latin-1, decoded again; text that is not such is returned as is. */
export function repairMojibake(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return s;
  try {
    return REPAIRABLE.decode(Buffer.from(s, "latin1"));
  } catch {
    return s; // not double-encoded after all (e.g. a real "Ã" followed by an ASCII letter)
  }
}

function isNumberStart(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/** A `… (ID#:1281)` pointer → `1281`; null when the text holds no such pointer. */
function pointerId(note: string): string | null {
  if (note.charCodeAt(0) !== 83 /* S */ || !note.startsWith("See ")) return null;
  const open = note.lastIndexOf("(ID#:");
  return open > 0 && note.charCodeAt(note.length - 1) === 41 /* ) */ ? note.slice(open + 5, note.length - 1) : null;
}

/** A cell holding an `m/d/yy` date or a text such as `Date Not Captured`: the date part. */
function dateOrNull(s: string, column: string): string | null {
  return s === "" || !isNumberStart(s) ? null : parseMonthDayYear(s, column);
}

/** The same cell: the text part (the contract lists the texts allowed). */
function noteOrNull(s: string): string | null {
  return s === "" || isNumberStart(s) ? null : s;
}

/**
 * USAID's SCMS Delivery History CSV (the shape of `SCMS_Delivery_History_Dataset.csv`) into
 * `logistics.shipments`. One row per record; see the contract for each column.
 */
export const scmsDeliveryHistoryFormat: SourceFormat = {
  name: "usaid-scms-delivery-history",
  description:
    "USAID Supply Chain Shipment Pricing Data (SCMS Delivery History), as published in 2015: 33 columns, " +
    "dates m/d/yy and d-Mon-yy, weight and freight mixing numbers with notes, N/A placeholders.",
  layout: { header: SCMS_DELIVERY_HISTORY_HEADER },

  map(record, emit) {
    const f = record as unknown as ScmsRecord;

    const country = f[5];
    const codes = SCMS_COUNTRIES.get(country);
    if (codes === undefined) {
      throw new RowError("Country", country, "is not a known SCMS destination (add it to data/scms_country_iso3.csv)");
    }

    const firstLine = f[29];
    if (firstLine !== "Yes" && firstLine !== "No") {
      throw new RowError("First Line Designation", firstLine, 'expected "Yes" or "No"');
    }

    // Weight and freight hold a number, or a note (possibly pointing at another line item).
    const weight = f[30];
    const weightIsNumber = weight !== "" && isNumberStart(weight);
    const weightNote = weight === "" || weightIsNumber ? null : weight;
    const freight = f[31];
    const freightIsNumber = freight !== "" && isNumberStart(freight);
    const freightNote = freight === "" || freightIsNumber ? null : freight;

    const pqSent = f[10];
    const poSent = f[11];

    emit([
      integer(f[0]),
      orNull(f[1]),
      orNull(f[2]),
      orNull(f[3]),
      orNull(f[4]),
      country,
      codes.iso2,
      codes.iso3,
      orNull(f[6]),
      orNull(f[7]),
      orNull(f[8]),
      notApplicableAsNull(f[9]),
      dateOrNull(pqSent, "PQ First Sent to Client Date"),
      noteOrNull(pqSent),
      dateOrNull(poSent, "PO Sent to Vendor Date"),
      noteOrNull(poSent),
      f[12] === "" ? null : parseDayMonthYear(f[12], "Scheduled Delivery Date"),
      f[13] === "" ? null : parseDayMonthYear(f[13], "Delivered to Client Date"),
      f[14] === "" ? null : parseDayMonthYear(f[14], "Delivery Recorded Date"),
      orNull(f[15]),
      orNull(f[16]),
      supplierName(f[17]),
      orNull(f[18]),
      orNull(f[19]),
      orNull(f[20]),
      notApplicableAsNull(f[21]),
      orNull(f[22]),
      integer(f[23]),
      integer(f[24]),
      orNull(f[25]),
      orNull(f[26]),
      orNull(f[27]),
      supplierName(f[28]),
      firstLine === "Yes" ? "true" : "false",
      weightIsNumber ? weight : null,
      weightNote,
      weightNote === null ? null : pointerId(weightNote),
      freightIsNumber ? freight : null,
      freightNote,
      freightNote === null ? null : pointerId(freightNote),
      orNull(f[32]),
    ]);
  },
};
