import { readFileSync } from "node:fs";
import { Ajv2019, type ErrorObject, type ValidateFunction } from "ajv/dist/2019.js";
import formatsModule from "ajv-formats";
import type { ContractProblem } from "./errors.js";
import { describeValue, formatPath, typeName } from "./paths.js";

/** The two official standards Mesh documents follow. */
export type OfficialStandard = "ODCS v3.1.0" | "ODPS v1.0.0";

const SCHEMA_FILES: Record<OfficialStandard, string> = {
  "ODCS v3.1.0": "odcs-json-schema-v3.1.0.json",
  "ODPS v1.0.0": "odps-json-schema-v1.0.0.json",
};

interface Compiled {
  validate: ValidateFunction;
  root: Record<string, unknown>;
}

const compiled = new Map<OfficialStandard, Compiled>();

// Compiling a schema costs far more than validating with it, so each is compiled on first use
// and once per process. The schemas are read from `schemas/` next to `src/` and `dist/`, which is
// where both the sources (under vitest) and the build run from.
function compile(standard: OfficialStandard): Compiled {
  const cached = compiled.get(standard);
  if (cached) return cached;
  const root = JSON.parse(readFileSync(new URL(`../schemas/${SCHEMA_FILES[standard]}`, import.meta.url), "utf8")) as Record<
    string,
    unknown
  >;
  // verbose: the error's data and parent schema are needed to collapse Ajv's noise below.
  const ajv = new Ajv2019({ allErrors: true, strict: false, verbose: true });
  // ajv-formats is CommonJS; depending on the loader its default import is the plugin itself or
  // its module object (whose `default` is the plugin).
  const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (a: Ajv2019) => void;
  addFormats(ajv);
  const entry = { validate: ajv.compile(root), root };
  compiled.set(standard, entry);
  return entry;
}

/**
 * The problems the official JSON Schema of `standard` finds in `document`, one per real problem,
 * with paths in Mesh's form (`schema[0].properties[3].logicalType`) and messages a person can act
 * on.
 */
export function officialSchemaProblems(standard: OfficialStandard, document: unknown): ContractProblem[] {
  const { validate, root } = compile(standard);
  if (validate(document)) return [];
  const errors = collapse([...(validate.errors ?? [])], root);
  const problems: ContractProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = toProblem(error, document, standard);
    const key = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

const COMBINATORS = new Set(["oneOf", "anyOf"]);

/**
 * Drops the errors Ajv reports only as consequences of another one:
 * - `if` ("must match then schema"): the failing `then` keyword is reported on its own;
 * - the `type` errors of the branches of a `oneOf`/`anyOf`: when the value has the type of one
 *   branch, that branch's own errors say what is wrong and the combinator's error goes too; when
 *   it has none of their types, one error lists the types allowed;
 * - `unevaluatedProperties` for a property the schema does declare: under draft 2019-09, a
 *   subschema that fails stops counting its properties as evaluated, so one bad value makes every
 *   sibling look unknown. Kept when nothing else is wrong inside that object.
 */
function collapse(errors: ErrorObject[], root: Record<string, unknown>): ErrorObject[] {
  const combinatorAt = new Map<string, ErrorObject>();
  for (const e of errors) if (COMBINATORS.has(e.keyword)) combinatorAt.set(e.instancePath, e);
  const kept: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === "if") continue;
    const combinator = combinatorAt.get(e.instancePath);
    if (combinator && e !== combinator && e.keyword === "type") continue;
    if (COMBINATORS.has(e.keyword)) {
      const branches = Array.isArray(e.schema) ? (e.schema as unknown[]) : [];
      const types = branches.flatMap((b) => declaredTypes(b, root));
      const actual = typeName(e.data);
      const fits = types.includes(actual) || (actual === "integer" && types.includes("number"));
      // A value of the type of one branch: that branch's own errors (kept) say what is wrong.
      if (fits && e.params.passingSchemas == null) continue;
      kept.push(types.length > 0 && !fits ? { ...e, keyword: "type", params: { type: unique(types) } } : e);
      continue;
    }
    if (e.keyword === "unevaluatedProperties") {
      const property = String((e.params as { unevaluatedProperty?: unknown }).unevaluatedProperty);
      const declared = declaredProperties(e.parentSchema, root, new Set());
      const otherInside = errors.some(
        (o) =>
          o !== e &&
          o.keyword !== "unevaluatedProperties" &&
          o.keyword !== "if" &&
          (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)),
      );
      if (declared.has(property) && otherInside) continue;
    }
    kept.push(e);
  }
  return kept;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function resolveRef(ref: string, root: Record<string, unknown>): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

