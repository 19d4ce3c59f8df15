import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";

export interface SchemaError {
  /** JSON Pointer into the event (`/run/runId`, `/outputs/0/facets/schema/fields`); `""` is the event itself. */
  path: string;
  message: string;
}
export interface ValidationResult {
  valid: boolean;
  errors: SchemaError[];
}

/** Where a facet sits in an event; each facet schema's file name ends with the kind it is for. */
type FacetPlace = "run" | "job" | "dataset" | "input" | "output";

interface Validators {
  root: ValidateFunction;
  events: { run: ValidateFunction; dataset: ValidateFunction; job: ValidateFunction };
  /** Facet schemas by place and facet key (a key may have several, e.g. dataQualityMetrics). */
  facets: Map<string, ValidateFunction[]>;
}

const SCHEMAS = new URL("../schemas/", import.meta.url);
const MESH_FACETS = new URL("../mesh-facets/", import.meta.url);
let compiled: Validators | undefined;

function placesOf(file: string): FacetPlace[] {
  if (file === "LineageFacet.json") return ["job", "dataset"];
  if (file.endsWith("InputDatasetFacet.json")) return ["input"];
  if (file.endsWith("OutputDatasetFacet.json")) return ["output"];
  if (file.endsWith("DatasetFacet.json")) return ["dataset"];
  if (file.endsWith("RunFacet.json")) return ["run"];
  if (file.endsWith("JobFacet.json")) return ["job"];
  return [];
}

// Compiled once per process, on first use: compiling costs milliseconds, validating microseconds.
function validators(): Validators {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (a: Ajv2020) => void;
  addFormats(ajv);
  const read = (path: string) => JSON.parse(readFileSync(new URL(path, SCHEMAS), "utf8")) as { $id: string; properties?: object };
  const main = read("OpenLineage.json");
  ajv.addSchema(main);
  const facetFiles = readdirSync(new URL("facets/", SCHEMAS)).filter((f) => f.endsWith(".json"));
  // Mesh's own facets (../mesh-facets) are checked like the standard ones.
  const meshFiles = readdirSync(MESH_FACETS).filter((f) => f.endsWith(".json"));
  const facetSchemas = [
    ...facetFiles.map((file) => ({ file, schema: read(`facets/${file}`) })),
    ...meshFiles.map((file) => ({ file, schema: read(new URL(file, MESH_FACETS).href) })),
  ];
  for (const { schema } of facetSchemas) ajv.addSchema(schema);
  const facets = new Map<string, ValidateFunction[]>();
  for (const { file, schema } of facetSchemas) {
    for (const key of Object.keys(schema.properties ?? {})) {
      // Checks one facet, under its key, with the facet file's own rule for that key.
      const validate = ajv.compile({ $ref: `${schema.$id}#/properties/${key}` });
      for (const place of placesOf(file)) {
        const list = facets.get(`${place}:${key}`) ?? [];
        list.push(validate);
        facets.set(`${place}:${key}`, list);
      }
    }
  }
  const ref = (def: string) => ajv.compile({ $ref: `${main.$id}#/$defs/${def}` });
  compiled = {
    root: ajv.getSchema(main.$id)!,
    events: { run: ref("RunEvent"), dataset: ref("DatasetEvent"), job: ref("JobEvent") },
    facets,
  };
  return compiled;
}

const escape = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

function toErrors(errors: ErrorObject[] | null | undefined, prefix = ""): SchemaError[] {
  const seen = new Set<string>();
  const out: SchemaError[] = [];
  for (const error of errors ?? []) {
    let path = prefix + error.instancePath;
    let message = error.message ?? "is invalid";
    if (error.keyword === "required") {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      path = `${path}/${escape(missing)}`;
      message = "is required";
    } else if (error.keyword === "enum") {
      message = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
    } else if (error.keyword === "format") {
      message = `must be a ${(error.params as { format: string }).format}`;
    }
    const key = `${path}\u0000${message}`;
    if (error.keyword === "allOf" || error.keyword === "anyOf" || error.keyword === "oneOf" || seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkFacets(v: Validators, place: FacetPlace, container: unknown, path: string, errors: SchemaError[]) {
  if (!isObject(container)) return;
  for (const [key, facet] of Object.entries(container)) {
    const candidates = v.facets.get(`${place}:${key}`);
    if (!candidates) continue; // a custom facet: the event schema's BaseFacet rule applies
    const facetPath = `${path}/${escape(key)}`;
    // A key with several schema versions (dataQualityMetrics) passes when one of them accepts it.
    let first: SchemaError[] | undefined;
    let passed = false;
    for (const validate of candidates) {
      if (validate(facet)) {
        passed = true;
        break;
      }
      first ??= toErrors(validate.errors, facetPath);
    }
    if (!passed) errors.push(...(first ?? []));
  }
}

function checkDatasets(v: Validators, list: unknown, path: string, extra: "input" | "output", errors: SchemaError[]) {
  if (!Array.isArray(list)) return;
  list.forEach((dataset: unknown, i) => {
    if (!isObject(dataset)) return;
    checkFacets(v, "dataset", dataset.facets, `${path}/${i}/facets`, errors);
    checkFacets(v, extra, dataset[extra === "input" ? "inputFacets" : "outputFacets"], `${path}/${i}/${extra}Facets`, errors);
  });
}

/**
 * Checks an event against the official OpenLineage 2-0-2 schema (../schemas/OpenLineage.json) and
 * every standard facet it carries against that facet's own schema (../schemas/facets). Errors
 * name the JSON Pointer of the offending value.
 */
export function validateEvent(json: unknown): ValidationResult {
  const v = validators();
  if (!isObject(json)) return { valid: false, errors: [{ path: "", message: "must be an object (an OpenLineage event)" }] };
  const errors: SchemaError[] = [];
  if (!v.root(json)) {
    // The root's oneOf reports every branch; report the branch the event's shape asks for.
    const branch = "run" in json ? v.events.run : "dataset" in json && !("job" in json) ? v.events.dataset : v.events.job;
    branch(json);
    const branchErrors = toErrors(branch.errors);
    errors.push(...(branchErrors.length > 0 ? branchErrors : toErrors(v.root.errors)));
  }
  if (isObject(json.run)) checkFacets(v, "run", json.run.facets, "/run/facets", errors);
  if (isObject(json.job)) checkFacets(v, "job", json.job.facets, "/job/facets", errors);
  if (isObject(json.dataset)) checkFacets(v, "dataset", json.dataset.facets, "/dataset/facets", errors);
  checkDatasets(v, json.inputs, "/inputs", "input", errors);
  checkDatasets(v, json.outputs, "/outputs", "output", errors);
  return { valid: errors.length === 0, errors };
}
