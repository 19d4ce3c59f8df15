import type { ColumnSpec } from "@mesh/contracts";

/**
 * Compiles a contract column into a function that checks one raw value and returns it in COPY
 * text form, or throws a `ValueProblem` saying what is wrong. Compiled once per load so that the
 * per-value work is a few comparisons.
 */
export type ColumnEncoder = (value: string | null) => string;

export class ValueProblem extends Error {}

const INTEGER = /^-?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const INTEGER_BOUNDS: Record<string, [number, number]> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

export function compileColumn(column: ColumnSpec): ColumnEncoder {
  const allowed = column.allowedValues ? new Set(column.allowedValues.map(String)) : undefined;
  const allowedList = column.allowedValues ? column.allowedValues.map(String).join(", ") : "";
  const checkRange = rangeCheck(column);
  const typed = typeCheck(column, checkRange);
  const required = column.required;
  return (value) => {
    if (value === null) {
      if (required) throw new ValueProblem("is missing, and the column is required");
      return "\\N";
    }
    const text = typed(value);
    if (allowed !== undefined && !allowed.has(value)) throw new ValueProblem(`is not one of the allowed values (${allowedList})`);
    return text;
  };
}

function typeCheck(column: ColumnSpec, checkRange: (n: number) => void): (value: string) => string {
  switch (column.logicalType) {
    case "integer": {
      const [low, high] = INTEGER_BOUNDS[column.physicalType] ?? INTEGER_BOUNDS.bigint!;
      return (value) => {
        if (!INTEGER.test(value)) throw new ValueProblem("is not an integer");
        const n = Number(value);
        if (n < low || n > high) throw new ValueProblem(`does not fit ${column.physicalType}`);
        checkRange(n);
        return value;
      };
    }
    case "number": {
      const digits = /^numeric\((\d+),(\d+)\)$/.exec(column.physicalType);
      const limit = digits ? 10 ** (Number(digits[1]) - Number(digits[2])) : Infinity;
      return (value) => {
        if (!NUMBER.test(value)) throw new ValueProblem("is not a number");
        const n = Number(value);
        if (!Number.isFinite(n)) throw new ValueProblem("is not a finite number");
        if (Math.abs(n) >= limit) throw new ValueProblem(`does not fit ${column.physicalType}`);
        checkRange(n);
        return value;
      };
    }
    case "boolean":
      return (value) => {
        if (value !== "true" && value !== "false") throw new ValueProblem("is not a boolean (true or false)");
        return value;
      };
    case "date":
      return (value) => {
        const m = DATE.exec(value);
        if (!m) throw new ValueProblem("is not a date (YYYY-MM-DD)");
        const month = Number(m[2]);
        const day = Number(m[3]);
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(m[1]), month)) {
          throw new ValueProblem("is not a calendar date");
        }
        return value;
      };
    case "timestamp":
      return (value) => {
        if (Number.isNaN(Date.parse(value))) throw new ValueProblem("is not a timestamp (ISO 8601)");
        return value;
      };
    default:
      return stringCheck(column);
  }
}

function stringCheck(column: ColumnSpec): (value: string) => string {
  const declared = /^character(?: varying)?\((\d+)\)$/.exec(column.physicalType);
  const maxLength = Math.min(column.maxLength ?? Infinity, declared ? Number(declared[1]) : Infinity);
  const minLength = column.minLength ?? 0;
  const pattern = column.pattern === undefined ? undefined : new RegExp(column.pattern, "u");
  return (value) => {
    if (value.length > maxLength) throw new ValueProblem(`is longer than ${maxLength} characters`);
    if (value.length < minLength) throw new ValueProblem(`is shorter than ${minLength} characters`);
    if (pattern !== undefined && !pattern.test(value)) throw new ValueProblem(`does not match the pattern ${column.pattern}`);
    return NEEDS_ESCAPE.test(value)
      ? value.replaceAll("\\", "\\\\").replaceAll("\t", "\\t").replaceAll("\n", "\\n").replaceAll("\r", "\\r")
      : value;
  };
}

function rangeCheck(column: ColumnSpec): (n: number) => void {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = column;
  if (minimum === undefined && maximum === undefined && exclusiveMinimum === undefined && exclusiveMaximum === undefined) {
    return () => {};
  }
  return (n) => {
    if (minimum !== undefined && n < minimum) throw new ValueProblem(`is below the minimum ${minimum}`);
    if (maximum !== undefined && n > maximum) throw new ValueProblem(`is above the maximum ${maximum}`);
    if (exclusiveMinimum !== undefined && n <= exclusiveMinimum)
      throw new ValueProblem(`must be greater than ${exclusiveMinimum}`);
    if (exclusiveMaximum !== undefined && n >= exclusiveMaximum) throw new ValueProblem(`must be less than ${exclusiveMaximum}`);
  };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
