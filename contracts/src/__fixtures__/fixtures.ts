/**
 * Test fixtures: a small valid contract and descriptor (the YAML files beside this one), and a
 * way to derive broken variants from them by path. Used by the package's tests only.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { OdcsContract, OdpsDescriptor } from "../model.js";

const read = (file: string): unknown => parse(readFileSync(new URL(`./${file}`, import.meta.url), "utf8"));

/** A fresh copy of the valid contract `urn:mesh:nephrology:dialysis:sessions`. */
export function validContract(): OdcsContract {
  return read("dialysis-sessions.odcs.yaml") as OdcsContract;
}

/** A fresh copy of the valid descriptor `urn:mesh:nephrology:dialysis`. */
export function validDescriptor(): OdpsDescriptor {
  return read("dialysis.odps.yaml") as OdpsDescriptor;
}

/** As a value in `edited`, deletes the field at the path. */
export const REMOVE = Symbol("remove");

/** One edit: the path in Mesh's form (`schema[0].properties[3].required`) and the new value. */
export type Edit = readonly [path: string, value: unknown];

/**
 * A copy of `document` with each value at `path` replaced (created when missing, deleted when
 * the value is `REMOVE`).
 */
export function edited<T>(document: T, ...edits: Edit[]): T {
  const copy = structuredClone(document);
  for (const [path, value] of edits) {
    const keys = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? (m[1] ?? "") : Number(m[2])));
    const last = keys.pop();
    if (last === undefined) throw new Error(`empty path`);
    let node = copy as Record<string | number, unknown>;
    for (const key of keys) {
      node[key] ??= {};
      node = node[key] as Record<string | number, unknown>;
    }
    if (value === REMOVE) {
      if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
      else delete node[last];
    } else node[last] = value;
  }
  return copy;
}
