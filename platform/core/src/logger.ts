import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

const LEVEL_NAMES: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };
const STANDARD_KEYS = new Set(["level", "time", "pid", "hostname", "name", "msg"]);

/**
 * The platform logger, level from MESH_LOG_LEVEL (default `info`). JSON lines on stderr for
 * machines (pipes, files, CI); on a terminal, one readable line per entry for people.
 */
export function createLogger(name: string, level = process.env.MESH_LOG_LEVEL ?? "info"): Logger {
  const destination: DestinationStream = process.stderr.isTTY ? readableLines() : pino.destination({ dest: 2, sync: true });
  return pino({ name, level }, destination);
}

function readableLines(): DestinationStream {
  return {
    write(line: string) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const extra = Object.entries(entry)
        .filter(([key]) => !STANDARD_KEYS.has(key))
        .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
        .join(" ");
      const level = LEVEL_NAMES[entry.level as number] ?? String(entry.level);
      process.stderr.write(`${entry.name as string} ${level}: ${entry.msg as string}${extra ? `  (${extra})` : ""}\n`);
    },
  };
}
