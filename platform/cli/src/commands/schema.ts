import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkSupergraphFresh, writeSupergraph } from "@mesh/gateway";
import { checkDomainSdl, printDomainSdl, productTypeName } from "@mesh/kit";
import { MESH_PLANE_SCHEMA_FILE, printMeshPlaneSdl } from "@mesh/mesh-plane";
import { domains } from "../mesh.js";

/** The repository root (this file is platform/cli/{src,dist}/commands/schema.*). */
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const SUPERGRAPH_CONFIG = path.join(ROOT, "deploy/supergraph.yaml");
export const SUPERGRAPH_FILE = path.join(ROOT, "deploy/supergraph.graphql");
export const domainSdlFile = (domain: string): string => path.join(ROOT, "domains", domain, "schema.graphql");
export const productTypes = (): string[] => domains.map((d) => productTypeName(d.name)).sort();

/**
 * `mesh schema [--write]`: checks (or, with --write, rewrites) the committed SDL of every
 * subgraph and the supergraph composed from them. The gateway runs on the committed
 * supergraph, so a change to a domain's types ships only with these files.
 */
export async function schemaCommand(options: { write?: boolean }): Promise<void> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (options.write) {
    for (const domain of domains) {
      writeFileSync(domainSdlFile(domain.name), await printDomainSdl(domain));
      out(`wrote ${path.relative(ROOT, domainSdlFile(domain.name))}`);
    }
    writeFileSync(MESH_PLANE_SCHEMA_FILE, printMeshPlaneSdl(productTypes()));
    out(`wrote ${path.relative(ROOT, MESH_PLANE_SCHEMA_FILE)}`);
    writeSupergraph(SUPERGRAPH_CONFIG, SUPERGRAPH_FILE);
    out(`wrote ${path.relative(ROOT, SUPERGRAPH_FILE)}`);
    return;
  }
  const problems = [
    ...(await Promise.all(domains.map((d) => checkDomainSdl(d, domainSdlFile(d.name))))).flat(),
    ...(readFileSafe(MESH_PLANE_SCHEMA_FILE) === printMeshPlaneSdl(productTypes())
      ? []
      : [`${MESH_PLANE_SCHEMA_FILE} is stale: run \`pnpm schema:write\``]),
    ...checkSupergraphFresh(SUPERGRAPH_CONFIG, SUPERGRAPH_FILE),
  ];
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  out("Every subgraph SDL and the supergraph are up to date.");
}

function readFileSafe(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
