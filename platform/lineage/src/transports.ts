import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { LineageStore } from "./store.js";
import type { LineageEvent } from "./types.js";

/** Where events go. `emit` resolves once the event is delivered and rejects when it could not be. */
export interface Transport {
  readonly kind: string;
  emit(event: LineageEvent): Promise<void>;
  close?(): Promise<void>;
}

/** A delivery that failed; `retryable` tells whether sending the same event later may succeed. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TransportError";
  }
}

export interface BackoffOptions {
  /** Delay before the first retry, default 200 ms; each next one doubles, up to maxDelayMs. */
  initialDelayMs?: number;
  /** Default 10,000 ms. */
  maxDelayMs?: number;
}

/** Exponential backoff with full jitter: a random delay in [d/2, d] where d = initial·2^attempt (capped). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  const ceiling = Math.min(max, initial * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

export interface HttpTransportOptions {
  /** The backend's base URL, e.g. `http://marquez:5000`. */
  url: string;
  /** Default `api/v1/lineage` (Marquez's and the official clients' default). */
  endpoint?: string;
  /** Per request, default 5,000 ms. */
  timeoutMs?: number;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Attempts in all, default 5 (1 = no retry). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  headers?: Record<string, string>;
}

/**
 * POSTs each event as JSON to `url` + `endpoint`. A network error, a timeout, 408, 429 or a 5xx is
 * retried with exponential backoff and jitter; any other non-2xx fails at once (not retryable).
 */
export class HttpTransport implements Transport {
  readonly kind = "http";
  readonly target: string;

  constructor(private readonly options: HttpTransportOptions) {
    const endpoint = (options.endpoint ?? "api/v1/lineage").replace(/^\/+/, "");
    this.target = new URL(endpoint, options.url.endsWith("/") ? options.url : `${options.url}/`).toString();
  }

  async emit(event: LineageEvent): Promise<void> {
    const attempts = Math.max(1, this.options.maxAttempts ?? 5);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.send(event);
        return;
      } catch (error) {
        const retryable = !(error instanceof TransportError) || error.retryable;
        if (!retryable || attempt + 1 >= attempts) throw error;
        await sleep(backoffDelay(attempt, this.options.backoff));
      }
    }
  }

  private async send(event: LineageEvent): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.target, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
          ...this.options.headers,
        },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new TransportError(`POST ${this.target} failed: ${(error as Error).message}`, true, { cause: error });
    }
    const text = await response.text().catch(() => "");
    if (response.ok) return;
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    throw new TransportError(`POST ${this.target} answered ${response.status}: ${text.slice(0, 500)}`, retryable);
  }
}

/** Appends each event as one line of JSON (NDJSON) to a file, creating it and its folder when missing. */
export class FileTransport implements Transport {
  readonly kind = "file";
  private ready: Promise<unknown> | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  emit(event: LineageEvent): Promise<void> {
    this.ready ??= mkdir(dirname(this.path), { recursive: true });
    const line = `${JSON.stringify(event)}\n`;
    // One append at a time, so that lines never interleave and keep their order.
    const next = this.chain.then(async () => {
      await this.ready;
      await appendFile(this.path, line, "utf8");
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** Writes each event as one line of JSON to a stream (stdout by default). */
export class ConsoleTransport implements Transport {
  readonly kind = "console";
  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(line)) {}
  async emit(event: LineageEvent): Promise<void> {
    this.write(`${JSON.stringify(event)}\n`);
  }
}

/** Writes each event straight into Mesh's lineage store (deduplicated and merged there). */
export class PostgresTransport implements Transport {
  readonly kind = "postgres";
  constructor(private readonly store: Pick<LineageStore, "ingest">) {}
  async emit(event: LineageEvent): Promise<void> {
    await this.store.ingest([event]);
  }
}

/**
 * Sends each event to every transport (concurrently). It fails when any of them fails, naming
 * each failure; it is retryable only when every failure is (a retry sends to all again, which
 * an idempotent receiver, such as Mesh's store, absorbs).
 */
export class CompositeTransport implements Transport {
  readonly kind = "composite";
  constructor(readonly transports: readonly Transport[]) {}

  async emit(event: LineageEvent): Promise<void> {
    const results = await Promise.allSettled(this.transports.map((t) => t.emit(event)));
    const failures = results.flatMap((r, i) =>
      r.status === "rejected" ? [{ kind: this.transports[i]!.kind, error: r.reason as unknown }] : [],
    );
    if (failures.length === 0) return;
    const retryable = failures.every((f) => !(f.error instanceof TransportError) || f.error.retryable);
    throw new TransportError(failures.map((f) => `${f.kind}: ${(f.error as Error).message}`).join("; "), retryable, {
      cause: failures[0]!.error,
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.transports.map((t) => t.close?.()));
  }
}

/** Drops every event (OPENLINEAGE_DISABLED=true). */
export class NoopTransport implements Transport {
  readonly kind = "noop";
  async emit(): Promise<void> {}
}
