import { InputError } from "./errors.js";

const SEGMENT = /^[a-z][a-z0-9-]*$/;

/** `urn:mesh:<domain>:<product>` and, for a dataset, `urn:mesh:<domain>:<product>:<dataset>`. */
export interface MeshUrn {
  domain: string;
  product: string;
  dataset?: string;
}

export function productUrn(domain: string, product: string): string {
  return formatUrn({ domain, product });
}

export function datasetUrn(domain: string, product: string, dataset: string): string {
  return formatUrn({ domain, product, dataset });
}

export function formatUrn(urn: MeshUrn): string {
  const parts = [urn.domain, urn.product, ...(urn.dataset === undefined ? [] : [urn.dataset])];
  for (const part of parts) {
    if (!SEGMENT.test(part)) {
      throw new InputError(`URN segment "${part}" must be lower-case kebab-case (${SEGMENT.source})`);
    }
  }
  return `urn:mesh:${parts.join(":")}`;
}

export function parseUrn(text: string): MeshUrn {
  const parts = text.split(":");
  if (parts.length < 4 || parts.length > 5 || parts[0] !== "urn" || parts[1] !== "mesh") {
    throw new InputError(`"${text}" is not a Mesh URN (urn:mesh:<domain>:<product>[:<dataset>])`);
  }
  const [, , domain, product, dataset] = parts as [string, string, string, string, string?];
  for (const part of [domain, product, ...(dataset === undefined ? [] : [dataset])]) {
    if (!SEGMENT.test(part)) throw new InputError(`"${text}" has an invalid segment "${part}"`);
  }
  return dataset === undefined ? { domain, product } : { domain, product, dataset };
}
