import { CLASSIFICATIONS } from "./model.js";
import type { OdcsContract, OdcsProperty, OdcsSchemaObject } from "./model.js";
import { describeValue } from "./paths.js";
import { canonicalPhysicalType, holdsEveryValueOf, parsePhysicalType, type PhysicalType } from "./physical-type.js";

/**
 * One difference between two versions of a contract. `breaking` when a consumer or producer
 * written against the previous version can fail on the next one.
 *
 * Paths name tables and columns by their `name`, not their index, so that they stay meaningful
 * across versions that reorder them: `schema[patients].properties[age].logicalTypeOptions.maximum`.
 * Three paths are Mesh's own, for facts ODCS spreads over several fields:
 * `schema[<table>].primaryKey` (the ordered key columns), `….properties[<column>].validValues`
 * (the closed set of an `invalidValues` quality rule) and `….properties[<column>].unit` (the
 * `unit` custom property).
 */
export interface ContractChange {
  kind: "breaking" | "non-breaking";
  path: string;
  message: string;
}

type Dict = Record<string, unknown>;
const isRecord = (value: unknown): value is Dict => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Every difference between two versions of a contract, each marked breaking or non-breaking
 * (rules in contracts/README.md, "Changing a contract"). The `version` field itself is not
 * compared: `checkVersionBump` judges it from these changes.
 */
export function diffContracts(previous: OdcsContract, next: OdcsContract): ContractChange[] {
  const changes = new Changes();
  for (const key of ["id", "domain", "dataProduct"] as const) {
    if (!deepEqual(previous[key], next[key])) {
      changes.breaking(
        key,
        `changed from ${describeValue(previous[key])} to ${describeValue(next[key])}: consumers address the dataset by it`,
      );
    }
  }

  const handled = new Set(["version", "id", "domain", "dataProduct", "schema"]);
  for (const key of unionKeys(previous, next)) {
    if (handled.has(key)) continue;
    if (key === "description" && isRecord(previous.description) && isRecord(next.description)) {
      for (const part of unionKeys(previous.description, next.description)) {
        changes.other(`description.${part}`, previous.description[part], next.description[part]);
      }
    } else changes.other(key, previous[key], next[key]);
  }

  const before = byName(previous.schema);
  const after = byName(next.schema);
  for (const [name, table] of before) {
    const at = `schema[${name}]`;
    const successor = after.get(name);
    if (successor) diffTable(table, successor, at, changes);
    else changes.breaking(at, `table ${name}${table.physicalName ? ` (${table.physicalName})` : ""} removed or renamed`);
  }
  for (const [name, table] of after) {
    if (!before.has(name))
      changes.compatible(`schema[${name}]`, `new table ${name}${table.physicalName ? ` (${table.physicalName})` : ""}`);
  }
  return changes.list;
}

class Changes {
  readonly list: ContractChange[] = [];

  breaking(path: string, message: string): void {
    this.list.push({ kind: "breaking", path, message });
  }

  compatible(path: string, message: string): void {
    this.list.push({ kind: "non-breaking", path, message });
  }

  /** A change of a field that documents the data without constraining it: never breaking. */
  other(path: string, previous: unknown, next: unknown): void {
    if (deepEqual(previous, next)) return;
    if (previous === undefined) this.compatible(path, `added: ${describeValue(next)}`);
    else if (next === undefined) this.compatible(path, `removed (was ${describeValue(previous)})`);
    else if (isScalarList(previous) && isScalarList(next)) {
      // Lists such as tags read better as what was added and removed.
      const removed = previous.filter((v) => !next.includes(v));
      const added = next.filter((v) => !previous.includes(v));
      const parts = [added.length > 0 ? `added ${list(added)}` : "", removed.length > 0 ? `removed ${list(removed)}` : ""];
      this.compatible(path, `changed: ${parts.filter(Boolean).join("; ") || "reordered"}`);
    } else this.compatible(path, `changed from ${describeValue(previous)} to ${describeValue(next)}`);
  }
}

function diffTable(previous: OdcsSchemaObject, next: OdcsSchemaObject, at: string, changes: Changes): void {
  for (const key of ["physicalName", "physicalType"] as const) {
    if (!deepEqual(previous[key], next[key])) {
      changes.breaking(
        `${at}.${key}`,
        `changed from ${describeValue(previous[key])} to ${describeValue(next[key])}: consumers query the table by it`,
      );
    }
  }
  const handled = new Set(["name", "physicalName", "physicalType", "properties"]);
  for (const key of unionKeys(previous, next)) if (!handled.has(key)) changes.other(`${at}.${key}`, previous[key], next[key]);
  const before = byName(previous.properties);
  const after = byName(next.properties);
  for (const [name, column] of before) {
    const successor = after.get(name);
    if (successor) diffColumn(column, successor, `${at}.properties[${name}]`, changes);
    else changes.breaking(`${at}.properties[${name}]`, `column ${name} removed or renamed`);
  }
  for (const [name, column] of after) {
    if (before.has(name)) continue;
    const type = `${column.logicalType ?? "untyped"}, ${column.required === true ? "not null" : "nullable"}`;
    if (column.required === true) {
      changes.breaking(
        `${at}.properties[${name}]`,
        `new required column ${name} (${type}): existing rows and producers have no value for it`,
      );
    } else changes.compatible(`${at}.properties[${name}]`, `new nullable column ${name} (${type})`);
  }
  const keyBefore = primaryKey(previous.properties);
  const keyAfter = primaryKey(next.properties);
  if (!deepEqual(keyBefore, keyAfter)) {
    changes.breaking(
      `${at}.primaryKey`,
      `changed from (${keyBefore.join(", ")}) to (${keyAfter.join(", ")}): rows are identified differently`,
    );
  }
}

