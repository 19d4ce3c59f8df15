import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { ErrorCode, formatError, isMeshError, type Logger } from "@mesh/core";

const STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  CONTRACT_VIOLATION: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** Answers an HTTP-level failure in the shape GraphQL clients read: `{"errors":[{message, extensions: {code}}]}`. */
export function sendError(res: Response, status: number, message: string, code: ErrorCode): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** body-parser's errors carry `type` and `status`; a few are the client's fault and say so. */
interface BodyParserError {
  type?: unknown;
  status?: unknown;
}

/**
 * The last handler of every Mesh server: what express (body parsing) or an extra route threw,
 * as JSON. A `MeshError` keeps its message with the matching HTTP status; body-parser's refusals
 * name the problem (a body over the limit is 413); anything else is logged with the request id
 * and masked. Express's own handler would answer HTML with a stack trace outside production.
 */
export function errorHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const type = (error as BodyParserError | null)?.type;
    if (type === "entity.too.large") {
      sendError(res, 413, `the request body is larger than the limit of ${bodyLimit}`, ErrorCode.BAD_USER_INPUT);
    } else if (type === "entity.parse.failed") {
      sendError(res, 400, "the request body is not valid JSON", ErrorCode.BAD_USER_INPUT);
    } else if (typeof type === "string" && typeof (error as BodyParserError).status === "number") {
      sendError(res, (error as { status: number }).status, "the request body could not be read", ErrorCode.BAD_USER_INPUT);
    } else {
      if (!isMeshError(error)) {
        logger.error(
          { err: error, requestId: res.locals.mesh?.requestId, path: req.path },
          "unexpected error in an HTTP handler",
        );
      }
      const { code, message } = formatError(error);
      sendError(res, STATUS[code], message, code);
    }
  };
}

/** Unknown paths get a JSON 404 instead of express's HTML page. */
export function notFoundHandler(): RequestHandler {
  return (req, res) => sendError(res, 404, `no route for ${req.method} ${req.path}`, ErrorCode.NOT_FOUND);
}
