export { composeSupergraph, type ComposedSupergraph, type SubgraphSource } from "./compose.js";
export {
  checkSupergraphFresh,
  composeFromConfig,
  readSupergraphConfig,
  writeSupergraph,
  type SubgraphEntry,
} from "./supergraph-config.js";
export { DEFAULT_LIMITS, type QueryLimits } from "./limits.js";
export { startGateway, type GatewayOptions } from "./gateway.js";
