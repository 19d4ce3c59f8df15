import type { ApolloServerPlugin } from "@apollo/server";
import type { MeshContext } from "./context.js";

/**
 * One debug line per GraphQL request, after its response is ready: who asked, which operation,
 * the HTTP status, how many errors and how long it took. The line carries the request id (bound
 * in the context's logger), so the gateway's line and each subgraph's line can be joined.
 */
export function requestLogPlugin(): ApolloServerPlugin<MeshContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, response, errors }) {
          contextValue.logger.debug(
            {
              subject: contextValue.principal.subject,
              operation: operationName ?? null,
              status: response.http.status ?? 200,
              errors: errors?.length ?? 0,
              ms: Math.round(performance.now() - started),
            },
            "graphql request",
          );
        },
      };
    },
  };
}
