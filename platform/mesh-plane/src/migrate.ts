import { openSchema, type MigrationInterface } from "@mesh/storage";
import { CreateDataProducts1763900000100 } from "./migrations/create-data-products.js";

/** The mesh plane's own schema: it moves to a database of its own with its history intact. */
export const MESH_PLANE_SCHEMA = "mesh_plane";

/** Migrations of the `mesh_plane` schema, in order. */
export const meshPlaneMigrations: ReadonlyArray<new () => MigrationInterface> = [CreateDataProducts1763900000100];

/** Creates the `mesh_plane` schema when missing and runs its pending migrations. */
export async function migrateMeshPlane(url: string): Promise<void> {
  const dataSource = await openSchema(url, { schema: MESH_PLANE_SCHEMA, migrations: [...meshPlaneMigrations] });
  await dataSource.destroy();
}
