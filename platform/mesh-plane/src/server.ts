import type pg from "pg";
import { startGraphQLServer, type RunningServer, type ServerSettings } from "@mesh/http";
import { ProductRegistry } from "./product-registry.js";
import { createMeshPlaneSchema } from "./schema.js";
import type { SynthesisService } from "./synthesis.js";

export interface MeshPlaneServerOptions extends ServerSettings {
  /** The database holding `mesh_plane.data_products` (see `migrateMeshPlane`) and `platform.access_audit`. */
  pool: pg.Pool;
  /** The product entity types of the domain subgraphs (`CardiologyDataProduct`, …). */
  productTypes: readonly string[];
  /** The synthesis job queue behind the synthesis mutations. */
  synthesis?: SynthesisService;
}

/** Serves the mesh plane's subgraph over HTTP the way every Mesh server runs: a verified bearer token on every request. */
export function startMeshPlane(options: MeshPlaneServerOptions): Promise<RunningServer> {
  const { pool, productTypes, synthesis, verifier, audit, host, port, corsOrigins, introspection, logger } = options;
  return startGraphQLServer({
    name: "mesh-plane",
    schema: createMeshPlaneSchema({
      registry: new ProductRegistry(pool),
      auditLog: pool,
      productTypes,
      ...(synthesis ? { synthesis } : {}),
    }),
    verifier,
    ...(audit ? { audit } : {}),
    host,
    port,
    corsOrigins,
    introspection,
    logger: logger.child({ subgraph: "mesh-plane" }),
  });
}
