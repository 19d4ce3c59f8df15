import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { printMeshPlaneSdl } from "./type-defs.js";

/** The committed SDL of the mesh plane, which the gateway composes from (the package's `schema.graphql`). */
export const MESH_PLANE_SCHEMA_FILE = fileURLToPath(new URL("../schema.graphql", import.meta.url));

/** Writes `printMeshPlaneSdl(productTypes)` to `file` (`mesh schema --write`); returns what it wrote. */
export async function writeMeshPlaneSchemaFile(productTypes: readonly string[], file = MESH_PLANE_SCHEMA_FILE): Promise<string> {
  const sdl = printMeshPlaneSdl(productTypes);
  await writeFile(file, sdl);
  return sdl;
}
