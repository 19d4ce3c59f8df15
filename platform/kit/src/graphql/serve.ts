import { readFileSync } from "node:fs";
import pg from "pg";
import { startGraphQLServer, type RunningServer, type ServerSettings } from "@mesh/http";
import type { Domain } from "../define.js";
import { buildDomainSubgraph } from "./build-subgraph.js";

export interface ServeDomainOptions extends ServerSettings {
  pool: pg.Pool;
}

/** Builds the domain's subgraph and serves it over HTTP; every request needs a verified bearer token. */
export async function serveDomain(domain: Domain, options: ServeDomainOptions): Promise<RunningServer> {
  const { schema } = await buildDomainSubgraph(domain, options.pool);
  return startGraphQLServer({
    name: domain.name,
    schema,
    verifier: options.verifier,
    ...(options.audit ? { audit: options.audit } : {}),
    host: options.host,
    port: options.port,
    corsOrigins: options.corsOrigins,
    introspection: options.introspection,
    logger: options.logger.child({ subgraph: domain.name }),
  });
}

/**
 * The domain's subgraph SDL, as committed in `domains/<domain>/schema.graphql` and composed
 * into the supergraph. Needs no database: the pool is never connected.
 */
export async function printDomainSdl(domain: Domain): Promise<string> {
  const idle = new pg.Pool({ max: 1 });
  try {
    return (await buildDomainSubgraph(domain, idle)).sdl;
  } finally {
    await idle.end();
  }
}

/** `[]` when the committed SDL is the one the code builds; otherwise a line saying how to refresh it. */
export async function checkDomainSdl(domain: Domain, file: string): Promise<string[]> {
  let committed: string;
  try {
    committed = readFileSync(file, "utf8");
  } catch {
    return [`${file} is missing: run \`pnpm schema:write\``];
  }
  return committed === (await printDomainSdl(domain)) ? [] : [`${file} is stale: run \`pnpm schema:write\` and commit it`];
}