// Changes of logical type that lose no value: every integer is a number, every date a
// timestamp (at midnight), and every value has a text form.
function widensLogicalType(previous: unknown, next: unknown): boolean {
  return (previous === "integer" && next === "number") || (previous === "date" && next === "timestamp") || next === "string";
}

const COLUMN_FIELDS_HANDLED = new Set([
  "name",
  "logicalType",
  "physicalType",
  "required",
  "unique",
  "classification",
  "logicalTypeOptions",
  "primaryKey",
  "primaryKeyPosition",
  "quality",
  "customProperties",
]);

function diffColumn(previous: OdcsProperty, next: OdcsProperty, at: string, changes: Changes): void {
  if (previous.logicalType !== next.logicalType) {
    const change = `from ${describeValue(previous.logicalType)} to ${describeValue(next.logicalType)}`;
    if (widensLogicalType(previous.logicalType, next.logicalType)) changes.compatible(`${at}.logicalType`, `widened ${change}`);
    else changes.breaking(`${at}.logicalType`, `changed ${change}: existing values or consumers may not fit the new type`);
  }
  diffPhysicalType(previous.physicalType, next.physicalType, `${at}.physicalType`, changes);
  diffFlag(previous.required, next.required, `${at}.required`, "null values", changes);
  diffFlag(previous.unique, next.unique, `${at}.unique`, "duplicate values", changes);
  diffClassification(previous.classification, next.classification, `${at}.classification`, changes);
  diffOptions(options(previous), options(next), `${at}.logicalTypeOptions`, changes);
  diffValidValues(validValues(previous), validValues(next), `${at}.validValues`, changes);
  diffUnit(unit(previous), unit(next), `${at}.unit`, changes);
  changes.other(`${at}.quality`, otherQuality(previous), otherQuality(next));
  changes.other(`${at}.customProperties`, otherCustomProperties(previous), otherCustomProperties(next));
  for (const key of unionKeys(previous, next)) {
    if (!COLUMN_FIELDS_HANDLED.has(key)) changes.other(`${at}.${key}`, previous[key], next[key]);
  }
}

function parseLoosely(type: unknown): PhysicalType | undefined {
  if (typeof type !== "string") return undefined;
  return parsePhysicalType(type) ?? parsePhysicalType(canonicalPhysicalType(type) ?? "");
}

function diffPhysicalType(previous: unknown, next: unknown, at: string, changes: Changes): void {
  if (previous === next) return;
  const change = `from ${describeValue(previous)} to ${describeValue(next)}`;
  const before = parseLoosely(previous);
  const after = parseLoosely(next);
  if (before && after && holdsEveryValueOf(after, before)) changes.compatible(at, `widened ${change}`);
  else if (before && after && holdsEveryValueOf(before, after))
    changes.breaking(at, `narrowed ${change}: existing values may not fit`);
  else changes.breaking(at, `changed ${change}, which cannot hold every previous value`);
}

// required and unique: turning one on refuses data the previous version allowed.
function diffFlag(previous: unknown, next: unknown, at: string, refused: string, changes: Changes): void {
  const before = previous === true;
  const after = next === true;
  if (before === after) return;
  if (after) changes.breaking(at, `changed from false to true: ${refused} the previous version allowed are refused`);
  else changes.compatible(at, "changed from true to false");
}

function diffClassification(previous: unknown, next: unknown, at: string, changes: Changes): void {
  if (previous === next) return;
  const change = `from ${describeValue(previous)} to ${describeValue(next)}`;
  const before = (CLASSIFICATIONS as readonly unknown[]).indexOf(previous);
  const after = (CLASSIFICATIONS as readonly unknown[]).indexOf(next);
  if (before >= 0 && after > before) changes.compatible(at, `tightened ${change}`);
  else if (before >= 0 && after >= 0)
    changes.breaking(at, `loosened ${change}: the column would be released with less protection`);
  else changes.breaking(at, `changed ${change}: Mesh cannot tell whether it protects less`);
}

// For each bound, the direction in which a change refuses data the previous version allowed.
const TIGHTER_WHEN: Record<string, "higher" | "lower"> = {
  minimum: "higher",
  exclusiveMinimum: "higher",
  minLength: "higher",
  maximum: "lower",
  exclusiveMaximum: "lower",
  maxLength: "lower",
};
const OPTION_ORDER = [
  "minimum",
  "exclusiveMinimum",
  "maximum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "multipleOf",
];

