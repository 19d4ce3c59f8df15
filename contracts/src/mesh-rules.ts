/**
 * Mesh's own rules for contracts and descriptors (contracts/README.md, "Conventions"), checked on
 * top of the official schemas. Each check looks only at values of the shape it expects, so that
 * a document the official schema already rejects is still checked as far as its shape allows,
 * and never makes these functions throw.
 */
import { isSemanticVersion } from "./compare-versions.js";
import type { ContractProblem } from "./errors.js";
import { CLASSIFICATIONS } from "./model.js";
import { OBJECTIVE_SETTINGS, OBJECTIVES } from "./objectives.js";
import { describeValue, joinPath } from "./paths.js";
import {
  MESH_LOGICAL_TYPES,
  PHYSICAL_TYPES_BY_LOGICAL_TYPE,
  canonicalPhysicalType,
  fitsLogicalType,
  parsePhysicalType,
  type MeshLogicalType,
} from "./physical-type.js";

type Report = (path: string, message: string) => void;
type Dict = Record<string, unknown>;

const isRecord = (value: unknown): value is Dict => typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

// URN segments: lowercase words joined by hyphens (or underscores).
const SEGMENT = "[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*";
const DATASET_URN = new RegExp(`^urn:mesh:(${SEGMENT}):(${SEGMENT}):(${SEGMENT})$`);
const PRODUCT_URN = new RegExp(`^urn:mesh:(${SEGMENT}):(${SEGMENT})$`);
const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
// PostgreSQL truncates longer identifiers silently, so a longer name would not match its table.
const MAX_IDENTIFIER_LENGTH = 63;
const MESH_OBJECTIVES = ["fidelity", "privacy", "fairness"] as const;
const DESCRIPTION_PARTS = ["purpose", "usage", "limitations"] as const;

/** The parts of a dataset id `urn:mesh:<domain>:<product>:<dataset>`; `undefined` if it is not one. */
export function parseDatasetId(id: unknown): { domain: string; product: string; dataset: string } | undefined {
  const m = typeof id === "string" ? DATASET_URN.exec(id) : null;
  return m ? { domain: m[1] ?? "", product: m[2] ?? "", dataset: m[3] ?? "" } : undefined;
}

/** The parts of a product id `urn:mesh:<domain>:<product>`; `undefined` if it is not one. */
export function parseProductId(id: unknown): { domain: string; product: string } | undefined {
  const m = typeof id === "string" ? PRODUCT_URN.exec(id) : null;
  return m ? { domain: m[1] ?? "", product: m[2] ?? "" } : undefined;
}

/** The problems Mesh's conventions find in an ODCS contract. */
export function meshContractProblems(document: unknown): ContractProblem[] {
  const problems: ContractProblem[] = [];
  if (!isRecord(document)) return problems;
  const report: Report = (path, message) => problems.push({ path, message });
  const doc = document;

  checkFixed(doc.apiVersion, "apiVersion", "v3.1.0", "Mesh writes every contract against ODCS v3.1.0", report);
  checkFixed(doc.status, "status", "active", "Mesh serves active contracts only", report);
  checkVersion(doc.version, report);

  const urn = parseDatasetId(doc.id);
  if (typeof doc.id === "string" && !urn) {
    report("id", `must be the dataset URN urn:mesh:<domain>:<product>:<dataset>, in lowercase (got ${describeValue(doc.id)})`);
  }
  checkAgrees(doc.domain, "domain", urn?.domain, report);
  checkAgrees(doc.dataProduct, "dataProduct", urn?.product, report);
  checkAgrees(doc.name, "name", urn && `${urn.product}-${urn.dataset}`, report);

  checkDescription(doc.description, report);
  checkTags(doc.tags, report);
  checkTeam(doc.team, report);
  checkCustomProperties(doc.customProperties, "customProperties", report);
  checkObjectiveColumns(doc, report);

  if (doc.schema === undefined || (Array.isArray(doc.schema) && doc.schema.length === 0)) {
    report("schema", "must list at least one table");
  }
  if (!Array.isArray(doc.schema)) return problems;
  const tableNames = new Map<string, string>();
  const physicalNames = new Map<string, string>();
  doc.schema.forEach((object: unknown, i) => {
    if (!isRecord(object)) return;
    const at = `schema[${i}]`;
    checkUnique(object.name, `${at}.name`, tableNames, "table name", report);
    if (object.physicalType === undefined) report(`${at}.physicalType`, 'is required: Mesh tables have physicalType "table"');
    else checkFixed(object.physicalType, `${at}.physicalType`, "table", "Mesh serves tables only", report);
    if (object.physicalName === undefined) report(`${at}.physicalName`, "is required: the PostgreSQL table, in snake_case");
    checkIdentifier(object.physicalName, `${at}.physicalName`, report);
    checkUnique(object.physicalName, `${at}.physicalName`, physicalNames, "physicalName", report);
    checkText(object.description, `${at}.description`, "what one row is", report);
    checkCustomProperties(object.customProperties, `${at}.customProperties`, report);
    if (object.properties === undefined || (Array.isArray(object.properties) && object.properties.length === 0)) {
      report(`${at}.properties`, "must list at least one column");
    }
    if (Array.isArray(object.properties)) checkColumns(object.properties, at, report);
  });
  return problems;
}

