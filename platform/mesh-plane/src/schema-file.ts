import { fileURLToPath } from "node:url";

/**
 * The committed SDL of the mesh plane (the package's `schema.graphql`), which the gateway composes
 * from; `pnpm schema:write` writes `printMeshPlaneSdl(<the domains' product types>)` there.
 */
export const MESH_PLANE_SCHEMA_FILE = fileURLToPath(new URL("../schema.graphql", import.meta.url));
