import { createLogger, loadConfig, type Logger, type MeshConfig } from "@mesh/core";
import { migrate } from "@mesh/kit";
import { openDatabase, type Database } from "@mesh/storage";
import { domains } from "../mesh.js";

export interface Context {
  config: MeshConfig;
  logger: Logger;
  db: Database;
}

/** Opens the database (starting the embedded server unless DATABASE_URL is set) and migrates every schema. */
export async function openContext(): Promise<Context> {
  const config = loadConfig();
  const logger = createLogger("mesh", config.logLevel);
  const db = await openDatabase(config, logger);
  try {
    await migrate(db.url, domains);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { config, logger, db };
}