/** The problems Mesh's conventions find in an ODPS product descriptor. */
export function meshDescriptorProblems(document: unknown): ContractProblem[] {
  const problems: ContractProblem[] = [];
  if (!isRecord(document)) return problems;
  const report: Report = (path, message) => problems.push({ path, message });
  const doc = document;

  checkFixed(doc.apiVersion, "apiVersion", "v1.0.0", "Mesh writes every descriptor against ODPS v1.0.0", report);
  checkFixed(doc.status, "status", "active", "Mesh serves active products only", report);
  // ODPS makes the version optional; Mesh versions every product.
  if (doc.version === undefined) report("version", "is required: a semantic version like 1.0.0");
  checkVersion(doc.version, report);

  const urn = parseProductId(doc.id);
  if (typeof doc.id === "string" && !urn) {
    report("id", `must be the product URN urn:mesh:<domain>:<product>, in lowercase (got ${describeValue(doc.id)})`);
  }
  checkAgrees(doc.domain, "domain", urn?.domain, report);
  checkAgrees(doc.name, "name", urn?.product, report);

  checkDescription(doc.description, report);
  checkTags(doc.tags, report);
  checkTeam(doc.team, report);

  if (doc.outputPorts === undefined || (Array.isArray(doc.outputPorts) && doc.outputPorts.length === 0)) {
    report("outputPorts", "must list at least one output port (one per dataset)");
  }
  if (!Array.isArray(doc.outputPorts)) return problems;
  const offered = new Map<string, string>();
  doc.outputPorts.forEach((port: unknown, i) => {
    if (!isRecord(port)) return;
    const at = `outputPorts[${i}].contractId`;
    if (port.contractId === undefined) {
      report(at, "is required: the id of the contract of the dataset this port serves");
      return;
    }
    if (typeof port.contractId !== "string") return;
    const target = parseDatasetId(port.contractId);
    if (!target || (urn && (target.domain !== urn.domain || target.product !== urn.product))) {
      const expected = urn ? `urn:mesh:${urn.domain}:${urn.product}:<dataset>` : "urn:mesh:<domain>:<product>:<dataset>";
      report(at, `must be the id of one of this product's contracts, ${expected} (got ${describeValue(port.contractId)})`);
    }
    // One port per contract and kind: a dataset may have a REAL and a SYNTHETIC port. A port
    // that names no kind is REAL (as the kit reads it).
    const kind = Array.isArray(port.customProperties)
      ? (port.customProperties as unknown[]).find((p) => isRecord(p) && p.property === "portKind")
      : undefined;
    const kindValue = isRecord(kind) && typeof kind.value === "string" ? kind.value : "";
    const key = `${port.contractId}\u0000${kindValue || "REAL"}`;
    const first = offered.get(key);
    if (first === undefined) offered.set(key, at);
    else {
      report(
        at,
        `duplicate contractId ${JSON.stringify(port.contractId)}${kindValue ? ` for the ${kindValue} port` : ""} in outputPorts (also at ${first})`,
      );
    }
  });
  return problems;
}

