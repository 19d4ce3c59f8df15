import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import { ApolloServer, type ApolloServerOptionsWithGateway, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import type { GraphQLFormattedError, GraphQLSchema, ParseOptions, ValidationRule } from "graphql";
import { NO_AUDIT, type AuditSink, type TokenVerifier } from "@mesh/access";
import { InputError, ServiceUnavailableError, type Logger } from "@mesh/core";
import { authenticator } from "./authenticate.js";
import type { MeshContext } from "./context.js";
import { formatGraphQLError, isMasked } from "./format-error.js";
import { errorHandler, notFoundHandler } from "./http-errors.js";
import { operationNamePlugin, requestLogger } from "./request-log.js";

/** Apollo's gateway port (`@apollo/gateway`'s ApolloGateway implements it). */
export type GatewayInterface = ApolloServerOptionsWithGateway<MeshContext>["gateway"];

export interface GraphQLServerOptions {
  /** "cardiology", "mesh-plane", "gateway": names the server in logs and error messages. */
  name: string;
  /** A subgraph's schema, or … */
  schema?: GraphQLSchema;
  /** … the Apollo Gateway (exactly one of the two). */
  gateway?: GatewayInterface;
  verifier: TokenVerifier;
  /** Where access decisions go; default NO_AUDIT. */
  audit?: AuditSink;
  host: string;
  /** 0 = any free port (tests). */
  port: number;
  /** Origins allowed to call from a browser; any other gets no CORS headers. */
  corsOrigins: readonly string[];
  /** Set explicitly by every caller, never defaulted: a production mesh turns it off. */
  introspection: boolean;
  logger: Logger;
  /** The largest JSON body accepted (express.json's `limit`), default "1mb"; a larger one is refused with 413. */
  bodyLimit?: string;
  validationRules?: ValidationRule[];
  /** graphql-js parse options, e.g. `maxTokens` (a document over it is refused with 400, GRAPHQL_PARSE_FAILED). */
  parseOptions?: ParseOptions;
  plugins?: ApolloServerPlugin<MeshContext>[];
  /**
   * Extra routes, mounted before /graphql (exports, the lineage endpoint). `authenticate` admits
   * only a verified bearer token and puts the `MeshContext` on `res.locals.mesh`.
   */
  routes?: (app: express.Express, authenticate: express.RequestHandler) => void;
}

/** What every Mesh server is started with, whatever it serves: the subgraphs' and the gateway's options build on it. */
export type ServerSettings = Pick<
  GraphQLServerOptions,
  "verifier" | "audit" | "host" | "port" | "corsOrigins" | "introspection" | "logger"
>;

export interface RunningServer {
  name: string;
  /** `http://host:port/graphql` */
  url: string;
  port: number;
  /** Stops Apollo (and its gateway), lets requests in flight finish, closes every connection. */
  close(): Promise<void>;
}

/**
 * Starts a GraphQL server the way every Mesh server runs: express 5 + Apollo Server 5, a verified
 * bearer token on every /graphql request before Apollo sees it, CORS from an allowlist, CSRF
 * prevention, no batching, a body limit, one error mapping (`formatGraphQLError`) and an
 * unauthenticated `GET /health`. Resolves once the server listens.
 */
export async function startGraphQLServer(options: GraphQLServerOptions): Promise<RunningServer> {
  const { name, logger } = options;
  if ((options.schema === undefined) === (options.gateway === undefined)) {
    throw new InputError(`GraphQL server "${name}" needs exactly one of a schema and a gateway`);
  }
  const bodyLimit = options.bodyLimit ?? "1mb";
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const requests = new AsyncLocalStorage<MeshContext>();

  const apollo = new ApolloServer<MeshContext>({
    ...(options.schema ? { schema: options.schema } : { gateway: options.gateway! }),
    introspection: options.introspection,
    // Field suggestions ("Did you mean …") reveal the schema that introspection hides.
    hideSchemaDetailsFromClientErrors: !options.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    validationRules: options.validationRules ?? [],
    parseOptions: options.parseOptions ?? {},
    logger: logger.child({ component: "apollo" }),
    formatError(formatted: GraphQLFormattedError, error: unknown) {
      const shown = formatGraphQLError(formatted, error);
      if (isMasked(shown)) {
        logger.error(
          { err: unwrapResolverError(error), requestId: requests.getStore()?.requestId, path: formatted.path },
          `${name}: unexpected error, masked in the response`,
        );
      }
      return shown;
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 5_000 }),
      // Federated tracing is for Apollo's hosted studio, which Mesh does not report to: it would
      // cost every subgraph request time and add traces to every response.
      ...(options.schema ? [ApolloServerPluginInlineTraceDisabled()] : []),
      // Mesh gives no cache hints and every answer is one caller's: Apollo's cache-control plugin
      // could only ever answer "no-store" (set below for every /graphql response), and its hook on
      // every resolved field cost a subgraph about a third of its CPU on a page of records
      // (`pnpm bench:graphql`).
      ApolloServerPluginCacheControlDisabled(),
      operationNamePlugin(),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  const authenticate = authenticator({ name, verifier: options.verifier, audit: options.audit ?? NO_AUDIT, logger });
  app.use(
    cors({
      origin: [...options.corsOrigins],
      methods: ["GET", "POST"],
      allowedHeaders: ["authorization", "content-type", "apollo-require-preflight", "x-apollo-operation-name", "x-request-id"],
      exposedHeaders: ["x-request-id", "www-authenticate"],
      maxAge: 600,
    }),
  );
  app.get("/health", (_req, res) => {
    res.json({ status: "ok", name });
  });
  app.use(requestLogger(logger));
  options.routes?.(app, authenticate);
  const graphql = expressMiddleware(apollo, { context: async ({ res }) => res.locals.mesh! });
  app.all("/graphql", noStore, authenticate, express.json({ limit: bodyLimit }), (req, res, next) =>
    requests.run(res.locals.mesh!, () => graphql(req, res, next)),
  );
  app.use(notFoundHandler());
  app.use(errorHandler(logger, bodyLimit));

  try {
    await listen(httpServer, options.host, options.port);
  } catch (error) {
    await apollo.stop();
    throw listenError(name, options.host, options.port, error);
  }
  const port = (httpServer.address() as { port: number }).port;
  const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}/graphql`;
  logger.info({ url }, `${name} listening`);
  return { name, url, port, close: () => apollo.stop() };
}

/** Answers from /graphql are for one caller and may hold personal data: no cache keeps them. */
const noStore: express.RequestHandler = (_req, res, next) => {
  res.setHeader("cache-control", "no-store");
  next();
};

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function listenError(name: string, host: string, port: number, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    return new ServiceUnavailableError(
      `${name} cannot listen on ${host}:${port}: the port is already in use; set MESH_PORT to move the gateway and the subgraphs after it`,
      { cause: error },
    );
  }
  return new ServiceUnavailableError(`${name} cannot listen on ${host}:${port}: ${(error as Error).message}`, { cause: error });
}
