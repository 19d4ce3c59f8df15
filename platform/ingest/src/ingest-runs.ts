import type pg from "pg";

/** When a dataset last completed a load (`platform.ingest_runs`), or null if it never has. */
export async function lastLoadedAt(pool: pg.Pool, datasetUrn: string): Promise<Date | null> {
  const result = await pool.query<{ at: Date | null }>(
    "select max(finished_at) as at from platform.ingest_runs where dataset_urn = $1 and status = 'completed'",
    [datasetUrn],
  );
  return result.rows[0]?.at ?? null;
}