function checkFixed(value: unknown, path: string, expected: string, why: string, report: Report): void {
  if (typeof value === "string" && value !== expected) {
    report(path, `must be ${JSON.stringify(expected)}: ${why} (got ${describeValue(value)})`);
  }
}

function checkVersion(value: unknown, report: Report): void {
  if (typeof value === "string" && !isSemanticVersion(value)) {
    report("version", `must be a semantic version like 1.0.0 (got ${describeValue(value)})`);
  }
}

// A field the id also says: it must be there and say the same.
function checkAgrees(value: unknown, path: string, fromId: string | undefined, report: Report): void {
  const expected = fromId === undefined ? "" : ` (${JSON.stringify(fromId)}, from the id)`;
  if (value === undefined) report(path, `is required${expected}`);
  else if (typeof value === "string" && fromId !== undefined && value !== fromId) {
    report(path, `must agree with the id: ${JSON.stringify(fromId)} (got ${describeValue(value)})`);
  }
}

function checkText(value: unknown, path: string, what: string, report: Report): void {
  if (value === undefined) report(path, `is required: ${what}`);
  else if (typeof value === "string" && !isText(value)) report(path, `must not be empty: ${what}`);
}

function checkDescription(description: unknown, report: Report): void {
  if (description !== undefined && !isRecord(description)) return;
  const what = { purpose: "why the data exists", usage: "how to use it", limitations: "what it must not be used for" };
  for (const part of DESCRIPTION_PARTS)
    checkText(description?.[part], `description.${part}`, `${what[part]}, written for a consumer`, report);
}

function checkTags(tags: unknown, report: Report): void {
  if (tags === undefined || (Array.isArray(tags) && tags.length === 0)) {
    report("tags", "must list at least one tag a consumer would search for");
  }
}

function checkTeam(team: unknown, report: Report): void {
  if (team === undefined) {
    report("team", "is required: { name, members } with at least one member with role owner");
    return;
  }
  if (Array.isArray(team)) {
    report("team", "must be an object { name, members }: the list form is deprecated since ODCS v3.1.0");
    return;
  }
  if (!isRecord(team)) return;
  const members = team.members;
  if (members !== undefined && !Array.isArray(members)) return;
  if (!(members ?? []).some((m: unknown) => isRecord(m) && m.role === "owner")) {
    report("team.members", "must include at least one member with role owner");
  }
}

function checkUnique(value: unknown, path: string, seen: Map<string, string>, what: string, report: Report, scope = ""): void {
  if (typeof value !== "string") return;
  const first = seen.get(value);
  if (first === undefined) seen.set(value, path);
  else report(path, `duplicate ${what} ${JSON.stringify(value)}${scope ? ` in ${scope}` : ""} (also at ${first})`);
}

function checkIdentifier(value: unknown, path: string, report: Report): void {
  if (typeof value !== "string") return;
  if (!SNAKE_CASE.test(value)) {
    report(
      path,
      `must be snake_case: lowercase letters, digits and single underscores, starting with a letter (got ${describeValue(value)})`,
    );
  } else if (value.length > MAX_IDENTIFIER_LENGTH) {
    report(path, `must be at most ${MAX_IDENTIFIER_LENGTH} characters, PostgreSQL's identifier limit (got ${value.length})`);
  }
}

function checkCustomProperties(list: unknown, path: string, report: Report): void {
  if (!Array.isArray(list)) return;
  list.forEach((entry: unknown, k) => {
    if (!isRecord(entry)) return;
    const at = `${path}[${k}].value`;
    if (entry.property === "unit" && !isText(entry.value)) {
      report(at, `must be a non-empty string naming the unit, e.g. "mm Hg" (got ${describeValue(entry.value)})`);
    }
    if (entry.property === "meshObjectives") checkObjectives(entry.value, at, report);
    if (entry.property === "meshSynthesizer") checkSynthesizer(entry.value, at, report);
  });
}

