import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { ContractError } from "./errors.js";
import type { Loaded, OdcsContract, OdpsDescriptor } from "./model.js";

/** The folder holding `<domain>/*.odcs.yaml` and `<domain>/*.odps.yaml`. */
export const CONTRACTS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function parseYaml<T>(yaml: string, source: string): Loaded<T> {
  try {
    return { document: parse(yaml, { prettyErrors: true }) as T, yaml, source };
  } catch (error) {
    throw new ContractError(`${source} is not valid YAML: ${(error as Error).message}`);
  }
}

export function readContract(file: string): Loaded<OdcsContract> {
  return parseYaml<OdcsContract>(readText(file), file);
}

export function readDescriptor(file: string): Loaded<OdpsDescriptor> {
  return parseYaml<OdpsDescriptor>(readText(file), file);
}

/** Every contract and descriptor of one domain folder (`contracts/<domain>/`). */
export function readDomain(
  domain: string,
  root = CONTRACTS_ROOT,
): {
  contracts: Array<Loaded<OdcsContract>>;
  descriptors: Array<Loaded<OdpsDescriptor>>;
} {
  const dir = path.join(root, domain);
  let files: string[];
  try {
    files = readdirSync(dir).sort();
  } catch {
    throw new ContractError(`no contracts folder for domain "${domain}" (${dir})`);
  }
  return {
    contracts: files.filter((f) => f.endsWith(".odcs.yaml")).map((f) => readContract(path.join(dir, f))),
    descriptors: files.filter((f) => f.endsWith(".odps.yaml")).map((f) => readDescriptor(path.join(dir, f))),
  };
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new ContractError(`cannot read ${file}`);
  }
}
