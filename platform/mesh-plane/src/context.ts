import type { MeshContext } from "@mesh/http";

/** What the mesh plane's resolvers use of a request's context: the caller's access, and the request's logger. */
export type MeshPlaneContext = Pick<MeshContext, "access" | "logger">;
