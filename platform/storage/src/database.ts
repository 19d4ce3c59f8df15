import "reflect-metadata";
import pg from "pg";
import { DataSource, type MigrationInterface, type EntitySchema } from "typeorm";
import { ServiceUnavailableError, type Logger, type MeshConfig } from "@mesh/core";
import { EmbeddedServer } from "./embedded-server.js";

/** An open PostgreSQL: the embedded server (started here) or the one DATABASE_URL names. */
export interface Database {
  /** Connection string of the Mesh database. */
  readonly url: string;
  /** Where it runs, for people: `embedded PostgreSQL on 127.0.0.1:54329 (data: …)` or the URL without its password. */
  readonly description: string;
  /** A connection string for people and tools (TCP; the password shown only for the embedded server). */
  readonly connectHint: string;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export async function openDatabase(config: MeshConfig, logger: Logger): Promise<Database> {
  let server: EmbeddedServer | undefined;
  let url: string;
  let description: string;
  let connectHint: string;
  if (config.databaseUrl) {
    url = config.databaseUrl;
    description = redact(url);
    connectHint = description;
  } else {
    server = new EmbeddedServer({ ...config.embeddedPostgres, logger });
    await server.start();
    url = await ensureDatabase(server.connectionString, config.database);
    connectHint = withDatabase(server.tcpConnectionString, config.database);
    description = `embedded PostgreSQL on 127.0.0.1:${config.embeddedPostgres.port}, database ${config.database} (data: ${config.embeddedPostgres.dataDir})`;
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", (error) => logger.warn({ err: error }, "idle PostgreSQL client failed"));
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end();
    await server?.stop();
    throw new ServiceUnavailableError(`cannot connect to PostgreSQL at ${description}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let closed = false;
  return {
    url,
    description,
    connectHint,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await server?.stop();
    },
  };
}

/** Creates `database` on the server behind `adminUrl` when missing; returns its URL. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, database);
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface SchemaOptions {
  /** The PostgreSQL schema this part of Mesh owns: `platform`, `cardiology`, … */
  schema: string;
  migrations: Array<new () => MigrationInterface>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Array<Function | EntitySchema>;
}

/**
 * A TypeORM data source confined to one schema, with its own migration history table in that
 * schema, so that a domain can later move to a database of its own with its history intact.
 * Pending migrations run (each in its own transaction); `synchronize` is never used.
 */
export async function openSchema(url: string, options: SchemaOptions): Promise<DataSource> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query(`create schema if not exists ${setup.escapeIdentifier(options.schema)}`);
  } finally {
    await setup.end();
  }
  const dataSource = new DataSource({
    type: "postgres",
    url,
    schema: options.schema,
    migrationsTableName: "migrations",
    migrations: options.migrations,
    entities: options.entities ?? [],
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: "each",
    logging: false,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "DATABASE_URL";
  }
}
