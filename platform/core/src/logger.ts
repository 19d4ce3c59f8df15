import { pino, type Logger } from "pino";

export type { Logger };

/** The platform logger: JSON lines on stderr, level from MESH_LOG_LEVEL (default `info`). */
export function createLogger(name: string, level = process.env.MESH_LOG_LEVEL ?? "info"): Logger {
  return pino({ name, level }, pino.destination({ dest: 2, sync: true }));
}
