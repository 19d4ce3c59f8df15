import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LocalReceiver } from "./local-receiver.js";
import {
  backoffDelay,
  CompositeTransport,
  ConsoleTransport,
  createTransport,
  FileTransport,
  HttpTransport,
  LineageEmitter,
  lineageConfigFromEnv,
  newRunId,
  NoopTransport,
  sampleRunEvent,
  TransportError,
  validateEvent,
} from "./index.js";

const receivers: LocalReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});
const receiver = async () => {
  const r = await new LocalReceiver().start();
  receivers.push(r);
  return r;
};
const fast = { initialDelayMs: 5, maxDelayMs: 20 };

describe("HttpTransport", () => {
  it("POSTs the event as JSON to url + /api/v1/lineage with the bearer key", async () => {
    const r = await receiver();
    const event = sampleRunEvent();
    await new HttpTransport({ url: r.url, apiKey: "secret" }).emit(event);
    expect(r.received).toEqual([{ path: "/api/v1/lineage", authorization: "Bearer secret", body: event }]);
  });

  it("retries a 503 and a backend that is down, until it answers", async () => {
    const r = await receiver();
    r.failWith = { status: 503, times: 2 };
    const event = sampleRunEvent();
    await new HttpTransport({ url: r.url, endpoint: "/custom/lineage", backoff: fast }).emit(event);
    expect(r.received).toEqual([{ path: "/custom/lineage", authorization: undefined, body: event }]);

    await r.stop();
    const sending = new HttpTransport({ url: r.url, maxAttempts: 20, backoff: { initialDelayMs: 20, maxDelayMs: 40 } }).emit(
      event,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await r.start();
    await sending;
    expect(r.received).toHaveLength(2);
  });

  it("fails at once on a 400 (not retryable) and after maxAttempts on a backend that stays down", async () => {
    const r = await receiver();
    r.failWith = { status: 400, times: 5 };
    const error = await new HttpTransport({ url: r.url, backoff: fast }).emit(sampleRunEvent()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      retryable: false,
      message: `POST ${r.url}/api/v1/lineage answered 400: failing on purpose`,
    });
    expect(r.failWith).toEqual({ status: 400, times: 4 });
    await r.stop();
    const down = await new HttpTransport({ url: r.url, maxAttempts: 3, backoff: fast })
      .emit(sampleRunEvent())
      .catch((e: unknown) => e);
    expect(down).toMatchObject({ retryable: true, name: "TransportError" });
  });

  it("times out a backend that does not answer", async () => {
    const { createServer } = await import("node:net");
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const error = await new HttpTransport({ url: `http://127.0.0.1:${port}`, timeoutMs: 100, maxAttempts: 1 })
      .emit(sampleRunEvent())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true });
    expect(Date.now() - started).toBeLessThan(2000);
    silent.close();
  });
});

describe("backoffDelay", () => {
  it("doubles from the initial delay up to the cap, with jitter in [d/2, d]", () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, { initialDelayMs: 100, maxDelayMs: 500 }, () => 1))).toEqual([
      100, 200, 400, 500, 500,
    ]);
    expect([0, 1, 2].map((a) => backoffDelay(a, { initialDelayMs: 100, maxDelayMs: 500 }, () => 0))).toEqual([50, 100, 200]);
  });
});

