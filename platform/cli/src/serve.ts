import { readFileSync } from "node:fs";
import type pg from "pg";
import {
  CachingTokenVerifier,
  DEV_REALM,
  DevTokenIssuer,
  KeycloakTokenVerifier,
  PostgresAuditSink,
  type TokenVerifier,
} from "@mesh/access";
import { SUBGRAPH_ORDER, subgraphPort, type Logger, type MeshConfig } from "@mesh/core";
import { startGateway, type GatewayOptions } from "@mesh/gateway";
import type { RunningServer } from "@mesh/http";
import { productTypeName, serveDomain, type DataProduct } from "@mesh/kit";
import {
  CompositeTransport,
  createTransport,
  lineageConfigFromEnv,
  LineageStore,
  lineageRequestHandler,
  migrateLineage,
  OutboxRelay,
  PostgresTransport,
  type Transport,
} from "@mesh/lineage";
import { migrateMeshPlane, ProductRegistry, startMeshPlane, type ProductRegistration } from "@mesh/mesh-plane";
import type { JobQueue } from "@mesh/jobs";
import { SUPERGRAPH_FILE } from "./commands/schema.js";
import { ensureSyntheticVersions, openSynthesisQueue, synthesisService, type EnsureResult } from "./synthesis.js";
import { domains } from "./mesh.js";

/** Marquez's path for OpenLineage events, which external producers (Airflow, Spark, dbt) post to. */
export const LINEAGE_ENDPOINT = "/api/v1/lineage";

/** OpenLineage ingest, Marquez-compatible, behind the same bearer tokens as /graphql (the gateway's `routes`). */
export function lineageRoutes(store: LineageStore, logger: Logger): NonNullable<GatewayOptions["routes"]> {
  return (app, authenticate) => {
    app.post(
      LINEAGE_ENDPOINT,
      authenticate,
      lineageRequestHandler(store, {
        onError: (error) => logger.error({ err: error }, "lineage ingest failed: the store is unavailable"),
      }),
    );
  };
}

export interface RunningMesh {
  gateway: RunningServer;
  subgraphs: RunningServer[];
  /** The synthesis jobs: worked by this process in worker threads. */
  jobs: JobQueue;
  /** What start did for each product's synthetic dataset (empty when MESH_SYNTH_ON_START=false). */
  synthesis: EnsureResult[];
  /** Set in the embedded default (no KEYCLOAK_URL): signs development tokens. */
  issuer: DevTokenIssuer | undefined;
  close(): Promise<void>;
}

/** What the mesh plane's registry keeps about a product: found by search, resolved by its domain. */
export function registrationOf(product: DataProduct): ProductRegistration {
  const document = product.descriptor.document;
  return {
    urn: product.urn,
    typename: productTypeName(product.domain),
    name: product.name,
    domain: product.domain,
    version: document.version ?? "",
    status: document.status,
    description: document.description?.purpose ?? "",
    tags: document.tags ?? [],
    datasets: product.datasets.map((d) => ({
      urn: d.urn,
      name: d.name,
      description: d.table.description,
      columns: d.table.columns.map((c) => ({ name: c.name, description: c.description, classification: c.classification })),
    })),
  };
}

/**
 * Token verification: a real Keycloak realm when KEYCLOAK_URL is set, else the development realm;
 * a token's signature is checked once per process and reused until it expires (at most 5 minutes).
 */
export async function tokenVerifier(
  config: MeshConfig,
): Promise<{ verifier: TokenVerifier; issuer: DevTokenIssuer | undefined }> {
  if (config.keycloak) {
    const { url, realm, clientId, realmPublicKey } = config.keycloak;
    const keycloak = new KeycloakTokenVerifier({ authServerUrl: url, realm, clientId, realmPublicKey });
    return { verifier: new CachingTokenVerifier(keycloak), issuer: undefined };
  }
  const issuer = await DevTokenIssuer.open(config.home);
  return {
    verifier: new CachingTokenVerifier(new KeycloakTokenVerifier({ ...DEV_REALM, realmPublicKey: issuer.realmPublicKey })),
    issuer,
  };
}

/**
 * Publishes every product in the mesh plane's registry and starts the subgraphs (mesh plane,
 * then the domains, on the ports after the gateway's) and the gateway on the committed
 * supergraph. Everything it started is stopped by `close()`, gateway first.
 */
