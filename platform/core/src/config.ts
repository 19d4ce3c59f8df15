import os from "node:os";
import path from "node:path";
import { InputError } from "./errors.js";

/** Every setting Mesh reads from the environment, parsed and checked once. */
export interface MeshConfig {
  /** Where Mesh keeps its state (embedded database, keys). `MESH_HOME`, default `./.mesh`. */
  home: string;
  /** An external PostgreSQL; when set, the embedded server is not started. `DATABASE_URL`. */
  databaseUrl: string | undefined;
  embeddedPostgres: {
    /** `MESH_PG_DATA_DIR`, default `$MESH_HOME/postgres`. */
    dataDir: string;
    /** `MESH_PG_PORT`, default 54329 (away from a system PostgreSQL on 5432). */
    port: number;
  };
  /** Database name on the embedded server. `MESH_PG_DATABASE`, default `mesh`. */
  database: string;
  /** `MESH_LOG_LEVEL`: fatal, error, warn, info, debug, trace; default info. */
  logLevel: string;
  server: ServerConfig;
  /** `MESH_LINEAGE_RETENTION_DAYS`, default 90: raw OpenLineage events older than this are pruned (the graph they built stays). */
  lineageRetentionDays: number;
  /** Set when `KEYCLOAK_URL` is: verify tokens against that realm instead of the development issuer. */
  keycloak: KeycloakConfig | undefined;
  synthesis: SynthesisConfig;
}

/** The synthesis workers that `mesh up` runs beside the servers. */
export interface SynthesisConfig {
  /** `MESH_SYNTH_WORKERS`, default the machine's cores: synthesis jobs run at once, each in its own thread. */
  workers: number;
  /** `MESH_SYNTH_ON_START` (`true`/`false`), default true: queue a synthetic version for each product without a current one. */
  onStart: boolean;
}

/** The GraphQL servers: the gateway on `port`, the subgraphs on the ports after it. */
export interface ServerConfig {
  /** `MESH_HOST`, default `127.0.0.1` (loopback only); `0.0.0.0` to listen on every interface. */
  host: string;
  /** `MESH_PORT`, default 4000: the gateway. The subgraphs listen on `port + 1` onwards (SUBGRAPH_ORDER). */
  port: number;
  /** `MESH_CORS_ORIGINS`, comma-separated; default the gateway's own origin and Vite's dev server. */
  corsOrigins: string[];
  /** `MESH_INTROSPECTION` (`true`/`false`), default true: the embedded default is a development mesh. */
  introspection: boolean;
}

export interface KeycloakConfig {
  /** `KEYCLOAK_URL`, e.g. `https://sso.example.org` */
  url: string;
  /** `KEYCLOAK_REALM`, default `mesh`. */
  realm: string;
  /** `KEYCLOAK_CLIENT_ID`, default `mesh-api`: tokens must be issued for it (`azp` or `aud`). */
  clientId: string;
  /** `KEYCLOAK_REALM_PUBLIC_KEY`: the realm's RS256 public key (required with `KEYCLOAK_URL`). */
  realmPublicKey: string;
}

/** The subgraphs of the embedded default, in port order after the gateway's. */
export const SUBGRAPH_ORDER = ["mesh-plane", "epidemiology", "cardiology", "logistics"] as const;

/** The port a subgraph listens on: the gateway's port plus its place in SUBGRAPH_ORDER (1-based). */
export function subgraphPort(config: ServerConfig, name: string): number {
  const index = (SUBGRAPH_ORDER as readonly string[]).indexOf(name);
  if (index < 0) throw new InputError(`no subgraph "${name}"; the subgraphs are ${SUBGRAPH_ORDER.join(", ")}`);
  return config.port + 1 + index;
}

const LOG_LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): MeshConfig {
  const home = path.resolve(cwd, env.MESH_HOME ?? ".mesh");
  const portText = env.MESH_PG_PORT ?? "54329";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(`MESH_PG_PORT must be a port number (1-65535), got "${portText}"`);
  }
  const database = env.MESH_PG_DATABASE ?? "mesh";
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) {
    throw new InputError(`MESH_PG_DATABASE must be a plain lower-case identifier, got "${database}"`);
  }
  const logLevel = env.MESH_LOG_LEVEL ?? "info";
  if (!LOG_LEVELS.has(logLevel)) {
    throw new InputError(`MESH_LOG_LEVEL must be one of ${[...LOG_LEVELS].join(", ")}, got "${logLevel}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new InputError("DATABASE_URL must start with postgres:// or postgresql://");
  }
  const serverPortText = env.MESH_PORT ?? "4000";
  const serverPort = Number(serverPortText);
  if (!Number.isInteger(serverPort) || serverPort < 1 || serverPort > 65535 - SUBGRAPH_ORDER.length) {
    throw new InputError(
      `MESH_PORT must be a port number (1-${65535 - SUBGRAPH_ORDER.length}; the subgraphs use the ports after it), got "${serverPortText}"`,
    );
  }
  const introspectionText = env.MESH_INTROSPECTION ?? "true";
  if (introspectionText !== "true" && introspectionText !== "false") {
    throw new InputError(`MESH_INTROSPECTION must be true or false, got "${introspectionText}"`);
  }
  const corsOrigins = (env.MESH_CORS_ORIGINS ?? `http://localhost:${serverPort},http://localhost:5173`)
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new InputError(`MESH_CORS_ORIGINS must list origins like http://host:port (no path), got "${origin}"`);
    }
  }
  const retentionText = env.MESH_LINEAGE_RETENTION_DAYS ?? "90";
  const lineageRetentionDays = Number(retentionText);
  if (!Number.isInteger(lineageRetentionDays) || lineageRetentionDays < 1) {
    throw new InputError(`MESH_LINEAGE_RETENTION_DAYS must be a whole number of days (at least 1), got "${retentionText}"`);
  }
  const keycloakUrl = env.KEYCLOAK_URL?.trim() || undefined;
  let keycloak: KeycloakConfig | undefined;
  if (keycloakUrl !== undefined) {
    const realmPublicKey = env.KEYCLOAK_REALM_PUBLIC_KEY?.trim();
    if (!realmPublicKey) {
      throw new InputError("KEYCLOAK_URL needs KEYCLOAK_REALM_PUBLIC_KEY (the realm's RS256 public key, from its Keys tab)");
    }
    keycloak = {
      url: keycloakUrl,
      realm: env.KEYCLOAK_REALM ?? "mesh",
      clientId: env.KEYCLOAK_CLIENT_ID ?? "mesh-api",
      realmPublicKey,
    };
  }
  const workersText = env.MESH_SYNTH_WORKERS ?? String(os.availableParallelism());
  const workers = Number(workersText);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new InputError(`MESH_SYNTH_WORKERS must be a whole number from 1 to 64, got "${workersText}"`);
  }
  const onStartText = env.MESH_SYNTH_ON_START ?? "true";
  if (onStartText !== "true" && onStartText !== "false") {
    throw new InputError(`MESH_SYNTH_ON_START must be true or false, got "${onStartText}"`);
  }
  return {
    home,
    databaseUrl,
    embeddedPostgres: {
      dataDir: path.resolve(cwd, env.MESH_PG_DATA_DIR ?? path.join(home, "postgres")),
      port,
    },
    database,
    logLevel,
    server: { host: env.MESH_HOST ?? "127.0.0.1", port: serverPort, corsOrigins, introspection: introspectionText === "true" },
    lineageRetentionDays,
    keycloak,
    synthesis: { workers, onStart: onStartText === "true" },
  };
}