const SYNTHESIZER_KEYS = ["synthesizer", "settings", "seed", "filters", "exclude", "naturalKey"];

/** `meshSynthesizer`'s shape (its columns are checked by checkObjectiveColumns; settings by the synthesizer itself). */
function checkSynthesizer(value: unknown, at: string, report: Report): void {
  if (!isRecord(value)) {
    report(at, `must be an object with any of ${SYNTHESIZER_KEYS.join(", ")} (got ${describeValue(value)})`);
    return;
  }
  for (const key of Object.keys(value)) {
    if (!SYNTHESIZER_KEYS.includes(key))
      report(joinPath(at, key), `is not a synthesizer setting Mesh knows: use ${SYNTHESIZER_KEYS.join(", ")}`);
  }
  if (value.synthesizer !== undefined && !isText(value.synthesizer)) {
    report(
      joinPath(at, "synthesizer"),
      `must name a synthesizer, e.g. gaussian-copula or gan (got ${describeValue(value.synthesizer)})`,
    );
  }
  for (const key of ["settings", "filters"]) {
    if (value[key] !== undefined && !isRecord(value[key]))
      report(joinPath(at, key), `must be an object (got ${describeValue(value[key])})`);
  }
  if (value.seed !== undefined && !Number.isInteger(value.seed)) {
    report(joinPath(at, "seed"), `must be a whole number (got ${describeValue(value.seed)})`);
  }
  if (value.exclude !== undefined && !Array.isArray(value.exclude)) {
    report(joinPath(at, "exclude"), `must be a list of columns (got ${describeValue(value.exclude)})`);
  }
  if (value.naturalKey !== undefined && typeof value.naturalKey !== "boolean") {
    report(
      joinPath(at, "naturalKey"),
      `must be true or false: whether the primary key's columns are facts to learn (got ${describeValue(value.naturalKey)})`,
    );
  }
}

/** The objectives' shape: known groups and keys, thresholds in range, settings they need. (Columns are checked by checkObjectiveColumns.) */
function checkObjectives(value: unknown, at: string, report: Report): void {
  if (!isRecord(value)) {
    report(at, `must be an object with fidelity, privacy and/or fairness objectives (got ${describeValue(value)})`);
    return;
  }
  for (const [group, objectives] of Object.entries(value)) {
    const groupAt = joinPath(at, group);
    if (!(MESH_OBJECTIVES as readonly string[]).includes(group)) {
      report(groupAt, `is not an objective Mesh knows: use ${MESH_OBJECTIVES.join(", ")}`);
      continue;
    }
    if (!isRecord(objectives)) {
      report(groupAt, `must be an object of ${group} objectives (got ${describeValue(objectives)})`);
      continue;
    }
    for (const [name, threshold] of Object.entries(objectives)) {
      const keyAt = joinPath(groupAt, name);
      const known = OBJECTIVES[name];
      if (OBJECTIVE_SETTINGS[name] === group) continue;
      if (!known || known.group !== group) {
        const names = [
          ...Object.entries(OBJECTIVES).flatMap(([key, o]) => (o.group === group ? [key] : [])),
          ...Object.entries(OBJECTIVE_SETTINGS).flatMap(([key, g]) => (g === group ? [key] : [])),
        ];
        report(keyAt, `is not a ${group} objective Mesh knows: use ${names.join(", ")}`);
        continue;
      }
      const fits =
        typeof threshold === "number" &&
        (known.range === "unit"
          ? threshold >= 0 && threshold <= 1
          : known.range === "count"
            ? Number.isInteger(threshold) && threshold >= 1
            : threshold > 0);
      if (!fits) {
        const range =
          known.range === "unit"
            ? "a number from 0 to 1"
            : known.range === "count"
              ? "a whole number of at least 1"
              : "a positive number";
        report(keyAt, `must be ${range} (got ${describeValue(threshold)})`);
      }
    }
  }
  const fidelity = isRecord(value.fidelity) ? value.fidelity : {};
  const privacy = isRecord(value.privacy) ? value.privacy : {};
  const fairness = isRecord(value.fairness) ? value.fairness : {};
  if (fidelity.minUtilityRatio !== undefined && !isText(fidelity.target)) {
    report(joinPath(joinPath(at, "fidelity"), "target"), "is required with minUtilityRatio: the column utility is measured on");
  }
  for (const name of ["maxDemographicParityDifference", "maxEqualizedOddsDifference"]) {
    if (fairness[name] !== undefined && !isText(fidelity.target)) {
      report(
        joinPath(joinPath(at, "fidelity"), "target"),
        `is required with ${name}: the models whose predictions it compares predict the target`,
      );
    }
  }
  if (privacy.maxEpsilon !== undefined && !(typeof privacy.delta === "number" && privacy.delta > 0 && privacy.delta < 1)) {
    report(joinPath(joinPath(at, "privacy"), "delta"), "is required with maxEpsilon: a number between 0 and 1 (e.g. 1e-5)");
  }
  const fairnessObjectives = Object.keys(fairness).filter((k) => k !== "groupBy");
  if (fairnessObjectives.length > 0 && !(Array.isArray(fairness.groupBy) && fairness.groupBy.length > 0)) {
    report(
      joinPath(joinPath(at, "fairness"), "groupBy"),
      "is required with fairness objectives: the sensitive attributes whose groups are compared",
    );
  }
}