export async function startMesh(config: MeshConfig, pool: pg.Pool, databaseUrl: string, logger: Logger): Promise<RunningMesh> {
  await migrateMeshPlane(databaseUrl);
  await migrateLineage(databaseUrl);
  const lineage = new LineageStore(pool);
  const registry = new ProductRegistry(pool);
  for (const product of domains.flatMap((d) => d.products)) await registry.register(registrationOf(product));

  // Synthesis runs as jobs in worker threads beside the servers; start queues a synthetic
  // version for each product that has no current one (the mesh is usable meanwhile).
  const jobs = await openSynthesisQueue(databaseUrl, config.synthesis, logger);
  let synthesis: EnsureResult[] = [];
  try {
    if (config.synthesis.onStart) synthesis = await ensureSyntheticVersions(pool, jobs, logger);
  } catch (error) {
    await jobs.stop({ graceful: false });
    throw error;
  }

  // Lineage written to the outbox by jobs (ingest so far) is delivered to Mesh's own store and,
  // when OPENLINEAGE_URL or OPENLINEAGE__TRANSPORT__* says so, to another backend too.
  const relay = new OutboxRelay(pool, lineageTransport(lineage), {
    onError: (error) => logger.warn({ err: error }, "lineage delivery failed; it will be retried"),
  });
  relay.start();
  // Raw events older than the retention are pruned now and daily; the graph they built stays.
  const prune = () =>
    void lineage
      .pruneEvents(config.lineageRetentionDays * 86_400_000)
      .catch((error: unknown) => logger.warn({ err: error }, "pruning old lineage events failed; next try tomorrow"));
  prune();
  const pruning = setInterval(prune, 86_400_000).unref();

  const { verifier, issuer } = await tokenVerifier(config);
  const audit = new PostgresAuditSink(pool, { logger: logger.child({ component: "access-audit" }) });
  const { host, corsOrigins, introspection } = config.server;
  const common = { verifier, audit, host, corsOrigins, introspection };
  const subgraphs: RunningServer[] = [];
  // Every part is stopped even when one fails to (its error is logged): stopping is what was asked,
  // and nothing is lost — jobs under way are failed and retried by the next start (each step
  // commits once), the audit and lineage outboxes are durable.
  const stopping = async (part: string, stop: () => Promise<unknown> | unknown) => {
    try {
      await stop();
    } catch (error) {
      logger.warn({ err: error }, `stopping ${part} failed`);
    }
  };
  const close = async () => {
    await Promise.allSettled([gateway?.close(), ...subgraphs.map((s) => s.close())]);
    await stopping("the synthesis jobs", () => jobs.stop({ graceful: false }));
    await stopping("the access audit", () => audit.close());
    clearInterval(pruning);
    await stopping("the lineage relay", () => relay.stop());
  };
  let gateway: RunningServer | undefined;
  try {
    subgraphs.push(
      await startMeshPlane({
        ...common,
        pool,
        productTypes: domains.map((d) => productTypeName(d.name)),
        synthesis: synthesisService(jobs),
        port: subgraphPort(config.server, "mesh-plane"),
        logger: logger.child({ subgraph: "mesh-plane" }),
      }),
    );
    for (const domain of domains) {
      subgraphs.push(await serveDomain(domain, { ...common, pool, port: subgraphPort(config.server, domain.name), logger }));
    }
    gateway = await startGateway({
      ...common,
      supergraphSdl: readFileSync(SUPERGRAPH_FILE, "utf8"),
      subgraphUrls: Object.fromEntries(
        SUBGRAPH_ORDER.map((name) => [name, `http://${host}:${subgraphPort(config.server, name)}/graphql`]),
      ),
      port: config.server.port,
      logger: logger.child({ component: "gateway" }),
      routes: lineageRoutes(lineage, logger),
    });
  } catch (error) {
    await close();
    throw error;
  }
  return { gateway, subgraphs, jobs, synthesis, issuer, close };
}

/** Mesh's own lineage store, plus the backend the OpenLineage environment names, if any. */
export function lineageTransport(store: LineageStore, env: NodeJS.ProcessEnv = process.env): Transport {
  const own = new PostgresTransport(store);
  const configured = Boolean(env.OPENLINEAGE_URL) || Object.keys(env).some((k) => k.startsWith("OPENLINEAGE__TRANSPORT__"));
  const config = lineageConfigFromEnv(env);
  if (!configured || config.disabled) return own;
  return new CompositeTransport([own, createTransport(config.transport, { store })]);
}
