import { ApolloServerErrorCode, unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { ErrorCode, isMeshError } from "@mesh/core";

/**
 * Codes whose errors are written to be shown: core's, and Apollo's own request errors (parse,
 * validation, CSRF, batching). INTERNAL_SERVER_ERROR is not among them: Apollo gives that code to
 * every error it does not recognise, whatever its message says.
 */
const SHOWN_CODES: ReadonlySet<string> = new Set(
  [...Object.values(ErrorCode), ...Object.values(ApolloServerErrorCode)].filter(
    (code) => code !== ErrorCode.INTERNAL_SERVER_ERROR,
  ),
);

/** The answer for anything unexpected: nothing of the original (stack, SQL, values, URLs) reaches the client. */
const MASKED = { message: "Internal server error", code: ErrorCode.INTERNAL_SERVER_ERROR } as const;

/**
 * The one mapping from an error to what a GraphQL client sees (Apollo's `formatError`):
 * - a `MeshError` thrown by a resolver keeps its message, with its code;
 * - an error that already carries a shown code (Apollo's validation and request errors, a
 *   subgraph's coded errors coming back through the gateway) keeps message and code;
 * - anything else is masked.
 * Only `message`, `path` and `extensions.code` survive: no stacktrace, no other extension (the
 * gateway's `serviceName`, a subgraph's `exception`), no locations.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  let shown: { message: string; code: string };
  if (isMeshError(original)) shown = { message: original.message, code: original.code };
  else if (typeof code === "string" && SHOWN_CODES.has(code)) shown = { message: formatted.message, code };
  else shown = MASKED;
  return { message: shown.message, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: shown.code } };
}

/** Whether `formatGraphQLError` hid this error's message: the server then logs the original. */
export function isMasked(formatted: GraphQLFormattedError): boolean {
  return formatted.extensions?.code === MASKED.code;
}
