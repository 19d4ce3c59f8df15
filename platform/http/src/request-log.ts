import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import type { AccessControl } from "@mesh/access";
import type { Logger } from "@mesh/core";
import type { MeshContext } from "./context.js";

/**
 * The operation each GraphQL request resolved to, for its log line (Apollo knows it; express logs
 * the line). Keyed by the request's AccessControl: Apollo hands plugins a shallow copy of the
 * context, whose members are still the request's own.
 */
const operations = new WeakMap<AccessControl, string>();

/** Remembers the name of the operation a request runs (the one chosen among the document's), for `requestLogger`. */
export function operationNamePlugin(): ApolloServerPlugin<MeshContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName }) {
          if (operationName) operations.set(contextValue.access, operationName);
        },
      };
    },
  };
}

/**
 * One debug line per request when its response is sent, whatever answered it (a refused token,
 * Apollo, a body limit, an extra route): request id, who asked, which operation, the status and
 * how long it took. The gateway forwards its request id, so its line and each subgraph's line can
 * be joined.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const path = req.path;
    res.once("finish", () => {
      const mesh = res.locals.mesh;
      logger.debug(
        {
          requestId: res.getHeader("x-request-id"),
          method: req.method,
          path,
          subject: mesh?.principal.subject ?? null,
          operation: (mesh && operations.get(mesh.access)) ?? null,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        "request",
      );
    });
    next();
  };
}
