/** The path of the document itself in problems. */
export const ROOT_PATH = "(root)";

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Turns a JSON pointer into Mesh's path form: `/schema/0/properties/3/logicalType` becomes
 * `schema[0].properties[3].logicalType`, and the empty pointer `(root)`. The document is walked
 * alongside so that a numeric key of an object stays a key (`["0"]`) rather than an index.
 */
export function formatPath(pointer: string, document: unknown): string {
  if (pointer === "") return ROOT_PATH;
  let path = "";
  let node: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      path += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      path = joinPath(path, segment);
      node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

/** `base.key`, or `base["odd key"]` when the key is not a plain name. */
export function joinPath(base: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === "" || base === ROOT_PATH ? key : `${base}.${key}`;
}

/** The JSON type of a value, telling integers from other numbers. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

const MAX_SHOWN = 60;

/** A short rendering of a value for messages: JSON, cut after 60 characters. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