/** Columns the objectives name (target, groupBy) must be columns of the contract's table; groups must be sensitive attributes or quasi-identifiers. */
function checkObjectiveColumns(doc: Dict, report: Report): void {
  const customProperties = Array.isArray(doc.customProperties) ? doc.customProperties : [];
  const synthesizerAt = customProperties.findIndex((p: unknown) => isRecord(p) && p.property === "meshSynthesizer");
  const synthesizer =
    synthesizerAt >= 0 && isRecord(customProperties[synthesizerAt]) ? (customProperties[synthesizerAt] as Dict).value : undefined;
  if (isRecord(synthesizer) && Array.isArray(synthesizer.exclude)) {
    const table = Array.isArray(doc.schema) && isRecord(doc.schema[0]) ? doc.schema[0] : undefined;
    const names = new Set((Array.isArray(table?.properties) ? table.properties : []).filter(isRecord).map((p) => String(p.name)));
    synthesizer.exclude.forEach((name: unknown, i) => {
      if (typeof name !== "string" || !names.has(name)) {
        report(
          `customProperties[${synthesizerAt}].value.exclude[${i}]`,
          `names no column of table ${String(table?.name)} (got ${describeValue(name)})`,
        );
      }
    });
  }
  const index = customProperties.findIndex((p: unknown) => isRecord(p) && p.property === "meshObjectives");
  const value = index >= 0 && isRecord(customProperties[index]) ? (customProperties[index] as Dict).value : undefined;
  if (!isRecord(value)) return;
  const table = Array.isArray(doc.schema) && isRecord(doc.schema[0]) ? doc.schema[0] : undefined;
  const columns = new Map(
    (Array.isArray(table?.properties) ? table.properties : []).filter(isRecord).map((p) => [String(p.name), p] as const),
  );
  const at = `customProperties[${index}].value`;
  const fidelity = isRecord(value.fidelity) ? value.fidelity : {};
  if (isText(fidelity.target) && !columns.has(fidelity.target)) {
    report(`${at}.fidelity.target`, `names no column of table ${String(table?.name)} (got ${describeValue(fidelity.target)})`);
  }
  if (fidelity.excludeFeatures !== undefined) {
    if (!Array.isArray(fidelity.excludeFeatures)) {
      report(`${at}.fidelity.excludeFeatures`, `must be a list of columns (got ${describeValue(fidelity.excludeFeatures)})`);
    } else {
      fidelity.excludeFeatures.forEach((name: unknown, i) => {
        if (typeof name !== "string" || !columns.has(name)) {
          report(
            `${at}.fidelity.excludeFeatures[${i}]`,
            `names no column of table ${String(table?.name)} (got ${describeValue(name)})`,
          );
        } else if (name === fidelity.target) {
          report(`${at}.fidelity.excludeFeatures[${i}]`, "is the target itself: the models never see it as a feature");
        }
      });
    }
  }
  const fairness = isRecord(value.fairness) ? value.fairness : {};
  if (Array.isArray(fairness.groupBy)) {
    fairness.groupBy.forEach((name: unknown, i) => {
      const column = typeof name === "string" ? columns.get(name) : undefined;
      if (!column)
        report(`${at}.fairness.groupBy[${i}]`, `names no column of table ${String(table?.name)} (got ${describeValue(name)})`);
      else if (column.classification !== "sensitive-attribute" && column.classification !== "quasi-identifier") {
        report(
          `${at}.fairness.groupBy[${i}]`,
          `must be a sensitive-attribute or quasi-identifier column (${String(name)} is ${String(column.classification)})`,
        );
      }
    });
  }
}

