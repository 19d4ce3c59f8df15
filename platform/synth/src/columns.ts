import { InputError, type CellValue, type ColumnKind, type Table, type TableColumn } from "@mesh/core";

/**
 * What a synthesizer needs to know about one column. The platform derives it from the column's
 * ODCS property; this package takes it as data. The mapping we expect (see README):
 *
 * | ODCS property                                             | ColumnSpec                                  |
 * | --------------------------------------------------------- | ------------------------------------------- |
 * | logicalType `integer`                                     | kind `numerical`, integer `true`            |
 * | logicalType `number`                                      | kind `numerical` (decimals from the scale)  |
 * | logicalType `string` with an enum, or few distinct values | kind `categorical`, allowedValues = the enum |
 * | logicalType `boolean`                                     | kind `boolean`                              |
 * | logicalType `date` / `timestamp`                          | kind `datetime` (epoch ms)                  |
 * | `required: true`                                          | nullable `false`                            |
 * | logicalTypeOptions minimum / maximum                      | minimum / maximum                           |
 */
export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** numerical only: output is rounded to whole numbers. */
  integer?: boolean;
  /** Whether the column may hold nulls; a non-nullable column is never generated null. */
  nullable: boolean;
  /** numerical and datetime (epoch ms): output is clamped to [minimum, maximum]. */
  minimum?: number;
  maximum?: number;
  /** categorical: the only values that may be generated; training values outside it are an error. */
  allowedValues?: readonly CellValue[];
  /** numerical: output is rounded to this many decimal places. */
  decimals?: number;
}

/** The column model of a table: one spec per column, in output order. */
export type ColumnModel = readonly ColumnSpec[];

/**
 * Checks a column model on its own and against a table: every column of the model in the
 * table with the same kind, no column of the table left out, values of the right type, no null
 * in a non-nullable column, no categorical value outside `allowedValues`. Errors name the column.
 */
export function checkTableAgainstModel(table: Table, model: ColumnModel): TableColumn[] {
  checkColumnModel(model);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const c of table.columns) {
    if (!model.some((s) => s.name === c.name))
      throw new InputError(`column "${c.name}" is in the table but not in the column model`);
  }
  const rows = table.columns[0]?.values.length ?? 0;
  return model.map((spec) => {
    const col = byName.get(spec.name);
    if (!col) throw new InputError(`column "${spec.name}" of the column model is not in the table`);
    if (col.kind !== spec.kind)
      throw new InputError(`column "${spec.name}" is ${col.kind} in the table but ${spec.kind} in the column model`);
    if (col.values.length !== rows)
      throw new InputError(`column "${spec.name}" has ${col.values.length} values, expected ${rows}`);
    const allowed = spec.allowedValues ? new Set(spec.allowedValues) : null;
    col.values.forEach((v, row) => {
      if (v === null) {
        if (!spec.nullable) throw new InputError(`column "${spec.name}" is not nullable but row ${row} is null`);
        return;
      }
      switch (spec.kind) {
        case "numerical":
        case "datetime":
          if (typeof v !== "number" || !Number.isFinite(v))
            throw new InputError(`column "${spec.name}", row ${row}: ${JSON.stringify(v)} is not a finite number`);
          break;
        case "boolean":
          if (typeof v !== "boolean")
            throw new InputError(`column "${spec.name}", row ${row}: ${JSON.stringify(v)} is not a boolean`);
          break;
        case "categorical":
          if (allowed && !allowed.has(v))
            throw new InputError(`column "${spec.name}", row ${row}: ${JSON.stringify(v)} is not one of its allowed values`);
          break;
      }
    });
    return col;
  });
}

/** Checks the model itself: unique names, known kinds, sensible bounds. */
export function checkColumnModel(model: ColumnModel): void {
  if (!Array.isArray(model) || model.length === 0) throw new InputError("the column model must list at least one column");
  const seen = new Set<string>();
  for (const spec of model) {
    if (typeof spec.name !== "string" || spec.name === "") throw new InputError("every column spec needs a name");
    if (seen.has(spec.name)) throw new InputError(`column "${spec.name}" appears twice in the column model`);
    seen.add(spec.name);
    if (!["numerical", "categorical", "boolean", "datetime"].includes(spec.kind))
      throw new InputError(`column "${spec.name}": unknown kind ${JSON.stringify(spec.kind)}`);
    if (spec.minimum !== undefined && spec.maximum !== undefined && spec.minimum > spec.maximum) {
      throw new InputError(`column "${spec.name}": minimum ${spec.minimum} is above maximum ${spec.maximum}`);
    }
    if (spec.decimals !== undefined && !(Number.isInteger(spec.decimals) && spec.decimals >= 0 && spec.decimals <= 15)) {
      throw new InputError(`column "${spec.name}": decimals must be an integer from 0 to 15`);
    }
  }
}

/**
 * Makes a generated number a valid value of its column: clamped to the bounds, rounded to an
 * integer (integer columns and datetimes, which are whole milliseconds) or to `decimals` places.
 */
export function finalizeNumber(spec: ColumnSpec, x: number): number {
  return numberFinalizer(spec)(x);
}

/** `finalizeNumber` for one column, with its bounds and rounding worked out once. */
export function numberFinalizer(spec: ColumnSpec): (x: number) => number {
  const whole = spec.integer === true || spec.kind === "datetime";
  let lo = spec.minimum ?? -Infinity;
  let hi = spec.maximum ?? Infinity;
  if (whole) {
    lo = Math.ceil(lo);
    hi = Math.floor(hi);
    return (x) => Math.round(Math.min(hi, Math.max(lo, x))) || 0;
  }
  if (spec.decimals === undefined) return (x) => Math.min(hi, Math.max(lo, x)) || 0;
  const f = 10 ** spec.decimals;
  const loR = Math.ceil(lo * f) / f;
  const hiR = Math.floor(hi * f) / f;
  return (x) => {
    const v = Math.round(Math.min(hi, Math.max(lo, x)) * f) / f;
    return (v < lo ? loR : v > hi ? hiR : v) || 0;
  };
}

/**
 * A column model guessed from a table, for when no contract is at hand: numbers that are all
 * whole are integers, a column with nulls is nullable, categoricals allow what they hold.
 */
export function inferColumnModel(table: Table): ColumnSpec[] {
  return table.columns.map((c) => {
    const present = c.values.filter((v) => v !== null);
    const spec: ColumnSpec = { name: c.name, kind: c.kind, nullable: present.length < c.values.length };
    if (c.kind === "numerical") spec.integer = present.every((v) => typeof v === "number" && Number.isInteger(v));
    return spec;
  });
}
