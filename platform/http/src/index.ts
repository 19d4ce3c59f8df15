export type { MeshContext } from "./context.js";
export { formatGraphQLError } from "./format-error.js";
export {
  startGraphQLServer,
  type GatewayInterface,
  type GraphQLServerOptions,
  type RunningServer,
  type ServerSettings,
} from "./server.js";
