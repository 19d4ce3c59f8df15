import type pg from "pg";

export type LineageNodeKind = "DATASET" | "JOB";
export type LineageDirection = "UPSTREAM" | "DOWNSTREAM" | "BOTH";

export interface LineageNodeRef {
  kind: LineageNodeKind;
  namespace: string;
  name: string;
}

export interface LineageRunSummary {
  runId: string;
  state: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** The run's facets (e.g. mesh_synthesizer, mesh_privacy, errorMessage). */
  facets: Record<string, unknown>;
}

export interface LineageNode extends LineageNodeRef {
  /** `dataset:<namespace>/<name>` or `job:<namespace>/<name>`. */
  id: string;
  facets: Record<string, unknown>;
  /** For a job: its latest run. */
  latestRun: LineageRunSummary | null;
}

export interface LineageGraph {
  nodes: LineageNode[];
  /** Data flows `from` → `to`: a dataset into the job that read it, a job into the dataset it wrote. */
  edges: Array<{ from: string; to: string }>;
  /** Whether `depth` or `maxNodes` stopped the walk before the graph ended. */
  truncated: boolean;
}

export const MAX_LINEAGE_DEPTH = 20;

export const nodeId = (ref: LineageNodeRef): string => `${ref.kind === "JOB" ? "job" : "dataset"}:${ref.namespace}/${ref.name}`;

/**
 * The lineage graph around a dataset or job, walked breadth first up to `depth` steps (a dataset
 * to its jobs is one step, a job to its datasets another) in one or both directions, from the
 * runs the store has merged. Bounded by `maxNodes`, so that a large graph stays usable.
 */
export async function lineageGraph(
  pool: pg.Pool,
  start: LineageNodeRef,
  options: { direction?: LineageDirection; depth?: number; maxNodes?: number } = {},
): Promise<LineageGraph> {
  const direction = options.direction ?? "BOTH";
  const depth = Math.min(Math.max(options.depth ?? 3, 0), MAX_LINEAGE_DEPTH);
  const maxNodes = options.maxNodes ?? 500;
  const seen = new Map<string, LineageNodeRef>([[nodeId(start), start]]);
  const edges = new Map<string, { from: string; to: string }>();
  let frontier: LineageNodeRef[] = [start];
  let truncated = false;
  for (let step = 0; step < depth && frontier.length > 0; step++) {
    const next: LineageNodeRef[] = [];
    for (const node of frontier) {
      for (const way of direction === "BOTH" ? (["UPSTREAM", "DOWNSTREAM"] as const) : [direction]) {
        for (const neighbour of await neighbours(pool, node, way)) {
          const [from, to] = way === "UPSTREAM" ? [nodeId(neighbour), nodeId(node)] : [nodeId(node), nodeId(neighbour)];
          edges.set(`${from}→${to}`, { from, to });
          if (seen.has(nodeId(neighbour))) continue;
          if (seen.size >= maxNodes) {
            truncated = true;
            continue;
          }
          seen.set(nodeId(neighbour), neighbour);
          next.push(neighbour);
        }
      }
    }
    frontier = next;
    if (step === depth - 1 && frontier.length > 0) {
      for (const node of frontier) {
        for (const way of direction === "BOTH" ? (["UPSTREAM", "DOWNSTREAM"] as const) : [direction]) {
          if ((await neighbours(pool, node, way)).some((n) => !seen.has(nodeId(n)))) truncated = true;
        }
      }
    }
  }
  const nodes = await Promise.all([...seen.values()].map((ref) => describe(pool, ref)));
  const known = new Set(nodes.map((n) => n.id));
  return { nodes, edges: [...edges.values()].filter((e) => known.has(e.from) && known.has(e.to)), truncated };
}

/** Column-level lineage into a dataset: each output column and the input columns it came from. */
export async function columnLineage(
  pool: pg.Pool,
  dataset: { namespace: string; name: string },
): Promise<Array<{ field: string; inputNamespace: string; inputName: string; inputField: string; transformations: unknown[] }>> {
  const result = await pool.query<{
    field: string;
    input_namespace: string;
    input_name: string;
    input_field: string;
    transformations: unknown[];
  }>(
    `select output_field as field, input_namespace, input_name, input_field, transformations from lineage.column_lineage
     where output_namespace = $1 and output_name = $2 order by output_field, input_namespace, input_name, input_field`,
    [dataset.namespace, dataset.name],
  );
  return result.rows.map((r) => ({
    field: r.field,
    inputNamespace: r.input_namespace,
    inputName: r.input_name,
    inputField: r.input_field,
    transformations: r.transformations,
  }));
}

async function neighbours(pool: pg.Pool, node: LineageNodeRef, way: "UPSTREAM" | "DOWNSTREAM"): Promise<LineageNodeRef[]> {
  if (node.kind === "DATASET") {
    // Upstream of a dataset: the jobs that wrote it; downstream: the jobs that read it.
    const result = await pool.query<{ namespace: string; name: string }>(
      `select distinct r.job_namespace as namespace, r.job_name as name
       from lineage.run_datasets d join lineage.runs r on r.run_id = d.run_id
       where d.namespace = $1 and d.name = $2 and d.direction = $3 order by 1, 2`,
      [node.namespace, node.name, way === "UPSTREAM" ? "output" : "input"],
    );
    return result.rows.map((r) => ({ kind: "JOB", ...r }));
  }
  const result = await pool.query<{ namespace: string; name: string }>(
    `select distinct d.namespace, d.name
     from lineage.runs r join lineage.run_datasets d on d.run_id = r.run_id
     where r.job_namespace = $1 and r.job_name = $2 and d.direction = $3 order by 1, 2`,
    [node.namespace, node.name, way === "UPSTREAM" ? "input" : "output"],
  );
  return result.rows.map((r) => ({ kind: "DATASET", ...r }));
}

async function describe(pool: pg.Pool, ref: LineageNodeRef): Promise<LineageNode> {
  const table = ref.kind === "JOB" ? "lineage.jobs" : "lineage.datasets";
  const facets = await pool.query<{ facets: Record<string, unknown> }>(
    `select facets from ${table} where namespace = $1 and name = $2`,
    [ref.namespace, ref.name],
  );
  let latestRun: LineageRunSummary | null = null;
  if (ref.kind === "JOB") {
    const run = await pool.query<{
      run_id: string;
      state: string | null;
      started_at: Date | null;
      ended_at: Date | null;
      facets: Record<string, unknown>;
    }>(
      `select run_id, state, started_at, ended_at, facets from lineage.runs
       where job_namespace = $1 and job_name = $2 order by coalesce(started_at, updated_at) desc limit 1`,
      [ref.namespace, ref.name],
    );
    const row = run.rows[0];
    if (row) {
      latestRun = {
        runId: row.run_id,
        state: row.state,
        startedAt: row.started_at?.toISOString() ?? null,
        endedAt: row.ended_at?.toISOString() ?? null,
        facets: row.facets,
      };
    }
  }
  return { ...ref, id: nodeId(ref), facets: facets.rows[0]?.facets ?? {}, latestRun };
}
