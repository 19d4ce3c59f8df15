/**
 * Transport-free errors. Services throw these; the edges (GraphQL formatError, the CLI) map
 * them to a code and a message. Anything else is unexpected and is masked at the edge.
 */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  CONTRACT_VIOLATION: "CONTRACT_VIOLATION",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  CONFLICT: "CONFLICT",
  UNAVAILABLE: "UNAVAILABLE",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem found by a validator, with the path where it was found. */
export interface Problem {
  /** e.g. `schema[0].properties[3].logicalType` or `row 5001, column age` */
  path: string;
  message: string;
}

export abstract class MeshError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InputError extends MeshError {
  readonly code = ErrorCode.BAD_USER_INPUT;
}
export class NotFoundError extends MeshError {
  readonly code = ErrorCode.NOT_FOUND;
}
export class NotAllowedError extends MeshError {
  readonly code = ErrorCode.FORBIDDEN;
}
export class AuthenticationError extends MeshError {
  readonly code = ErrorCode.UNAUTHENTICATED;
}
export class ConflictError extends MeshError {
  readonly code = ErrorCode.CONFLICT;
}
/** A required service (the database, a port) cannot be reached or used. */
export class ServiceUnavailableError extends MeshError {
  readonly code = ErrorCode.UNAVAILABLE;
}

/** A document or a record broke its contract; carries every problem found, not just the first. */
export class ContractViolationError extends MeshError {
  readonly code = ErrorCode.CONTRACT_VIOLATION;
  readonly problems: readonly Problem[];
  constructor(summary: string, problems: readonly Problem[]) {
    super(problems.length === 0 ? summary : `${summary}\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n")}`);
    this.problems = problems;
  }
}

export function isMeshError(error: unknown): error is MeshError {
  return error instanceof MeshError;
}

/**
 * The one mapping from any thrown value to what a client may see. Known errors keep their
 * message (they are written to be shown); everything else becomes a generic message so that no
 * stack, SQL or data value leaks.
 */
export function formatError(error: unknown): { code: ErrorCode; message: string } {
  if (isMeshError(error)) return { code: error.code, message: error.message };
  return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: "Internal server error" };
}
