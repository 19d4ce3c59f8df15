import { randomUUID } from "node:crypto";
import type { LineageStore } from "./store.js";
import {
  CompositeTransport,
  ConsoleTransport,
  FileTransport,
  HttpTransport,
  NoopTransport,
  PostgresTransport,
  type Transport,
} from "./transports.js";
import {
  MESH_PRODUCER,
  RUN_EVENT_SCHEMA_URL,
  type EventType,
  type InputDataset,
  type JobFacets,
  type LineageEvent,
  type OutputDataset,
  type RunEvent,
  type RunFacets,
} from "./types.js";

/** A transport's settings, shaped like the official clients' `transport:` section. */
export type TransportConfig =
  | {
      type: "http";
      url: string;
      endpoint?: string;
      /** Seconds, like the official clients (default 5). */
      timeout?: number;
      auth?: { type: "api_key"; apiKey: string };
      maxAttempts?: number;
    }
  | { type: "file"; logFilePath: string }
  | { type: "console" }
  | { type: "postgres" }
  | { type: "composite"; transports: TransportConfig[] | Record<string, TransportConfig> };

export interface LineageConfig {
  disabled: boolean;
  /** The default job namespace (OPENLINEAGE_NAMESPACE); Mesh's jobs use `mesh.<domain>`. */
  namespace: string;
  transport: TransportConfig;
}

const camel = (part: string) => part.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Reads the configuration the way the official clients do:
 * - `OPENLINEAGE_DISABLED=true` turns emission off;
 * - `OPENLINEAGE__TRANSPORT__TYPE=http|file|console|postgres|composite` and its siblings
 *   (`OPENLINEAGE__TRANSPORT__URL`, `__ENDPOINT`, `__TIMEOUT`, `__AUTH__TYPE=api_key`,
 *   `__AUTH__API_KEY`, `__LOG_FILE_PATH`, and for composite `__TRANSPORTS__<NAME>__TYPE`, …):
 *   double underscores separate levels, snake_case names become camelCase;
 * - otherwise `OPENLINEAGE_URL` (+ `OPENLINEAGE_ENDPOINT`, `OPENLINEAGE_API_KEY`) selects http;
 * - otherwise events go to the console;
 * - `OPENLINEAGE_NAMESPACE` is the default job namespace (default `default`).
 */
export function lineageConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LineageConfig {
  const nested: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith("OPENLINEAGE__") || value === undefined) continue;
    const path = name.slice("OPENLINEAGE__".length).split("__").map(camel);
    let node = nested;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  let transport = nested.transport as Record<string, unknown> | undefined;
  if (!transport?.type) {
    transport = env.OPENLINEAGE_URL
      ? {
          type: "http",
          url: env.OPENLINEAGE_URL,
          ...(env.OPENLINEAGE_ENDPOINT ? { endpoint: env.OPENLINEAGE_ENDPOINT } : {}),
          ...(env.OPENLINEAGE_API_KEY ? { auth: { type: "api_key", apiKey: env.OPENLINEAGE_API_KEY } } : {}),
        }
      : { type: "console" };
  }
  return {
    disabled: /^(true|1|yes)$/i.test(env.OPENLINEAGE_DISABLED ?? ""),
    namespace: env.OPENLINEAGE_NAMESPACE || "default",
    transport: normalise(transport),
  };
}

function normalise(raw: Record<string, unknown>): TransportConfig {
  const type = String(raw.type ?? "").toLowerCase();
  switch (type) {
    case "http": {
      if (typeof raw.url !== "string" || raw.url === "") throw new TypeError("the http transport needs a url (OPENLINEAGE_URL)");
      const auth = raw.auth as Record<string, unknown> | undefined;
      const apiKey = auth?.apiKey;
      return {
        type,
        url: raw.url,
        ...(typeof raw.endpoint === "string" ? { endpoint: raw.endpoint } : {}),
        ...(raw.timeout !== undefined ? { timeout: Number(raw.timeout) } : {}),
        ...(raw.maxAttempts !== undefined ? { maxAttempts: Number(raw.maxAttempts) } : {}),
        ...(typeof apiKey === "string" ? { auth: { type: "api_key" as const, apiKey } } : {}),
      };
    }
    case "file":
      if (typeof raw.logFilePath !== "string") throw new TypeError("the file transport needs a log file path (…__LOG_FILE_PATH)");
      return { type, logFilePath: raw.logFilePath };
    case "console":
    case "postgres":
      return { type };
    case "composite": {
      const inner = (raw.transports ?? {}) as Record<string, Record<string, unknown>> | Array<Record<string, unknown>>;
      const list = Array.isArray(inner) ? inner : Object.values(inner);
      return { type, transports: list.map(normalise) };
    }
    default:
      throw new TypeError(`unknown OpenLineage transport type "${type}" (http, file, console, postgres or composite)`);
  }
}

