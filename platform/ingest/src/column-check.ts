import type { ColumnSpec } from "@mesh/contracts";
import { copyText } from "@mesh/storage";

/**
 * Compiles a contract column into a function that checks one raw value and returns it in COPY
 * text form, or throws a `ValueProblem` saying what is wrong. Compiled once per load so that the
 * per-value work is a few comparisons.
 *
 * The COPY text is returned as bytes-as-latin1: one character per byte of its UTF-8 encoding,
 * so that a block of rows becomes a Buffer by a plain copy (`Buffer.from(text, "latin1")`)
 * rather than a UTF-8 encoding pass. Numbers, dates and booleans are ASCII once checked; text
 * with characters above 0x7F is re-encoded here, which is rare.
 */
export type ColumnEncoder = (value: string | null) => string;

export class ValueProblem extends Error {}

const INTEGER = /^-?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_ESCAPE_OR_ENCODING = /[\\\t\n\r\u0080-\uffff]/;
const INTEGER_BOUNDS: Record<string, [number, number]> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

export function compileColumn(column: ColumnSpec): ColumnEncoder {
  // One closure per column, with every check inline: this runs for every value of every load
  // (tens of millions per gigabyte), where a call per check showed up in the profile.
  const allowed = column.allowedValues ? new Set(column.allowedValues.map(String)) : undefined;
  const allowedList = column.allowedValues ? column.allowedValues.map(String).join(", ") : "";
  const required = column.required;
  const missing = () => {
    if (required) throw new ValueProblem("is missing, and the column is required");
    return "\\N";
  };
  const notAllowed = () => new ValueProblem(`is not one of the allowed values (${allowedList})`);
  const min = column.minimum ?? -Infinity;
  const max = column.maximum ?? Infinity;
  const exclusiveMin = column.exclusiveMinimum ?? -Infinity;
  const exclusiveMax = column.exclusiveMaximum ?? Infinity;
  const outOfRange = (n: number) =>
    new ValueProblem(
      n < min
        ? `is below the minimum ${min}`
        : n > max
          ? `is above the maximum ${max}`
          : n <= exclusiveMin
            ? `must be greater than ${exclusiveMin}`
            : `must be less than ${exclusiveMax}`,
    );
  switch (column.logicalType) {
    case "integer": {
      const [low, high] = INTEGER_BOUNDS[column.physicalType] ?? INTEGER_BOUNDS.bigint!;
      return (value) => {
        if (value === null) return missing();
        if (!INTEGER.test(value)) throw new ValueProblem("is not an integer");
        const n = +value;
        if (n < low || n > high) throw new ValueProblem(`does not fit ${column.physicalType}`);
        if (n < min || n > max || n <= exclusiveMin || n >= exclusiveMax) throw outOfRange(n);
        if (allowed !== undefined && !allowed.has(value)) throw notAllowed();
        return value;
      };
    }
    case "number": {
      const digits = /^numeric\((\d+),(\d+)\)$/.exec(column.physicalType);
      const limit = digits ? 10 ** (Number(digits[1]) - Number(digits[2])) : Infinity;
      return (value) => {
        if (value === null) return missing();
        if (!NUMBER.test(value)) throw new ValueProblem("is not a number");
        const n = +value;
        if (!Number.isFinite(n)) throw new ValueProblem("is not a finite number");
        if (n >= limit || -n >= limit) throw new ValueProblem(`does not fit ${column.physicalType}`);
        if (n < min || n > max || n <= exclusiveMin || n >= exclusiveMax) throw outOfRange(n);
        if (allowed !== undefined && !allowed.has(value)) throw notAllowed();
        return value;
      };
    }
    case "boolean":
      return (value) => {
        if (value === null) return missing();
        if (value !== "true" && value !== "false") throw new ValueProblem("is not a boolean (true or false)");
        if (allowed !== undefined && !allowed.has(value)) throw notAllowed();
        return value;
      };
    case "date": {
      // ISO dates compare as text.
      const { earliest, latest } = column;
      return (value) => {
        if (value === null) return missing();
        const problem = dateProblem(value);
        if (problem === 1) throw new ValueProblem("is not a date (YYYY-MM-DD)");
        if (problem === 2) throw new ValueProblem("is not a calendar date");
        if (earliest !== undefined && value < earliest) throw new ValueProblem(`is before the earliest date ${earliest}`);
        if (latest !== undefined && value > latest) throw new ValueProblem(`is after the latest date ${latest}`);
        if (allowed !== undefined && !allowed.has(value)) throw notAllowed();
        return value;
      };
    }
    case "timestamp": {
      const earliest = column.earliest === undefined ? undefined : Date.parse(column.earliest);
      const latest = column.latest === undefined ? undefined : Date.parse(column.latest);
      return (value) => {
        if (value === null) return missing();
        const at = Date.parse(value);
        if (Number.isNaN(at)) throw new ValueProblem("is not a timestamp (ISO 8601)");
        if (earliest !== undefined && at < earliest) throw new ValueProblem(`is before the earliest time ${column.earliest}`);
        if (latest !== undefined && at > latest) throw new ValueProblem(`is after the latest time ${column.latest}`);
        if (allowed !== undefined && !allowed.has(value)) throw notAllowed();
        return NEEDS_ESCAPE_OR_ENCODING.test(value) ? toCopyBytes(value) : value;
      };
    }
    default: {
      const declared = /^character(?: varying)?\((\d+)\)$/.exec(column.physicalType);
      const maxLength = Math.min(column.maxLength ?? Infinity, declared ? Number(declared[1]) : Infinity);
      const minLength = column.minLength ?? 0;
      const pattern = column.pattern === undefined ? undefined : new RegExp(column.pattern, "u");
      return (value) => {
        if (value === null) return missing();
        if (value.length > maxLength) throw new ValueProblem(`is longer than ${maxLength} characters`);
        if (value.length < minLength) throw new ValueProblem(`is shorter than ${minLength} characters`);
        if (pattern !== undefined && !pattern.test(value)) throw new ValueProblem(`does not match the pattern ${column.pattern}`);
        if (allowed !== undefined && !allowed.has(value)) throw notAllowed();
        return NEEDS_ESCAPE_OR_ENCODING.test(value) ? toCopyBytes(value) : value;
      };
    }
  }
}

/** COPY text escapes, then UTF-8 bytes as latin1 characters. */
function toCopyBytes(value: string): string {
  const escaped = copyText(value);
  return HIGH.test(escaped) ? Buffer.from(escaped, "utf8").toString("latin1") : escaped;
}

const HIGH = /[\u0080-\uffff]/;

/**
 * 0 for `YYYY-MM-DD` naming a real day, 1 for another shape, 2 for a day that does not exist.
 * By character codes: a regular expression match allocated an array and three strings per date.
 */
function dateProblem(value: string): 0 | 1 | 2 {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return 1;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 1;
    year = year * 10 + d;
  }
  const m1 = value.charCodeAt(5) - 48;
  const m2 = value.charCodeAt(6) - 48;
  const d1 = value.charCodeAt(8) - 48;
  const d2 = value.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return 1;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 2;
  return 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
