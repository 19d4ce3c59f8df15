import type { RequestHandler, Response } from "express";
import { AccessControl, type AuditSink, type TokenVerifier } from "@mesh/access";
import { AuthenticationError, type Logger } from "@mesh/core";
import { requestIdFrom, type MeshContext } from "./context.js";

/**
 * The express handler that admits a request only with a verified bearer token, before anything
 * else reads it (Apollo included), and puts its `MeshContext` on `res.locals.mesh`. A refusal is
 * HTTP 401 with the verifier's reason, both in `WWW-Authenticate` (RFC 6750) and as a GraphQL
 * error body, so that GraphQL clients and plain HTTP clients each find it where they look.
 */
export function authenticator(options: {
  name: string;
  verifier: TokenVerifier;
  audit: AuditSink;
  logger: Logger;
}): RequestHandler {
  return async (req, res, next) => {
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    res.setHeader("x-request-id", requestId);
    const authorization = req.headers.authorization;
    let context: MeshContext;
    try {
      const principal = await options.verifier.verify(authorization);
      context = {
        requestId,
        principal,
        access: new AccessControl(principal, options.audit, requestId),
        authorization: authorization!,
        logger: options.logger.child({ requestId }),
      };
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      // A refused token is an access decision too: who it claimed to be is unknown (unverified).
      options.audit.record({
        at: new Date(),
        requestId,
        subject: "(unauthenticated)",
        clientId: "",
        action: "read",
        kind: "Authentication",
        resource: `mesh:${options.name}${req.path}`,
        domain: "platform",
        port: null,
        classification: null,
        allowed: false,
      });
      refuse(res, error.message);
      return;
    }
    res.locals.mesh = context;
    next();
  };
}

function refuse(res: Response, reason: string): void {
  res
    .status(401)
    .set("WWW-Authenticate", `Bearer error="invalid_token", error_description="${headerSafe(reason)}"`)
    .json({ errors: [{ message: reason, extensions: { code: "UNAUTHENTICATED" } }] });
}

/** RFC 6750 allows printable ASCII without `"` and `\` in error_description. */
function headerSafe(text: string): string {
  return text.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, "?");
}
