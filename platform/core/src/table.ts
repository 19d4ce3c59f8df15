import { InputError } from "./errors.js";

/**
 * A table in memory, column by column: what synthesizers learn from and generate, and what the
 * quality metrics compare. Each column says what kind of values it holds, in SDMetrics' terms
 * (`sdtype`), so that a metric or a transformer knows how to treat it without a database.
 */
export type CellValue = number | string | boolean | null;

/** numerical: integers and reals; categorical: a finite set of labels; datetime: epoch milliseconds. */
export type ColumnKind = "numerical" | "categorical" | "boolean" | "datetime";

export interface TableColumn {
  name: string;
  kind: ColumnKind;
  /** One value per row; null is a missing value. datetime values are epoch milliseconds. */
  values: CellValue[];
}

export interface Table {
  columns: TableColumn[];
}

/** The number of rows (every column has one value per row). */
export function rowCount(table: Table): number {
  return table.columns[0]?.values.length ?? 0;
}

/** The column called `name`, or an error naming the columns there are. */
export function column(table: Table, name: string): TableColumn {
  const found = table.columns.find((c) => c.name === name);
  if (!found) throw new InputError(`no column "${name}"; the table has ${table.columns.map((c) => c.name).join(", ")}`);
  return found;
}