function checkColumns(properties: unknown[], table: string, report: Report): void {
  const names = new Map<string, string>();
  const keyColumns: Array<{ at: string; name: string; position: unknown }> = [];
  properties.forEach((property: unknown, j) => {
    if (!isRecord(property)) return;
    const at = `${table}.properties[${j}]`;
    checkIdentifier(property.name, `${at}.name`, report);
    checkUnique(property.name, `${at}.name`, names, "column name", report);
    checkText(property.description, `${at}.description`, "what the column holds, for a consumer", report);
    checkText(property.businessName, `${at}.businessName`, "a human label for the column", report);
    const logicalType = checkLogicalType(property.logicalType, `${at}.logicalType`, report);
    checkPhysicalType(property.physicalType, logicalType, `${at}.physicalType`, report);
    if (property.required === undefined) {
      report(`${at}.required`, "must be written out (true or false): it is the column's nullability");
    }
    if (property.classification === undefined) {
      report(`${at}.classification`, `is required: one of ${CLASSIFICATIONS.join(", ")}`);
    } else if (
      typeof property.classification === "string" &&
      !(CLASSIFICATIONS as readonly string[]).includes(property.classification)
    ) {
      report(
        `${at}.classification`,
        `must be one of ${CLASSIFICATIONS.join(", ")} (got ${describeValue(property.classification)})`,
      );
    }
    if (property.primaryKey === true) {
      keyColumns.push({
        at,
        name: typeof property.name === "string" ? property.name : `properties[${j}]`,
        position: property.primaryKeyPosition,
      });
      if (property.primaryKeyPosition === undefined)
        report(`${at}.primaryKeyPosition`, "is required for a primary-key column: 1, 2, …");
      if (property.required === false) report(`${at}.required`, "must be true: a primary-key column cannot be null");
    } else if (typeof property.primaryKeyPosition === "number" && property.primaryKeyPosition !== -1) {
      // -1 is ODCS's default for "not in the key".
      report(`${at}.primaryKeyPosition`, "is set but primaryKey is not true");
    }
    const options = isRecord(property.logicalTypeOptions) ? property.logicalTypeOptions : {};
    if (logicalType) checkOptions(options, logicalType, `${at}.logicalTypeOptions`, report);
    if (logicalType) checkValidValues(property.quality, options, logicalType, `${at}.quality`, report);
    checkCustomProperties(property.customProperties, `${at}.customProperties`, report);
  });
  checkPrimaryKey(keyColumns, table, report);
}

function checkLogicalType(value: unknown, path: string, report: Report): MeshLogicalType | undefined {
  if (value === undefined) {
    report(path, `is required: one of ${MESH_LOGICAL_TYPES.join(", ")}`);
    return undefined;
  }
  if (typeof value !== "string") return undefined;
  if ((MESH_LOGICAL_TYPES as readonly string[]).includes(value)) return value as MeshLogicalType;
  report(path, `must be one of ${MESH_LOGICAL_TYPES.join(", ")}, the types of Mesh columns (got ${describeValue(value)})`);
  return undefined;
}

