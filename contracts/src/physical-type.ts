/**
 * PostgreSQL column types as contracts spell them. Contracts write `physicalType` exactly as
 * PostgreSQL's `format_type()` prints it, so that a migrated table can be compared with its
 * contract by plain string equality; this module knows that spelling, which logical types each
 * physical type can carry, and which changes of type lose values.
 */

/** A physical type Mesh accepts, parsed. */
export type PhysicalType =
  | { family: "smallint" | "integer" | "bigint" | "double precision" | "real" | "text" | "date" | "boolean" }
  | { family: "timestamp with time zone" | "timestamp without time zone" }
  | { family: "numeric"; precision: number | undefined; scale: number | undefined }
  | { family: "character varying" | "character"; length: number };

/** The logical types Mesh columns use (ODCS also has time, object and array; Mesh tables do not). */
export const MESH_LOGICAL_TYPES = ["string", "integer", "number", "boolean", "date", "timestamp"] as const;
export type MeshLogicalType = (typeof MESH_LOGICAL_TYPES)[number];

/** For each logical type, the physical types that can carry it, as written in error messages. */
export const PHYSICAL_TYPES_BY_LOGICAL_TYPE: Record<MeshLogicalType, readonly string[]> = {
  integer: ["smallint", "integer", "bigint"],
  number: ["numeric(p,s)", "numeric", "double precision", "real"],
  string: ["text", "character varying(n)", "character(n)"],
  date: ["date"],
  timestamp: ["timestamp with time zone", "timestamp without time zone"],
  boolean: ["boolean"],
};

const FAMILIES_BY_LOGICAL_TYPE: Record<MeshLogicalType, ReadonlyArray<PhysicalType["family"]>> = {
  integer: ["smallint", "integer", "bigint"],
  number: ["numeric", "double precision", "real"],
  string: ["text", "character varying", "character"],
  date: ["date"],
  timestamp: ["timestamp with time zone", "timestamp without time zone"],
  boolean: ["boolean"],
};

const PLAIN = new Set<string>([
  "smallint",
  "integer",
  "bigint",
  "double precision",
  "real",
  "text",
  "date",
  "boolean",
  "timestamp with time zone",
  "timestamp without time zone",
  "numeric",
]);

// PostgreSQL's limits: numeric precision 1..1000, character lengths 1..10485760.
const MAX_NUMERIC_PRECISION = 1000;
const MAX_CHARACTER_LENGTH = 10_485_760;

/**
 * Parses a physical type written exactly as `format_type()` prints it (`numeric(12,2)`,
 * `character varying(40)`, `timestamp with time zone`); anything else is `undefined`.
 */
export function parsePhysicalType(text: string): PhysicalType | undefined {
  if (PLAIN.has(text)) {
    return text === "numeric"
      ? { family: "numeric", precision: undefined, scale: undefined }
      : ({ family: text } as PhysicalType);
  }
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(text);
  if (numeric) {
    const precision = Number(numeric[1]);
    const scale = Number(numeric[2]);
    if (precision < 1 || precision > MAX_NUMERIC_PRECISION || scale > precision) return undefined;
    return { family: "numeric", precision, scale };
  }
  const character = /^(character varying|character)\((\d+)\)$/.exec(text);
  if (character) {
    const length = Number(character[2]);
    if (length < 1 || length > MAX_CHARACTER_LENGTH) return undefined;
    return { family: character[1] as "character varying" | "character", length };
  }
  return undefined;
}

const ALIASES: Record<string, string> = {
  int: "integer",
  int4: "integer",
  int2: "smallint",
  int8: "bigint",
  serial: "integer",
  serial4: "integer",
  smallserial: "smallint",
  serial2: "smallint",
  bigserial: "bigint",
  serial8: "bigint",
  float: "double precision",
  float8: "double precision",
  double: "double precision",
  float4: "real",
  bool: "boolean",
  varchar: "character varying",
  char: "character(1)",
  character: "character(1)",
  timestamp: "timestamp without time zone",
  timestamptz: "timestamp with time zone",
  decimal: "numeric",
};

