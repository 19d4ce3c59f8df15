import type { IncomingMessage, ServerResponse } from "node:http";
import type { IngestResult } from "./store.js";
import type { LineageEvent } from "./types.js";
import { validateEvent, type SchemaError } from "./validate.js";

export interface LineagePostResponse {
  status: 200 | 201 | 400;
  body:
    | IngestResult
    | {
        error: string;
        /** Each schema error; `path` is a JSON Pointer into the body (`/2/run/runId` for the third event of an array). */
        errors: SchemaError[];
      };
}

/** The most events one request may carry. */
export const MAX_EVENTS_PER_REQUEST = 1_000;

/**
 * `POST /api/v1/lineage`, compatible with Marquez's: the body is one OpenLineage event (or, as
 * an extension, an array of them). Every event is validated against the official schema and
 * its facets' schemas; when any is invalid nothing is stored and the answer is 400 listing every
 * error with its path. Otherwise the events are stored in one transaction: 201 when at least
 * one was new, 200 when all were already stored (idempotent retries), with `{ stored, duplicates }`.
 */
export async function handleLineagePost(
  body: unknown,
  store: { ingest(events: readonly LineageEvent[]): Promise<IngestResult> },
): Promise<LineagePostResponse> {
  const batch = Array.isArray(body);
  const events: unknown[] = batch ? body : [body];
  if (events.length === 0) {
    return {
      status: 400,
      body: { error: "the body is an empty array: send one OpenLineage event or an array of them", errors: [] },
    };
  }
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    return {
      status: 400,
      body: { error: `at most ${MAX_EVENTS_PER_REQUEST} events per request (got ${events.length})`, errors: [] },
    };
  }
  const errors: SchemaError[] = [];
  events.forEach((event, i) => {
    const result = validateEvent(event);
    for (const e of result.errors) errors.push({ path: batch ? `/${i}${e.path}` : e.path, message: e.message });
  });
  if (errors.length > 0) {
    return { status: 400, body: { error: "the event does not validate against the OpenLineage 2-0-2 schema", errors } };
  }
  const result = await store.ingest(events as LineageEvent[]);
  return { status: result.stored > 0 ? 201 : 200, body: result };
}

export interface LineageRequestHandlerOptions {
  /** The largest body accepted, in bytes (default 5 MiB); a larger one gets 413. */
  bodyLimit?: number;
  /** Told about an unexpected failure (the store down): the client gets 503. */
  onError?: (error: unknown) => void;
}

/**
 * The same endpoint as a plain Node request handler (no framework: express, the node http
 * server or any framework built on them can mount it). It reads and parses the JSON body itself,
 * so mount it without a body parser, after authentication.
 */
export function lineageRequestHandler(
  store: { ingest(events: readonly LineageEvent[]): Promise<IngestResult> },
  options: LineageRequestHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = options.bodyLimit ?? 5 * 1024 * 1024;
  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (res.headersSent) return;
    res.statusCode = status;
    res.setHeader("content-type", "application/json; charset=utf-8");
    res.setHeader("cache-control", "no-store");
    res.end(JSON.stringify(body));
  };
  return (req, res) => {
    const type = req.headers["content-type"] ?? "";
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
      req.resume();
      send(res, 415, { error: "send the event as application/json" });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        send(res, 413, { error: `the body is larger than ${limit} bytes` });
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", () => undefined);
    req.on("end", () => {
      if (refused) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch (error) {
        send(res, 400, { error: `the body is not JSON: ${(error as Error).message}`, errors: [] });
        return;
      }
      handleLineagePost(body, store).then(
        (answer) => send(res, answer.status, answer.body),
        (error: unknown) => {
          options.onError?.(error);
          send(res, 503, { error: "the lineage store is unavailable; retry later" });
        },
      );
    });
  };
}