function declaredTypes(schema: unknown, root: Record<string, unknown>): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const s = schema as Record<string, unknown>;
  if (typeof s.type === "string") return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === "string");
  if (typeof s.$ref === "string") return declaredTypes(resolveRef(s.$ref, root), root);
  return [];
}

// The property names a schema declares anywhere it can evaluate them (through $ref, allOf,
// anyOf, oneOf, if/then/else).
function declaredProperties(schema: unknown, root: Record<string, unknown>, visited: Set<unknown>): Set<string> {
  const names = new Set<string>();
  if (typeof schema !== "object" || schema === null || visited.has(schema)) return names;
  visited.add(schema);
  const s = schema as Record<string, unknown>;
  if (typeof s.properties === "object" && s.properties !== null) for (const name of Object.keys(s.properties)) names.add(name);
  const subschemas: unknown[] = [s.if, s.then, s.else];
  for (const key of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(s[key])) subschemas.push(...(s[key] as unknown[]));
  if (typeof s.$ref === "string") subschemas.push(resolveRef(s.$ref, root));
  for (const sub of subschemas) for (const name of declaredProperties(sub, root, visited)) names.add(name);
  return names;
}

const ARTICLE: Record<string, string> = {
  object: "an object",
  array: "an array",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  null: "null",
};

function toProblem(error: ErrorObject, document: unknown, standard: OfficialStandard): ContractProblem {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const got = `got ${describeValue(error.data)}`;
  switch (error.keyword) {
    case "required": {
      const name = String(params.missingProperty);
      return { path: formatPath(`${pointer}/${escape(name)}`, document), message: `required property "${name}" is missing` };
    }
    case "additionalProperties":
    case "unevaluatedProperties": {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      return {
        path: formatPath(`${pointer}/${escape(name)}`, document),
        message: `unknown property "${name}": ${standard} does not define it here`,
      };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
      return { path: formatPath(pointer, document), message: `must be one of ${allowed} (${got})` };
    }
    case "const":
      return { path: formatPath(pointer, document), message: `must be ${JSON.stringify(params.allowedValue)} (${got})` };
    case "type": {
      let types = (Array.isArray(params.type) ? params.type : String(params.type).split(",")) as string[];
      if (types.includes("number")) types = types.filter((t) => t !== "integer");
      const wanted = types.map((t) => ARTICLE[t] ?? t);
      const list = wanted.length > 1 ? `${wanted.slice(0, -1).join(", ")} or ${wanted.at(-1)}` : (wanted[0] ?? "");
      return { path: formatPath(pointer, document), message: `must be ${list} (got ${typeName(error.data)})` };
    }
    case "oneOf":
      return {
        path: formatPath(pointer, document),
        message: `must match exactly one of the shapes ${standard} allows here (${got})`,
      };
    case "format":
      return { path: formatPath(pointer, document), message: `must be a valid ${String(params.format)} (${got})` };
    case "pattern":
      return { path: formatPath(pointer, document), message: `must match the pattern ${String(params.pattern)} (${got})` };
    default:
      return { path: formatPath(pointer, document), message: `${error.message ?? "is invalid"} (${got})` };
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