function checkPhysicalType(value: unknown, logicalType: MeshLogicalType | undefined, path: string, report: Report): void {
  if (value === undefined) {
    report(path, 'is required: the PostgreSQL type, as format_type() prints it (e.g. "integer")');
    return;
  }
  if (typeof value !== "string") return;
  let parsed = parsePhysicalType(value);
  if (!parsed) {
    const canonical = canonicalPhysicalType(value);
    if (canonical === undefined) {
      const known = Object.values(PHYSICAL_TYPES_BY_LOGICAL_TYPE).flat().join(", ");
      report(path, `is not a PostgreSQL type Mesh supports (got ${describeValue(value)}): use one of ${known}`);
      return;
    }
    report(
      path,
      `must be spelled as PostgreSQL's format_type() prints it: ${JSON.stringify(canonical)} (got ${describeValue(value)})`,
    );
    parsed = parsePhysicalType(canonical);
  }
  if (parsed && logicalType && !fitsLogicalType(parsed, logicalType)) {
    report(
      path,
      `${JSON.stringify(value)} cannot hold logicalType ${logicalType}: use ${PHYSICAL_TYPES_BY_LOGICAL_TYPE[logicalType].join(", ")}`,
    );
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

// A bound or value of a column of this type as a number that orders like it, or undefined when
// it is not one (dates and timestamps are ISO texts in ODCS).
function orderable(value: unknown, logicalType: MeshLogicalType): number | undefined {
  if (logicalType === "integer") return Number.isInteger(value) ? (value as number) : undefined;
  if (logicalType === "number") return typeof value === "number" && Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  if (logicalType === "date") {
    const m = DATE.exec(value);
    if (!m) return undefined;
    const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // Rejects 2024-02-30, which Date.UTC would roll over to March.
    return new Date(time).toISOString().startsWith(value) ? time : undefined;
  }
  if (logicalType === "timestamp") {
    // A bare date stands for its midnight, as PostgreSQL reads it into a timestamp column.
    if (DATE.test(value)) return orderable(value, "date");
    const time = TIMESTAMP.test(value) ? Date.parse(value.replace(" ", "T")) : Number.NaN;
    return Number.isNaN(time) ? undefined : time;
  }
  return undefined;
}

const TYPE_WORD: Record<MeshLogicalType, string> = {
  integer: "an integer",
  number: "a number",
  string: "a string",
  boolean: "a boolean",
  date: "a date YYYY-MM-DD",
  timestamp: "an ISO 8601 timestamp",
};

const BOUND_PAIRS = [
  ["minimum", "maximum", "greater than"],
  ["exclusiveMinimum", "exclusiveMaximum", "greater than or equal to"],
  ["minimum", "exclusiveMaximum", "greater than or equal to"],
  ["exclusiveMinimum", "maximum", "greater than or equal to"],
] as const;

function checkOptions(options: Dict, logicalType: MeshLogicalType, path: string, report: Report): void {
  const ordered = logicalType === "date" || logicalType === "timestamp";
  if (ordered) {
    // ODCS types date bounds as strings only; that they are dates is Mesh's to check.
    for (const key of ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"]) {
      const value = options[key];
      if (typeof value === "string" && orderable(value, logicalType) === undefined) {
        report(`${path}.${key}`, `must be ${TYPE_WORD[logicalType]} (got ${describeValue(value)})`);
      }
    }
  }
  for (const [low, high, relation] of BOUND_PAIRS) {
    const a = orderable(options[low], logicalType);
    const b = orderable(options[high], logicalType);
    if (a === undefined || b === undefined) continue;
    if (relation === "greater than" ? a > b : a >= b) {
      report(
        `${path}.${low}`,
        `must not be ${relation} ${high} (${low} ${describeValue(options[low])}, ${high} ${describeValue(options[high])})`,
      );
    }
  }
  const { minLength, maxLength, pattern } = options;
  if (typeof minLength === "number" && typeof maxLength === "number" && minLength > maxLength) {
    report(`${path}.minLength`, `must not be greater than maxLength (minLength ${minLength}, maxLength ${maxLength})`);
  }
  if (typeof pattern === "string") {
    try {
      new RegExp(pattern);
    } catch (error) {
      report(`${path}.pattern`, `is not a valid JavaScript regular expression: ${(error as Error).message}`);
    }
  }
}

function compiledPattern(pattern: unknown): RegExp | undefined {
  if (typeof pattern !== "string") return undefined;
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

function checkValidValues(quality: unknown, options: Dict, logicalType: MeshLogicalType, path: string, report: Report): void {
  if (!Array.isArray(quality)) return;
  quality.forEach((rule: unknown, k) => {
    if (!isRecord(rule) || rule.metric !== "invalidValues" || !isRecord(rule.arguments) || !("validValues" in rule.arguments))
      return;
    const at = `${path}[${k}].arguments.validValues`;
    const values = rule.arguments.validValues;
    if (!Array.isArray(values) || values.length === 0) {
      report(at, `must be a non-empty list of the allowed values (got ${describeValue(values)})`);
      return;
    }
    const pattern = compiledPattern(options.pattern);
    values.forEach((value: unknown, m) => {
      const where = `${at}[${m}]`;
      const fits =
        logicalType === "string"
          ? typeof value === "string"
          : logicalType === "boolean"
            ? typeof value === "boolean"
            : orderable(value, logicalType) !== undefined;
      if (!fits) {
        report(where, `must be ${TYPE_WORD[logicalType]}, like the column (got ${describeValue(value)})`);
        return;
      }
      const broken = brokenBound(value, options, logicalType, pattern);
      if (broken) report(where, `${describeValue(value)} ${broken}`);
    });
  });
}

// The first constraint of the column a value breaks, in words; undefined when it breaks none.
function brokenBound(
  value: unknown,
  options: Dict,
  logicalType: MeshLogicalType,
  pattern: RegExp | undefined,
): string | undefined {
  const v = orderable(value, logicalType);
  if (v !== undefined) {
    const bound = (key: string) => orderable(options[key], logicalType);
    const show = (key: string) => describeValue(options[key]);
    const min = bound("minimum");
    const max = bound("maximum");
    const xmin = bound("exclusiveMinimum");
    const xmax = bound("exclusiveMaximum");
    if (min !== undefined && v < min) return `is below the minimum ${show("minimum")}`;
    if (xmin !== undefined && v <= xmin) return `is not above the exclusiveMinimum ${show("exclusiveMinimum")}`;
    if (max !== undefined && v > max) return `is above the maximum ${show("maximum")}`;
    if (xmax !== undefined && v >= xmax) return `is not below the exclusiveMaximum ${show("exclusiveMaximum")}`;
  }
  if (typeof value === "string" && logicalType === "string") {
    const { minLength, maxLength } = options;
    if (typeof minLength === "number" && value.length < minLength) return `is shorter than the minLength ${minLength}`;
    if (typeof maxLength === "number" && value.length > maxLength) return `is longer than the maxLength ${maxLength}`;
    if (pattern && !pattern.test(value)) return `does not match the pattern ${String(options.pattern)}`;
  }
  return undefined;
}

function checkPrimaryKey(columns: Array<{ at: string; name: string; position: unknown }>, table: string, report: Report): void {
  if (columns.length === 0) {
    report(table, "must have a primary key: mark its column(s) primaryKey: true with primaryKeyPosition 1, 2, …");
    return;
  }
  const n = columns.length;
  const taken = new Map<number, string>();
  for (const { at, name, position } of columns) {
    if (typeof position !== "number") continue;
    const range = n === 1 ? "the only position is 1" : `positions run 1..${n}`;
    if (!Number.isInteger(position) || position < 1 || position > n) {
      report(`${at}.primaryKeyPosition`, `is ${position} but the primary key has ${n} column${n === 1 ? "" : "s"}: ${range}`);
      continue;
    }
    const other = taken.get(position);
    if (other !== undefined) {
      report(`${at}.primaryKeyPosition`, `is ${position}, already the position of ${JSON.stringify(other)}: ${range}, each once`);
      continue;
    }
    taken.set(position, name);
  }
}
