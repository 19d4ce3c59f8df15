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
  return {
    home,
    databaseUrl,
    embeddedPostgres: {
      dataDir: path.resolve(cwd, env.MESH_PG_DATA_DIR ?? path.join(home, "postgres")),
      port,
    },
    database,
    logLevel,
  };
}