// A bound as a number (dates and timestamps are ISO texts), undefined when it is not one.
function bound(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  return undefined;
}

function diffOptions(previous: Dict, next: Dict, at: string, changes: Changes): void {
  const keys = unionKeys(previous, next).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const key of keys) {
    const before = previous[key];
    const after = next[key];
    if (deepEqual(before, after)) continue;
    const path = `${at}.${key}`;
    if (before === undefined) {
      changes.breaking(path, `added: ${describeValue(after)} (a constraint the previous version did not have)`);
      continue;
    }
    if (after === undefined) {
      changes.compatible(path, `removed (was ${describeValue(before)})`);
      continue;
    }
    const direction = TIGHTER_WHEN[key];
    const b = bound(before);
    const a = bound(after);
    if (direction && a !== undefined && b !== undefined) {
      const raised = a > b;
      const word = `${raised ? "raised" : "lowered"} from ${describeValue(before)} to ${describeValue(after)}`;
      if (raised === (direction === "higher")) changes.breaking(path, `${word}: values the previous version allowed are refused`);
      else changes.compatible(path, word);
    } else {
      // A pattern, format or step that changes can refuse values the previous one allowed.
      changes.breaking(path, `changed from ${describeValue(before)} to ${describeValue(after)}`);
    }
  }
}

function rank(key: string): number {
  const i = OPTION_ORDER.indexOf(key);
  return i < 0 ? OPTION_ORDER.length : i;
}

function diffValidValues(previous: unknown[] | undefined, next: unknown[] | undefined, at: string, changes: Changes): void {
  if (deepEqual(previous, next)) return;
  if (previous === undefined && next !== undefined) {
    changes.breaking(at, `closed set introduced: ${list(next)}; any other value is refused`);
    return;
  }
  if (next === undefined && previous !== undefined) {
    changes.compatible(at, `closed set removed (was ${list(previous)})`);
    return;
  }
  const removed = (previous ?? []).filter((v) => !(next ?? []).some((w) => deepEqual(v, w)));
  const added = (next ?? []).filter((v) => !(previous ?? []).some((w) => deepEqual(v, w)));
  if (removed.length > 0) changes.breaking(at, `values removed: ${list(removed)} (were allowed, now refused)`);
  if (added.length > 0) changes.compatible(at, `values added: ${list(added)}`);
}

const isScalarList = (value: unknown): value is Array<string | number | boolean | null> =>
  Array.isArray(value) && value.every((v) => v === null || typeof v !== "object");

function list(values: unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function options(property: OdcsProperty): Dict {
  return isRecord(property.logicalTypeOptions) ? property.logicalTypeOptions : {};
}

const isValidValuesRule = (rule: unknown): boolean =>
  isRecord(rule) && rule.metric === "invalidValues" && isRecord(rule.arguments) && Array.isArray(rule.arguments.validValues);

function validValues(property: OdcsProperty): unknown[] | undefined {
  const rule = Array.isArray(property.quality) ? property.quality.find(isValidValuesRule) : undefined;
  return rule?.arguments?.validValues as unknown[] | undefined;
}

function otherQuality(property: OdcsProperty): unknown[] | undefined {
  const rules = Array.isArray(property.quality) ? property.quality.filter((r) => !isValidValuesRule(r)) : [];
  return rules.length > 0 ? rules : undefined;
}

/**
 * A unit that changes (mm Hg → kPa) changes what every value means, even when the numbers still
 * fit the type: breaking. A unit added or removed only documents the data.
 */
function diffUnit(previous: unknown, next: unknown, at: string, changes: Changes): void {
  if (previous !== undefined && next !== undefined && previous !== next) {
    changes.breaking(
      at,
      `changed from ${describeValue(previous)} to ${describeValue(next)}: every value now means something else`,
    );
  } else changes.other(at, previous, next);
}

function unit(property: OdcsProperty): unknown {
  return Array.isArray(property.customProperties)
    ? property.customProperties.find((c) => c?.property === "unit")?.value
    : undefined;
}

function otherCustomProperties(property: OdcsProperty): unknown[] | undefined {
  const entries = Array.isArray(property.customProperties) ? property.customProperties.filter((c) => c?.property !== "unit") : [];
  return entries.length > 0 ? entries : undefined;
}

function primaryKey(properties: OdcsProperty[] | undefined): string[] {
  return (Array.isArray(properties) ? properties : [])
    .filter((p) => isRecord(p) && p.primaryKey === true)
    .sort((a, b) => (a.primaryKeyPosition ?? 0) - (b.primaryKeyPosition ?? 0))
    .map((p) => p.name);
}

// Tables and columns by name, in document order; with duplicate names (which validation
// refuses), the first one counts.
function byName<T extends { name: string }>(items: T[] | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of Array.isArray(items) ? items : []) {
    if (isRecord(item) && typeof item.name === "string" && !map.has(item.name)) map.set(item.name, item);
  }
  return map;
}

function unionKeys(a: object, b: object): string[] {
  return [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])];
}

/** Structural equality of two JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
