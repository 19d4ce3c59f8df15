import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLError, Kind, parse, type GraphQLFormattedError } from "graphql";
import { ErrorCode, type Logger } from "@mesh/core";
import type { MeshContext } from "@mesh/http";

/** HTTP statuses a proxy or a restarting server answers with when the subgraph behind is not there. */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/**
 * How the gateway calls one subgraph. It forwards the caller's bearer token and request id (each
 * subgraph verifies the token itself and audits under the same id), and it turns a subgraph that
 * cannot be reached into a GraphQL error that names the subgraph, so that the rest of the query
 * still answers and no URL or socket error text reaches the client.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<MeshContext> {
  constructor(
    private readonly subgraph: { name: string; url: string },
    private readonly logger: Logger,
  ) {
    super({ url: subgraph.url });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<MeshContext>): void {
    if (!isIncomingOperation(options)) return;
    const headers = options.request.http!.headers;
    headers.set("authorization", options.context.authorization);
    headers.set("x-request-id", options.context.requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<MeshContext>): ReturnType<RemoteGraphQLDataSource["process"]> {
    try {
      return await super.process(options);
    } catch (error) {
      if (!isIncomingOperation(options) || !isUnavailable(error)) throw error;
      this.logger.warn(
        { requestId: options.context.requestId, subgraph: this.subgraph.name, url: this.subgraph.url, reason: String(error) },
        `the ${this.subgraph.name} subgraph is unavailable`,
      );
      return { errors: [this.unavailable(options.request.query!, options.request.variables)] };
    }
  }

  /**
   * One error for the failed fetch, with a path the gateway maps into the client's response: the
   * first root field this fetch was for, or the first entity it should have completed (the gateway
   * turns `["_entities", 0]` into that entity's path).
   */
  private unavailable(query: string, variables: Record<string, unknown> | undefined): GraphQLFormattedError {
    const error = { message: `the ${this.subgraph.name} subgraph is unavailable`, extensions: { code: ErrorCode.UNAVAILABLE } };
    if (Array.isArray(variables?.representations)) return { ...error, path: ["_entities", 0] };
    const field = firstRootField(query);
    return field === undefined ? error : { ...error, path: [field] };
  }
}

type Options = GraphQLDataSourceProcessOptions<MeshContext>;

/** A query of a client, as opposed to the gateway's own health checks (whose context is not a MeshContext). */
function isIncomingOperation(options: Options): options is Extract<Options, { incomingRequestContext: unknown }> {
  return "incomingRequestContext" in options;
}

/**
 * A failure below HTTP (connection refused or reset, timeout, name resolution: make-fetch-happen's
 * FetchError of type "system") or a 502/503/504 from a proxy in front of the subgraph. Anything
 * else (a body that is not JSON, a 500) is a broken subgraph, not a missing one: it stays an
 * unexpected error.
 */
function isUnavailable(error: unknown): boolean {
  if (error instanceof GraphQLError) {
    const status = (error.extensions.response as { status?: unknown } | undefined)?.status;
    return typeof status === "number" && UNAVAILABLE_STATUSES.has(status);
  }
  return (error as { type?: unknown } | null)?.type === "system";
}

/** The first root field of a subgraph operation (its response key): where a failed root fetch's error belongs. */
function firstRootField(query: string): string | undefined {
  const operation = parse(query).definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind === Kind.FIELD && selection.name.value !== "__typename") return (selection.alias ?? selection.name).value;
  }
  return undefined;
}
