import { ApolloGateway } from "@apollo/gateway";
import { Kind, parse, type EnumTypeDefinitionNode } from "graphql";
import { InputError } from "@mesh/core";
import { startGraphQLServer, type GraphQLServerOptions, type RunningServer, type ServerSettings } from "@mesh/http";
import { DEFAULT_LIMITS, limitOptions, type QueryLimits } from "./limits.js";
import { SubgraphDataSource } from "./subgraph-data-source.js";

export interface GatewayOptions extends ServerSettings {
  /** The composed supergraph (deploy/supergraph.graphql): the gateway never introspects subgraphs. */
  supergraphSdl: string;
  /** Routing URLs by subgraph name, replacing the supergraph's (so that ports are configurable). */
  subgraphUrls: Record<string, string>;
  /** Defaults: DEFAULT_LIMITS (platform/gateway/README.md); any number given replaces its default. */
  limits?: Partial<QueryLimits>;
  /**
   * Extra HTTP routes on the gateway (the composition root mounts the OpenLineage endpoint here),
   * passed through to the HTTP edge; `authenticate` admits only a verified bearer token.
   */
  routes?: GraphQLServerOptions["routes"];
}

/**
 * Starts the mesh's one public GraphQL endpoint: Apollo Gateway on a static supergraph, behind the
 * same HTTP edge as every subgraph (@mesh/http: tokens verified first, CORS, CSRF, no batching,
 * one error mapping), with query limits checked before any subgraph is called.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const names = supergraphSubgraphs(options.supergraphSdl);
  const unknown = Object.keys(options.subgraphUrls).filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new InputError(
      `subgraphUrls names ${unknown.join(", ")}, not in the supergraph; its subgraphs are ${names.join(", ")}`,
    );
  }
  const logger = options.logger;
  // @apollo/gateway otherwise sends usage telemetry to Apollo (and probes cloud metadata
  // endpoints to describe the machine): nothing leaves a Mesh deployment unasked.
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: logger.child({ component: "apollo-gateway" }),
    buildService: ({ name, url }) => new SubgraphDataSource({ name, url: options.subgraphUrls[name] ?? url! }, logger),
  });
  const limits = limitOptions({ ...DEFAULT_LIMITS, ...options.limits });
  return startGraphQLServer({
    name: "gateway",
    gateway,
    verifier: options.verifier,
    audit: options.audit,
    host: options.host,
    port: options.port,
    corsOrigins: options.corsOrigins,
    introspection: options.introspection,
    logger,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    routes: options.routes,
  });
}

/** The names of the subgraphs a supergraph routes to, from its `join__Graph` enum. */
function supergraphSubgraphs(supergraphSdl: string): string[] {
  const graphs = parse(supergraphSdl).definitions.find(
    (definition): definition is EnumTypeDefinitionNode =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === "join__Graph",
  );
  if (!graphs) throw new InputError("the supergraph SDL has no join__Graph enum: it is not a composed supergraph");
  return (graphs.values ?? []).map((value) => {
    const name = value.directives
      ?.find((directive) => directive.name.value === "join__graph")
      ?.arguments?.find((argument) => argument.name.value === "name")?.value;
    return name?.kind === Kind.STRING ? name.value : value.name.value;
  });
}
