import { describe, expect, it } from "vitest";
import { InputError } from "./errors.js";
import { loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("uses the defaults when nothing is set", () => {
    expect(loadConfig({}, "/srv/mesh")).toEqual({
      home: "/srv/mesh/.mesh",
      databaseUrl: undefined,
      embeddedPostgres: { dataDir: "/srv/mesh/.mesh/postgres", port: 54329 },
      database: "mesh",
      logLevel: "info",
    });
  });

  it("reads every variable", () => {
    expect(
      loadConfig(
        {
          MESH_HOME: "state",
          MESH_PG_DATA_DIR: "/var/lib/mesh/pg",
          MESH_PG_PORT: "6000",
          MESH_PG_DATABASE: "mesh_dev",
          MESH_LOG_LEVEL: "debug",
          DATABASE_URL: "postgres://u:p@db:5432/mesh",
        },
        "/srv/mesh",
      ),
    ).toEqual({
      home: "/srv/mesh/state",
      databaseUrl: "postgres://u:p@db:5432/mesh",
      embeddedPostgres: { dataDir: "/var/lib/mesh/pg", port: 6000 },
      database: "mesh_dev",
      logLevel: "debug",
    });
  });

  it.each([
    [{ MESH_PG_PORT: "http" }, 'MESH_PG_PORT must be a port number (1-65535), got "http"'],
    [{ MESH_PG_PORT: "70000" }, 'MESH_PG_PORT must be a port number (1-65535), got "70000"'],
    [{ MESH_PG_DATABASE: "Mesh; drop" }, 'MESH_PG_DATABASE must be a plain lower-case identifier, got "Mesh; drop"'],
    [{ MESH_LOG_LEVEL: "loud" }, 'MESH_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL must start with postgres:// or postgresql://"],
  ])("refuses %j naming the variable", (env, message) => {
    expect(() => loadConfig(env, "/")).toThrow(new InputError(message));
  });
});
