import type { MeshContext } from "@mesh/http";

/** What the mesh plane's resolvers use of a request's context: the caller's access, and the request's logger. */
export type MeshPlaneContext = Pick<MeshContext, "access" | "logger">;

export type Nullable<T> = { [K in keyof T]?: T[K] | null };

/** The arguments given a value: to the plane's resolvers an absent argument and a null one mean the same. */
export const given = <T extends object>(args: Nullable<T>) =>
  Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null && value !== undefined)) as T;
