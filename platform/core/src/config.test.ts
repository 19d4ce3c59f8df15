import os from "node:os";
import { describe, expect, it } from "vitest";
import { InputError } from "./errors.js";
import { loadConfig, SUBGRAPH_ORDER, subgraphPort } from "./config.js";

describe("loadConfig", () => {
  it("uses the defaults when nothing is set", () => {
    expect(loadConfig({}, "/srv/mesh")).toEqual({
      home: "/srv/mesh/.mesh",
      databaseUrl: undefined,
      embeddedPostgres: { dataDir: "/srv/mesh/.mesh/postgres", port: 54329 },
      database: "mesh",
      logLevel: "info",
      server: {
        host: "127.0.0.1",
        port: 4000,
        corsOrigins: ["http://localhost:4000", "http://localhost:5173"],
        introspection: true,
      },
      lineageRetentionDays: 90,
      keycloak: undefined,
      synthesis: { workers: os.availableParallelism(), onStart: true },
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
          MESH_HOST: "0.0.0.0",
          MESH_PORT: "8000",
          MESH_CORS_ORIGINS: "https://catalog.example.org, http://localhost:3000",
          MESH_INTROSPECTION: "false",
          KEYCLOAK_URL: "https://sso.example.org",
          KEYCLOAK_REALM: "health",
          KEYCLOAK_CLIENT_ID: "mesh",
          KEYCLOAK_REALM_PUBLIC_KEY: "MIIBIjAN",
          MESH_LINEAGE_RETENTION_DAYS: "30",
          MESH_SYNTH_WORKERS: "3",
          MESH_SYNTH_ON_START: "false",
        },
        "/srv/mesh",
      ),
    ).toEqual({
      home: "/srv/mesh/state",
      databaseUrl: "postgres://u:p@db:5432/mesh",
      embeddedPostgres: { dataDir: "/var/lib/mesh/pg", port: 6000 },
      database: "mesh_dev",
      logLevel: "debug",
      server: {
        host: "0.0.0.0",
        port: 8000,
        corsOrigins: ["https://catalog.example.org", "http://localhost:3000"],
        introspection: false,
      },
      lineageRetentionDays: 30,
      keycloak: { url: "https://sso.example.org", realm: "health", clientId: "mesh", realmPublicKey: "MIIBIjAN" },
      synthesis: { workers: 3, onStart: false },
    });
  });

  it.each([
    [{ MESH_PG_PORT: "http" }, 'MESH_PG_PORT must be a port number (1-65535), got "http"'],
    [{ MESH_PG_PORT: "70000" }, 'MESH_PG_PORT must be a port number (1-65535), got "70000"'],
    [{ MESH_PG_DATABASE: "Mesh; drop" }, 'MESH_PG_DATABASE must be a plain lower-case identifier, got "Mesh; drop"'],
    [{ MESH_LOG_LEVEL: "loud" }, 'MESH_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL must start with postgres:// or postgresql://"],
    [{ MESH_PORT: "65535" }, 'MESH_PORT must be a port number (1-65531; the subgraphs use the ports after it), got "65535"'],
    [{ MESH_INTROSPECTION: "yes" }, 'MESH_INTROSPECTION must be true or false, got "yes"'],
    [{ MESH_SYNTH_WORKERS: "0" }, 'MESH_SYNTH_WORKERS must be a whole number from 1 to 64, got "0"'],
    [{ MESH_SYNTH_ON_START: "no" }, 'MESH_SYNTH_ON_START must be true or false, got "no"'],
    [{ MESH_LINEAGE_RETENTION_DAYS: "0" }, 'MESH_LINEAGE_RETENTION_DAYS must be a whole number of days (at least 1), got "0"'],
    [
      { MESH_CORS_ORIGINS: "http://a.org/app" },
      'MESH_CORS_ORIGINS must list origins like http://host:port (no path), got "http://a.org/app"',
    ],
    [
      { KEYCLOAK_URL: "https://sso.example.org" },
      "KEYCLOAK_URL needs KEYCLOAK_REALM_PUBLIC_KEY (the realm's RS256 public key, from its Keys tab)",
    ],
  ])("refuses %j naming the variable", (env, message) => {
    expect(() => loadConfig(env, "/")).toThrow(new InputError(message));
  });

  it("puts the subgraphs on the ports after the gateway's", () => {
    const { server } = loadConfig({ MESH_PORT: "5000" }, "/");
    expect(SUBGRAPH_ORDER.map((name) => subgraphPort(server, name))).toEqual([5001, 5002, 5003, 5004]);
    expect(() => subgraphPort(server, "radiology")).toThrow(
      new InputError('no subgraph "radiology"; the subgraphs are mesh-plane, epidemiology, cardiology, logistics'),
    );
  });
});
