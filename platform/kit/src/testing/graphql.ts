import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import { AccessControl, NO_AUDIT, type AuditSink, type Principal, type Role } from "@mesh/access";
import { createLogger } from "@mesh/core";
import type { MeshContext } from "@mesh/http";

/**
 * The context a Mesh server builds for a caller with these roles, for executing a subgraph's
 * schema in-process: the same AccessControl (and so the same CASL rules) as over HTTP.
 */
export function principalContext(
  roles: readonly Role[],
  options: { ownedDomains?: readonly string[]; audit?: AuditSink; subject?: string } = {},
): MeshContext {
  const principal: Principal = {
    subject: options.subject ?? `test-${roles.join("-")}`,
    username: undefined,
    clientId: "mesh-api",
    roles,
    ownedDomains: options.ownedDomains ?? [],
  };
  return {
    requestId: "test-request",
    principal,
    access: new AccessControl(principal, options.audit ?? NO_AUDIT, "test-request"),
    authorization: "Bearer test",
    logger: createLogger("test", "silent"),
  };
}

/** Executes one operation; the result as JSON (as a client would see it, without error internals). */
export async function runQuery(
  schema: GraphQLSchema,
  source: string,
  context: MeshContext,
  variableValues?: Record<string, unknown>,
): Promise<{ data?: unknown; errors?: Array<{ message: string; path?: readonly (string | number)[]; code?: unknown }> }> {
  const result: ExecutionResult = await graphql({
    schema,
    source,
    contextValue: context,
    variableValues: variableValues ?? null,
  });
  return JSON.parse(
    JSON.stringify({
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors
        ? {
            errors: result.errors.map((e) => ({
              message: e.message,
              ...(e.path ? { path: e.path } : {}),
              code: e.extensions.code ?? (e.originalError as { code?: unknown } | undefined)?.code,
            })),
          }
        : {}),
    }),
  ) as never;
}
