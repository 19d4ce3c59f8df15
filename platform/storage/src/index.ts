export { openDatabase, ensureDatabase, openSchema, type Database, type SchemaOptions } from "./database.js";
export { EmbeddedServer, type EmbeddedServerOptions } from "./embedded-server.js";
export { copyInto, copyText } from "./copy.js";
export type { MigrationInterface, QueryRunner, DataSource } from "typeorm";
