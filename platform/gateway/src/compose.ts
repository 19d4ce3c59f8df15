import { composeServices } from "@apollo/composition";
import { GraphQLError, parse, type DocumentNode } from "graphql";
import { ContractViolationError, type Problem } from "@mesh/core";

/** One subgraph as composition needs it: its name, where the gateway routes to it, its SDL. */
export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

export interface ComposedSupergraph {
  /** The supergraph SDL Apollo Gateway (or Apollo Router) runs on. */
  supergraphSdl: string;
  /** Composition's hints: not errors, but worth a look (e.g. a field that is inconsistent across subgraphs). */
  hints: string[];
}

/**
 * Composes the subgraphs into a supergraph with Apollo Federation 2 composition, as rover would,
 * so that the gateway runs on a static, reviewed supergraph instead of introspecting live
 * subgraphs at start. Throws a `ContractViolationError` listing every problem: each subgraph SDL
 * that does not parse, or else every composition error.
 */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): ComposedSupergraph {
  const problems: Problem[] = [];
  const services: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  for (const subgraph of subgraphs) {
    try {
      services.push({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      problems.push({ path: subgraph.name, message: error.message });
    }
  }
  if (problems.length === 0) {
    const result = composeServices(services);
    if (result.errors === undefined) {
      return {
        supergraphSdl: result.supergraphSdl,
        hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`),
      };
    }
    for (const error of result.errors)
      problems.push({ path: String(error.extensions.code ?? "composition"), message: error.message });
  }
  throw new ContractViolationError(
    `the subgraphs ${subgraphs.map((s) => s.name).join(", ")} do not compose into a supergraph`,
    problems,
  );
}