/**
 * The `format_type()` spelling of a type written another way (`INT4` → `integer`,
 * `varchar(40)` → `character varying(40)`, `numeric(12, 2)` → `numeric(12,2)`), or `undefined`
 * when the text is not a type Mesh knows under any spelling.
 */
export function canonicalPhysicalType(text: string): string | undefined {
  let t = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/\s*\(\s*/g, "(")
    .replace(/\s*,\s*/g, ",")
    .replace(/\s*\)/g, ")");
  const args = /^([a-z0-9 ]+?)(\(.*\))?$/.exec(t);
  if (args) {
    const base = args[1] ?? "";
    const suffix = args[2] ?? "";
    const alias = ALIASES[base];
    if (alias !== undefined) t = suffix === "" ? alias : `${alias.replace(/\(1\)$/, "")}${suffix}`;
    if (base === "decimal" || base === "numeric") {
      // numeric(p) is printed by format_type() as numeric(p,0).
      const p = /^\((\d+)\)$/.exec(suffix);
      if (p) t = `numeric(${p[1]},0)`;
    }
    if (base === "varchar" || base === "character varying") {
      // An unbounded varchar is text for every purpose Mesh has.
      if (suffix === "") t = "text";
    }
  }
  return parsePhysicalType(t) ? t : undefined;
}

/** Whether `physical` can carry values of `logical`. */
export function fitsLogicalType(physical: PhysicalType, logical: MeshLogicalType): boolean {
  return FAMILIES_BY_LOGICAL_TYPE[logical].includes(physical.family);
}

// The longest text (in characters) a value of these types prints as, for conversions to
// bounded character types.
const TEXT_WIDTH: Partial<Record<PhysicalType["family"], number>> = {
  smallint: 6,
  integer: 11,
  bigint: 20,
  boolean: 5,
  date: 10,
};
// Decimal digits left of the point that each integer type needs.
const INTEGER_DIGITS: Partial<Record<PhysicalType["family"], number>> = { smallint: 5, integer: 10, bigint: 19 };
// Significant decimal digits that survive a round trip through each float type.
const FLOAT_DIGITS: Partial<Record<PhysicalType["family"], number>> = { real: 6, "double precision": 15 };

/**
 * Whether a column of type `next` holds every value a column of type `previous` could hold
 * (so that changing `previous` to `next` loses nothing for existing data and consumers).
 */
export function holdsEveryValueOf(next: PhysicalType, previous: PhysicalType): boolean {
  const p = previous;
  switch (next.family) {
    case "text":
      return true;
    case "character varying":
    case "character": {
      if (p.family === "character varying" || p.family === "character") return next.length >= p.length;
      const width = TEXT_WIDTH[p.family];
      return width !== undefined && next.length >= width;
    }
    case "smallint":
      return p.family === "smallint";
    case "integer":
      return p.family === "smallint" || p.family === "integer";
    case "bigint":
      return p.family === "smallint" || p.family === "integer" || p.family === "bigint";
    case "numeric": {
      const digits = INTEGER_DIGITS[p.family];
      if (next.precision === undefined) return digits !== undefined || p.family === "numeric";
      const nextIntegerDigits = next.precision - (next.scale ?? 0);
      if (digits !== undefined) return nextIntegerDigits >= digits;
      if (p.family !== "numeric" || p.precision === undefined) return false;
      return (next.scale ?? 0) >= (p.scale ?? 0) && nextIntegerDigits >= p.precision - (p.scale ?? 0);
    }
    case "double precision":
    case "real": {
      const digits = FLOAT_DIGITS[next.family] ?? 0;
      if (p.family === next.family || (next.family === "double precision" && p.family === "real")) return true;
      const integerDigits = INTEGER_DIGITS[p.family];
      if (integerDigits !== undefined) return integerDigits <= digits;
      return p.family === "numeric" && p.precision !== undefined && p.precision <= digits;
    }
    case "date":
      return p.family === "date";
    case "timestamp with time zone":
    case "timestamp without time zone":
      return p.family === next.family || p.family === "date";
    case "boolean":
      return p.family === "boolean";
  }
}
