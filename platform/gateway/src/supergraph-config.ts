import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { InputError, isMeshError } from "@mesh/core";
import { composeSupergraph, type SubgraphSource } from "./compose.js";

/** One entry of a supergraph config: the routing URL and where its SDL file is (resolved to an absolute path). */
export interface SubgraphEntry {
  name: string;
  url: string;
  schemaFile: string;
}

/**
 * Reads a supergraph config in rover's format, so that the same file works with `rover supergraph
 * compose` where rover is available:
 * `subgraphs: { <name>: { routing_url: <url>, schema: { file: <path relative to the config> } } }`.
 * Throws an `InputError` naming the file and the entry that is wrong.
 */
export function readSupergraphConfig(configFile: string): SubgraphEntry[] {
  let config: unknown;
  try {
    config = parseYaml(readFileSync(configFile, "utf8"));
  } catch (error) {
    throw new InputError(`cannot read the supergraph config ${configFile}: ${(error as Error).message}`, { cause: error });
  }
  const subgraphs = (config as { subgraphs?: unknown } | null)?.subgraphs;
  if (!isRecord(subgraphs) || Object.keys(subgraphs).length === 0) {
    throw new InputError(`${configFile} must have a "subgraphs" map of name → { routing_url, schema: { file } }`);
  }
  return Object.entries(subgraphs).map(([name, entry]) => {
    const url = isRecord(entry) ? entry.routing_url : undefined;
    const file = isRecord(entry) && isRecord(entry.schema) ? entry.schema.file : undefined;
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) {
      throw new InputError(`${configFile}: subgraph "${name}" needs routing_url, an http(s) URL`);
    }
    if (typeof file !== "string")
      throw new InputError(`${configFile}: subgraph "${name}" needs schema.file, the path of its SDL`);
    return { name, url, schemaFile: path.resolve(path.dirname(configFile), file) };
  });
}

/** Reads the config and every SDL it names, and composes them: the supergraph SDL. */
export function composeFromConfig(configFile: string): string {
  const sources: SubgraphSource[] = readSupergraphConfig(configFile).map((entry) => {
    if (!existsSync(entry.schemaFile)) {
      throw new InputError(`${configFile}: the SDL of subgraph "${entry.name}" is missing (${entry.schemaFile})`);
    }
    return { name: entry.name, url: entry.url, sdl: readFileSync(entry.schemaFile, "utf8") };
  });
  return composeSupergraph(sources).supergraphSdl;
}

/** Composes the config and writes the supergraph SDL to `outFile` (the committed deploy/supergraph.graphql). */
export function writeSupergraph(configFile: string, outFile: string): void {
  writeFileSync(outFile, composeFromConfig(configFile));
}

/**
 * Whether the committed supergraph is what the config and the SDL files compose to now: an empty
 * list when it is, else what is wrong. CI runs it so that a subgraph SDL change cannot ship
 * without the supergraph the gateway runs on.
 */
export function checkSupergraphFresh(configFile: string, outFile: string): string[] {
  if (!existsSync(outFile)) return [`${outFile} does not exist; compose it with writeSupergraph(${configFile}, ${outFile})`];
  let composed: string;
  try {
    composed = composeFromConfig(configFile);
  } catch (error) {
    if (!isMeshError(error)) throw error;
    return [error.message];
  }
  if (readFileSync(outFile, "utf8") !== composed) {
    return [
      `${outFile} is not what ${configFile} composes to now; compose it again with writeSupergraph(${configFile}, ${outFile})`,
    ];
  }
  return [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
