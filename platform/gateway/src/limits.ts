import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, type ValidationContext, type ValidationRule } from "graphql";

/**
 * What one query may ask of the mesh, checked at the gateway before anything runs (numbers and
 * reasons in platform/gateway/README.md).
 */
export interface QueryLimits {
  /** Nesting of fields (introspection excluded). */
  maxDepth: number;
  /** Aliased fields in the whole operation (`__typename` aliases excluded). */
  maxAliases: number;
  /** Lexical tokens of the document: bounds parse and validation work, and field duplication. */
  maxTokens: number;
  /** graphql-armor's cost: about the number of values the query can return (`first`/`last` multiply). */
  maxCost: number;
  /** Directives in the whole operation. */
  maxDirectives: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 20,
  maxTokens: 400,
  maxCost: 20_000,
  maxDirectives: 20,
};

/** Reports a limit as a validation error (HTTP 400, GRAPHQL_VALIDATION_FAILED), without armor's misleading "Syntax Error: " prefix. */
const report = (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, "")));

/**
 * The limits as Apollo Server options: graphql-armor's validation rules for depth, aliases, cost
 * and directives, and graphql-js's own token limit for parsing (graphql-armor's token plugin
 * throws during Apollo's parsing hook, which Apollo answers with a 500). Field suggestions are
 * not armor's job here: @mesh/http hides them whenever introspection is off.
 */
export function limitOptions(limits: QueryLimits): { validationRules: ValidationRule[]; parseOptions: { maxTokens: number } } {
  const reject = { propagateOnRejection: false, onReject: [report] };
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...reject },
    maxAliases: { n: limits.maxAliases, ...reject },
    maxDirectives: { n: limits.maxDirectives, ...reject },
    costLimit: { maxCost: limits.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1, ...reject },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}