/** Builds the transport a configuration names; `postgres` needs the store it writes into. */
export function createTransport(config: TransportConfig, context: { store?: Pick<LineageStore, "ingest"> } = {}): Transport {
  switch (config.type) {
    case "http":
      return new HttpTransport({
        url: config.url,
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
        ...(config.timeout !== undefined ? { timeoutMs: config.timeout * 1000 } : {}),
        ...(config.maxAttempts !== undefined ? { maxAttempts: config.maxAttempts } : {}),
        ...(config.auth ? { apiKey: config.auth.apiKey } : {}),
      });
    case "file":
      return new FileTransport(config.logFilePath);
    case "console":
      return new ConsoleTransport();
    case "postgres":
      if (!context.store) throw new TypeError("the postgres transport needs the lineage store");
      return new PostgresTransport(context.store);
    case "composite": {
      const list = Array.isArray(config.transports) ? config.transports : Object.values(config.transports);
      return new CompositeTransport(list.map((c) => createTransport(c, context)));
    }
  }
}

export interface EmitterOptions {
  transport: Transport;
  /** Default job namespace. */
  namespace?: string;
  /** `producer` of the events it builds; default MESH_PRODUCER. */
  producer?: string;
}

/** Builds and sends OpenLineage events, like the official clients' `OpenLineageClient`. */
export class LineageEmitter {
  readonly transport: Transport;
  readonly namespace: string;
  readonly producer: string;

  constructor(options: EmitterOptions) {
    this.transport = options.transport;
    this.namespace = options.namespace ?? "default";
    this.producer = options.producer ?? MESH_PRODUCER;
  }

  /** An emitter configured from the environment (`lineageConfigFromEnv`). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, context: { store?: Pick<LineageStore, "ingest"> } = {}): LineageEmitter {
    const config = lineageConfigFromEnv(env);
    const transport = config.disabled ? new NoopTransport() : createTransport(config.transport, context);
    return new LineageEmitter({ transport, namespace: config.namespace });
  }

  emit(event: LineageEvent): Promise<void> {
    return this.transport.emit(event);
  }

  /** A RunEvent for `job` (a name in the default namespace, or namespace and name). */
  runEvent(
    eventType: EventType,
    run: { runId?: string; facets?: RunFacets },
    job: string | { namespace: string; name: string; facets?: JobFacets },
    datasets: { inputs?: InputDataset[]; outputs?: OutputDataset[] } = {},
  ): RunEvent {
    return {
      eventType,
      eventTime: new Date().toISOString(),
      producer: this.producer,
      schemaURL: RUN_EVENT_SCHEMA_URL,
      run: { runId: run.runId ?? newRunId(), ...(run.facets ? { facets: run.facets } : {}) },
      job: typeof job === "string" ? { namespace: this.namespace, name: job } : job,
      inputs: datasets.inputs ?? [],
      outputs: datasets.outputs ?? [],
    };
  }

  close(): Promise<void> {
    return this.transport.close?.() ?? Promise.resolve();
  }
}

/** A UUIDv7 (time-ordered, as the spec recommends for run ids). */
export function newRunId(now: number = Date.now()): string {
  const hex = randomUUID().replace(/-/g, "").split("");
  const time = now.toString(16).padStart(12, "0");
  for (let i = 0; i < 12; i++) hex[i] = time[i]!;
  hex[12] = "7";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
