export { MESH_PLANE_SCHEMA, meshPlaneMigrations, migrateMeshPlane } from "./migrate.js";
export {
  ProductRegistry,
  type ProductQuery,
  type ProductRegistration,
  type RegisteredDataset,
  type RegisterOutcome,
} from "./product-registry.js";
export { meshPlaneTypeDefs, printMeshPlaneSdl } from "./type-defs.js";
export { createMeshPlaneSchema, type MeshPlaneContext, type MeshPlaneSchemaOptions } from "./schema.js";
export { MESH_PLANE_SCHEMA_FILE } from "./schema-file.js";
export { startMeshPlane, type MeshPlaneServerOptions } from "./server.js";
export type { SynthesisJobView, SynthesisRequest, SynthesisService } from "./synthesis.js";
