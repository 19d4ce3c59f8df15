import type { TableSpec } from "@mesh/contracts";
import type { SourceFormat } from "./source-format.js";

/**
 * The format every dataset accepts: a CSV whose header is exactly the contract's column names
 * (in any order), one row per record, values in canonical text. An empty field is null.
 */
export function canonicalFormat(table: TableSpec): SourceFormat {
  const names = table.columns.map((c) => c.name);
  return {
    name: "canonical",
    description: `CSV with the header ${names.join(",")} (the contract's columns); empty means null`,
    layout: { header: names },
    map(record, emit) {
      const row = new Array<string | null>(record.length);
      for (let i = 0; i < record.length; i++) {
        const value = record[i]!;
        row[i] = value === "" ? null : value;
      }
      emit(row);
    },
  };
}