describe("file, console, composite transports", () => {
  it("appends NDJSON in order, to a folder it creates", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lineage-"));
    try {
      const file = new FileTransport(join(dir, "sub", "events.ndjson"));
      const events = Array.from({ length: 20 }, () => sampleRunEvent());
      await Promise.all(events.map((e) => file.emit(e)));
      const lines = (await readFile(join(dir, "sub", "events.ndjson"), "utf8")).trimEnd().split("\n");
      expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(events);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("writes one JSON line per event to the console", async () => {
    const lines: string[] = [];
    const event = sampleRunEvent();
    await new ConsoleTransport((l) => lines.push(l)).emit(event);
    expect(lines).toEqual([`${JSON.stringify(event)}\n`]);
  });

  it("sends to all; fails naming each failure, retryable only when all are", async () => {
    const r = await receiver();
    const lines: string[] = [];
    const event = sampleRunEvent();
    const composite = new CompositeTransport([new HttpTransport({ url: r.url }), new ConsoleTransport((l) => lines.push(l))]);
    await composite.emit(event);
    expect(r.received.map((x) => x.body)).toEqual([event]);
    expect(lines).toHaveLength(1);
    r.failWith = { status: 400, times: 1 };
    await expect(composite.emit(event)).rejects.toMatchObject({
      retryable: false,
      message: `http: POST ${r.url}/api/v1/lineage answered 400: failing on purpose`,
    });
  });
});

describe("configuration from the environment", () => {
  it("reads OPENLINEAGE_URL, _ENDPOINT, _API_KEY, _NAMESPACE like the official clients", () => {
    expect(
      lineageConfigFromEnv({
        OPENLINEAGE_URL: "http://marquez:5000",
        OPENLINEAGE_ENDPOINT: "api/v1/lineage",
        OPENLINEAGE_API_KEY: "k",
        OPENLINEAGE_NAMESPACE: "mesh",
      }),
    ).toEqual({
      disabled: false,
      namespace: "mesh",
      transport: { type: "http", url: "http://marquez:5000", endpoint: "api/v1/lineage", auth: { type: "api_key", apiKey: "k" } },
    });
  });

  it("reads OPENLINEAGE__TRANSPORT__* (nested by double underscores), composite included", () => {
    expect(
      lineageConfigFromEnv({
        OPENLINEAGE__TRANSPORT__TYPE: "composite",
        OPENLINEAGE__TRANSPORT__TRANSPORTS__MARQUEZ__TYPE: "http",
        OPENLINEAGE__TRANSPORT__TRANSPORTS__MARQUEZ__URL: "http://marquez:5000",
        OPENLINEAGE__TRANSPORT__TRANSPORTS__MARQUEZ__TIMEOUT: "2.5",
        OPENLINEAGE__TRANSPORT__TRANSPORTS__MARQUEZ__AUTH__TYPE: "api_key",
        OPENLINEAGE__TRANSPORT__TRANSPORTS__MARQUEZ__AUTH__API_KEY: "k",
        OPENLINEAGE__TRANSPORT__TRANSPORTS__LOCAL__TYPE: "file",
        OPENLINEAGE__TRANSPORT__TRANSPORTS__LOCAL__LOG_FILE_PATH: "/tmp/ol.ndjson",
        OPENLINEAGE_DISABLED: "false",
      }),
    ).toEqual({
      disabled: false,
      namespace: "default",
      transport: {
        type: "composite",
        transports: [
          { type: "http", url: "http://marquez:5000", timeout: 2.5, auth: { type: "api_key", apiKey: "k" } },
          { type: "file", logFilePath: "/tmp/ol.ndjson" },
        ],
      },
    });
  });

  it("defaults to the console; OPENLINEAGE_DISABLED drops events; names a wrong setting", () => {
    expect(lineageConfigFromEnv({})).toEqual({ disabled: false, namespace: "default", transport: { type: "console" } });
    expect(LineageEmitter.fromEnv({ OPENLINEAGE_DISABLED: "true" }).transport).toBeInstanceOf(NoopTransport);
    expect(() => lineageConfigFromEnv({ OPENLINEAGE__TRANSPORT__TYPE: "kafka" })).toThrow(
      'unknown OpenLineage transport type "kafka" (http, file, console, postgres or composite)',
    );
    expect(() => createTransport({ type: "postgres" })).toThrow("the postgres transport needs the lineage store");
    expect(
      createTransport(
        lineageConfigFromEnv({ OPENLINEAGE__TRANSPORT__TYPE: "http", OPENLINEAGE__TRANSPORT__URL: "http://x:1/" }).transport,
      ),
    ).toMatchObject({
      kind: "http",
      target: "http://x:1/api/v1/lineage",
    });
  });
});

describe("LineageEmitter", () => {
  it("builds valid run events in its namespace and sends them through its transport", async () => {
    const r = await receiver();
    const emitter = LineageEmitter.fromEnv({ OPENLINEAGE_URL: r.url, OPENLINEAGE_NAMESPACE: "mesh.cardiology" });
    const event = emitter.runEvent("START", {}, "ingest.patients");
    expect(validateEvent(event)).toEqual({ valid: true, errors: [] });
    expect(event.job).toEqual({ namespace: "mesh.cardiology", name: "ingest.patients" });
    await emitter.emit(event);
    expect(r.received.map((x) => x.body)).toEqual([event]);
  });

  it("makes UUIDv7 run ids that sort by time", () => {
    const a = newRunId(Date.UTC(2026, 0, 1));
    const b = newRunId(Date.UTC(2026, 0, 2));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });
});
