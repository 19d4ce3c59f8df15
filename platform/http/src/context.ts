import { randomUUID } from "node:crypto";
import type { AccessControl, Principal } from "@mesh/access";
import type { Logger } from "@mesh/core";

/** What every resolver and route of a Mesh server gets: who is calling, their access, and the request's id. */
export interface MeshContext {
  /** Correlates the gateway's log lines, the subgraphs' and the audit log for one request. */
  requestId: string;
  principal: Principal;
  access: AccessControl;
  /** The caller's Authorization header, verified; the gateway forwards it to the subgraphs. */
  authorization: string;
  /** The server's logger with `requestId` bound. */
  logger: Logger;
}

declare global {
  // Express's own extension point for res.locals (its typings use a global namespace).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by the `authenticate` handler of a Mesh server. */
      mesh?: MeshContext;
    }
  }
}

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

/**
 * The request id: the caller's `x-request-id` when it looks like one (the gateway forwards its own
 * to the subgraphs), else a new UUID. Anything else is ignored so that a header cannot inject text
 * into log lines or the audit log.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
}
