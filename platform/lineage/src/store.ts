import { createHash } from "node:crypto";
import type pg from "pg";
import { openSchema, type DataSource } from "@mesh/storage";
import { CreateLineageStore1764000000000 } from "./migrations/create-lineage-store.js";
import { CreateLineageOutbox1764000000001 } from "./migrations/create-lineage-outbox.js";
import type { ColumnLineageDatasetFacet, EventType, LineageEvent, ParentRunFacet } from "./types.js";

/** The lineage schema's migrations, in order. */
export const lineageMigrations = [CreateLineageStore1764000000000, CreateLineageOutbox1764000000001] as const;

/** Creates the `lineage` schema when missing and runs its pending migrations. */
export async function migrateLineage(url: string): Promise<void> {
  const dataSource: DataSource = await openSchema(url, { schema: "lineage", migrations: [...lineageMigrations] });
  await dataSource.destroy();
}

export interface IngestResult {
  /** Events new to the store (their facts merged into the graph). */
  stored: number;
  /** Events already stored, or repeated in the batch: nothing changed for them. */
  duplicates: number;
}

/** JSON with object keys sorted at every level: the same event always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

type Facets = Record<string, unknown>;
const TERMINAL: ReadonlySet<string> = new Set(["COMPLETE", "FAIL", "ABORT"]);
/** Which event decides a run's state: a terminal one over START/RUNNING, then the later one; OTHER never. */
const rankOf = (type: EventType | undefined): number => (!type || type === "OTHER" ? 0 : TERMINAL.has(type) ? 2 : 1);
const key = (...parts: string[]) => parts.join("\u0000");
const time = (event: LineageEvent) => new Date(event.eventTime).getTime();

interface Entity {
  namespace: string;
  name: string;
  facets: Facets;
  at: number;
}
interface RunRow {
  runId: string;
  jobNamespace: string;
  jobName: string;
  state: string | null;
  rank: number;
  stateAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  parentRunId: string | null;
  facets: Facets;
  at: number;
}
interface EdgeRow {
  runId: string;
  direction: "input" | "output";
  namespace: string;
  name: string;
  facets: Facets;
  at: number;
}
interface ColumnRow {
  out: [string, string, string];
  in: [string, string, string];
  transformations: unknown[];
  runId: string | null;
  at: number;
}

/** What a batch of new events adds to the graph, merged per key (in event-time order). */
class GraphDelta {
  jobs = new Map<string, Entity>();
  datasets = new Map<string, Entity>();
  runs = new Map<string, RunRow>();
  edges = new Map<string, EdgeRow>();
  columns = new Map<string, ColumnRow>();

  add(event: LineageEvent): void {
    const at = time(event);
    const e = event as Partial<{
      run: { runId: string; facets?: Facets };
      job: { namespace: string; name: string; facets?: Facets };
    }> &
      LineageEvent;
    const datasets: Array<{ namespace: string; name: string; facets?: Facets }> = [];
    if ("dataset" in event) datasets.push(event.dataset);
    if (e.job) this.entity(this.jobs, e.job.namespace, e.job.name, e.job.facets, at);
    const inputs = ("inputs" in event ? event.inputs : undefined) ?? [];
    const outputs = ("outputs" in event ? event.outputs : undefined) ?? [];
    datasets.push(...inputs, ...outputs);
    for (const d of datasets) {
      this.entity(this.datasets, d.namespace, d.name, d.facets, at);
      const lineage = d.facets?.columnLineage as ColumnLineageDatasetFacet | undefined;
      this.columnLineage(d, lineage, e.run?.runId ?? null, at);
    }
    if (!e.run || !e.job) return;
    const runId = e.run.runId.toLowerCase();
    const type = (event as { eventType?: EventType }).eventType;
    const parent = (e.run.facets?.parent as ParentRunFacet | undefined)?.run?.runId ?? null;
    const incoming: RunRow = {
      runId,
      jobNamespace: e.job.namespace,
      jobName: e.job.name,
      state: rankOf(type) > 0 ? type! : null,
      rank: rankOf(type),
      stateAt: rankOf(type) > 0 ? at : null,
      startedAt: type === "START" ? at : null,
      endedAt: type && TERMINAL.has(type) ? at : null,
      parentRunId: parent,
      facets: e.run.facets ?? {},
      at,
    };
    const known = this.runs.get(runId);
    this.runs.set(runId, known ? mergeRuns(known, incoming) : incoming);
    for (const [direction, list] of [
      ["input", inputs],
      ["output", outputs],
    ] as const) {
      for (const d of list) {
        const facets = ((direction === "input"
          ? (d as { inputFacets?: Facets }).inputFacets
          : (d as { outputFacets?: Facets }).outputFacets) ?? {}) as Facets;
        const k = key(runId, direction, d.namespace, d.name);
        const edge = this.edges.get(k);
        this.edges.set(k, {
          runId,
          direction,
          namespace: d.namespace,
          name: d.name,
          facets: edge ? mergeFacets(edge.facets, edge.at, facets, at) : facets,
          at: Math.max(edge?.at ?? at, at),
        });
      }
    }
  }

  private entity(map: Map<string, Entity>, namespace: string, name: string, facets: Facets | undefined, at: number) {
    const k = key(namespace, name);
    const known = map.get(k);
    map.set(k, {
      namespace,
      name,
      facets: known ? mergeFacets(known.facets, known.at, facets ?? {}, at) : (facets ?? {}),
      at: Math.max(known?.at ?? at, at),
    });
  }

  private columnLineage(
    output: { namespace: string; name: string },
    facet: ColumnLineageDatasetFacet | undefined,
    runId: string | null,
    at: number,
  ) {
    for (const [field, entry] of Object.entries(facet?.fields ?? {})) {
      for (const input of entry.inputFields ?? []) {
        const row: ColumnRow = {
          out: [output.namespace, output.name, field],
          in: [input.namespace, input.name, input.field],
          transformations: input.transformations ?? [],
          runId: runId?.toLowerCase() ?? null,
          at,
        };
        const k = key(...row.out, ...row.in);
        const known = this.columns.get(k);
        if (!known || known.at <= at) this.columns.set(k, row);
      }
    }
  }
}

function mergeFacets(a: Facets, aAt: number, b: Facets, bAt: number): Facets {
  return bAt >= aAt ? { ...a, ...b } : { ...b, ...a };
}

function mergeRuns(a: RunRow, b: RunRow): RunRow {
  const bWins = b.rank > a.rank || (b.rank === a.rank && b.rank > 0 && (b.stateAt ?? 0) >= (a.stateAt ?? 0));
  const min = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y));
  const max = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  return {
    ...a,
    state: bWins ? b.state : a.state,
    rank: bWins ? b.rank : a.rank,
    stateAt: bWins ? b.stateAt : a.stateAt,
    startedAt: min(a.startedAt, b.startedAt),
    endedAt: max(a.endedAt, b.endedAt),
    parentRunId: b.parentRunId ?? a.parentRunId,
    facets: mergeFacets(a.facets, a.at, b.facets, b.at),
    at: Math.max(a.at, b.at),
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

// Facets merge by event time: a later event's facet replaces an earlier one's under the same key,
// whatever order the events arrive in.
const MERGE_FROM = (table: string) => `case when x.updated_at >= ${table}.updated_at
  then ${table}.facets || x.facets else x.facets || ${table}.facets end`;
const MERGE = (table: string) => `case when excluded.updated_at >= ${table}.updated_at
  then ${table}.facets || excluded.facets else excluded.facets || ${table}.facets end`;

export interface LineageStoreOptions {
  /** Transactions in flight at once (default 4); requests arriving meanwhile join the next one. */
  maxConcurrentTransactions?: number;
  /** The most events one transaction takes (default 1,000). */
  maxBatchEvents?: number;
}

interface Pending {
  events: readonly LineageEvent[];
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The OpenLineage event store. `ingest` stores a batch in one transaction with one multi-row
 * statement per table (rows sorted by key, so concurrent batches lock in the same order).
 * Concurrent calls are grouped: while `maxConcurrentTransactions` transactions are in flight,
 * the batches that arrive wait and then share one transaction (group commit), each caller still
 * getting its own `{ stored, duplicates }`; a failed transaction fails every caller in it.
 */
export class LineageStore {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private readonly maxConcurrent: number;
  private readonly maxBatch: number;

  constructor(
    private readonly pool: pg.Pool,
    options: LineageStoreOptions = {},
  ) {
    this.maxConcurrent = Math.max(1, options.maxConcurrentTransactions ?? 4);
    this.maxBatch = Math.max(1, options.maxBatchEvents ?? 1_000);
  }

  ingest(events: readonly LineageEvent[]): Promise<IngestResult> {
    if (events.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 });
    return new Promise<IngestResult>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxConcurrent && this.queue.length > 0) {
      const group: Pending[] = [this.queue.shift()!];
      let size = group[0]!.events.length;
      while (this.queue.length > 0 && size + this.queue[0]!.events.length <= this.maxBatch) {
        const next = this.queue.shift()!;
        size += next.events.length;
        group.push(next);
      }
      this.inFlight++;
      void this.run(group).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async run(group: Pending[]): Promise<void> {
    try {
      // One statement: atomic on its own, no begin/commit round trips.
      const fresh = await storeEvents(
        this.pool,
        group.flatMap((p) => p.events),
      );
      let offset = 0;
      for (const pending of group) {
        const mine = fresh.slice(offset, offset + pending.events.length);
        offset += pending.events.length;
        const stored = mine.filter(Boolean).length;
        pending.resolve({ stored, duplicates: mine.length - stored });
      }
    } catch (error) {
      for (const pending of group) pending.reject(error);
    }
  }

  /**
   * Retention: deletes the raw events received before `olderThan` (a date, or an age in
   * milliseconds), in slices of 10,000 rows so that no lock is held long. The graph derived from
   * them (jobs, datasets, runs, edges, column lineage, their facets) stays. Returns how many
   * events were deleted. A pruned event sent again is stored again; merging it changes nothing.
   */
  async pruneEvents(olderThan: Date | number): Promise<number> {
    const cutoff = typeof olderThan === "number" ? new Date(Date.now() - olderThan) : olderThan;
    let deleted = 0;
    for (;;) {
      const result = await this.pool.query(
        `delete from lineage.events where id in
           (select id from lineage.events where received_at < $1 order by id limit 10000)`,
        [cutoff.toISOString()],
      );
      deleted += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < 10000) return deleted;
    }
  }
}

type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, "query">;

/** Stores `events` through `client` (inside the caller's transaction, if it has one open). */
export async function ingestInto(client: pg.PoolClient | pg.Client, events: readonly LineageEvent[]): Promise<IngestResult> {
  const fresh = await storeEvents(client, events);
  const stored = fresh.filter(Boolean).length;
  return { stored, duplicates: events.length - stored };
}

/** Stores the events new to the store and merges them into the graph; per event, whether it was new. */
async function storeEvents(client: Queryable, events: readonly LineageEvent[]): Promise<boolean[]> {
  const unique = new Map<string, { event: LineageEvent; text: string; index: number }>();
  events.forEach((event, index) => {
    const text = canonicalJson(event);
    const hash = createHash("sha256").update(text).digest("hex");
    if (!unique.has(hash)) unique.set(hash, { event, text, index });
  });
  const rows = [...unique.entries()];
  // One statement, so one round trip and atomic without an explicit transaction: the raw events
  // (those already stored are skipped), then the graph merged from every event of the batch.
  // Merging an event already stored again changes nothing (each merge keeps the later fact), so
  // the graph need not wait to learn which events were new.
  const statement = new CombinedStatement();
  statement.add(
    `insert into lineage.events (hash, event_time, event_type, run_id, job_namespace, job_name, event)
     select decode(h, 'hex'), t, et, r, jn, jname, e from unnest($1::text[], $2::timestamptz[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[])
       as x(h, t, et, r, jn, jname, e)
     on conflict (hash) do nothing
     returning encode(hash, 'hex') as hash`,
    [
      rows.map(([h]) => h),
      rows.map(([, { event }]) => event.eventTime),
      rows.map(([, { event }]) => (event as { eventType?: string }).eventType ?? null),
      rows.map(([, { event }]) => ("run" in event ? event.run.runId : null)),
      rows.map(([, { event }]) => ("job" in event ? event.job.namespace : null)),
      rows.map(([, { event }]) => ("job" in event ? event.job.name : null)),
      rows.map(([, { text }]) => text),
    ],
  );
  const delta = new GraphDelta();
  for (const { event } of [...unique.values()].sort((x, y) => time(x.event) - time(y.event))) delta.add(event);
  addDelta(statement, delta);
  const inserted = await statement.run<{ hash: string }>(client, "select hash from s0");
  const freshIndexes = new Set(inserted.map((r) => unique.get(r.hash)!.index));
  return events.map((_, i) => freshIndexes.has(i));
}

function addDelta(statement: CombinedStatement, delta: GraphDelta): void {
  // Every statement below goes to the server with the events' insert, as one (data-modifying
  // CTEs). They see the same snapshot, so an update never sees a row that a sibling insert adds,
  // which is what is wanted (a new row already holds its facets).
  // Many runs share a job and its datasets: an upsert on every event would serialise every
  // transaction on those rows. New rows are inserted; an existing row is updated (and locked)
  // only when the event brings a facet it does not already hold. `updated_at` is thus the event
  // time of the last change.
  for (const [table, map] of [
    ["jobs", delta.jobs],
    ["datasets", delta.datasets],
  ] as const) {
    const rows = sorted(map);
    if (rows.length === 0) continue;
    const params = [
      rows.map((r) => r.namespace),
      rows.map((r) => r.name),
      rows.map((r) => JSON.stringify(r.facets)),
      rows.map((r) => iso(r.at)),
    ];
    statement.add(
      `insert into lineage.${table} (namespace, name, facets, updated_at)
       select * from unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[])
       on conflict (namespace, name) do nothing`,
      params,
    );
    statement.add(
      `update lineage.${table} set facets = ${MERGE_FROM(table)}, updated_at = greatest(${table}.updated_at, x.updated_at)
       from unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[]) as x(namespace, name, facets, updated_at)
       where ${table}.namespace = x.namespace and ${table}.name = x.name and not ${table}.facets @> x.facets`,
      params,
    );
  }
  const runs = sorted(delta.runs);
  if (runs.length > 0) {
    statement.add(
      `insert into lineage.runs (run_id, job_namespace, job_name, state, state_rank, state_time, started_at, ended_at,
         parent_run_id, facets, updated_at)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::timestamptz[],
         $7::timestamptz[], $8::timestamptz[], $9::uuid[], $10::jsonb[], $11::timestamptz[])
       on conflict (run_id) do update set
         state = case when (excluded.state_rank, excluded.state_time) > (runs.state_rank, coalesce(runs.state_time, '-infinity'))
           then excluded.state else runs.state end,
         state_time = case when (excluded.state_rank, excluded.state_time) > (runs.state_rank, coalesce(runs.state_time, '-infinity'))
           then excluded.state_time else runs.state_time end,
         state_rank = greatest(runs.state_rank, excluded.state_rank),
         started_at = least(runs.started_at, excluded.started_at),
         ended_at = greatest(runs.ended_at, excluded.ended_at),
         parent_run_id = coalesce(excluded.parent_run_id, runs.parent_run_id),
         facets = ${MERGE("runs")},
         updated_at = greatest(runs.updated_at, excluded.updated_at)`,
      [
        runs.map((r) => r.runId),
        runs.map((r) => r.jobNamespace),
        runs.map((r) => r.jobName),
        runs.map((r) => r.state),
        runs.map((r) => r.rank),
        runs.map((r) => iso(r.stateAt)),
        runs.map((r) => iso(r.startedAt)),
        runs.map((r) => iso(r.endedAt)),
        runs.map((r) => r.parentRunId),
        runs.map((r) => JSON.stringify(r.facets)),
        runs.map((r) => iso(r.at)),
      ],
    );
  }
  const edges = sorted(delta.edges);
  if (edges.length > 0) {
    statement.add(
      `insert into lineage.run_datasets (run_id, direction, namespace, name, facets, updated_at)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[])
       on conflict (run_id, direction, namespace, name) do update set
         facets = ${MERGE("run_datasets")}, updated_at = greatest(run_datasets.updated_at, excluded.updated_at)`,
      [
        edges.map((r) => r.runId),
        edges.map((r) => r.direction),
        edges.map((r) => r.namespace),
        edges.map((r) => r.name),
        edges.map((r) => JSON.stringify(r.facets)),
        edges.map((r) => iso(r.at)),
      ],
    );
  }
  const columns = sorted(delta.columns);
  if (columns.length > 0) {
    const params = [
      ...[0, 1, 2].map((i) => columns.map((c) => c.out[i]!)),
      ...[0, 1, 2].map((i) => columns.map((c) => c.in[i]!)),
      columns.map((c) => JSON.stringify(c.transformations)),
      columns.map((c) => c.runId),
      columns.map((c) => iso(c.at)),
    ];
    const x = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::uuid[], $9::timestamptz[])`;
    statement.add(
      `insert into lineage.column_lineage (output_namespace, output_name, output_field, input_namespace, input_name, input_field,
         transformations, run_id, updated_at)
       select * from ${x}
       on conflict (output_namespace, output_name, output_field, input_namespace, input_name, input_field) do nothing`,
      params,
    );
    // As for jobs and datasets: an edge changes (and is locked) only when a later event describes
    // its transformations differently; \`run_id\` is the run that last changed it.
    statement.add(
      `update lineage.column_lineage c set transformations = x.transformations, run_id = x.run_id, updated_at = x.updated_at
       from ${x} as x(output_namespace, output_name, output_field, input_namespace, input_name, input_field, transformations, run_id, updated_at)
       where (c.output_namespace, c.output_name, c.output_field, c.input_namespace, c.input_name, c.input_field)
           = (x.output_namespace, x.output_name, x.output_field, x.input_namespace, x.input_name, x.input_field)
         and c.transformations is distinct from x.transformations and x.updated_at >= c.updated_at`,
      params,
    );
  }
}

/** Several statements sent as one: `with s0 as (…), s1 as (…) select 1`, parameters renumbered. */
class CombinedStatement {
  private readonly parts: string[] = [];
  private readonly params: unknown[] = [];

  add(sql: string, params: unknown[]): void {
    const offset = this.params.length;
    this.parts.push(`s${this.parts.length} as (${sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`);
    this.params.push(...params);
  }

  async run<R extends pg.QueryResultRow>(client: Queryable, select: string): Promise<R[]> {
    const text = `with ${this.parts.join(",\n")} ${select}`;
    // Named, so that each connection parses and plans a statement of a given shape once (the
    // shape depends only on which tables a batch touches: a handful of texts in all).
    const name = `lineage_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    return (await client.query<R>({ name, text, values: this.params })).rows;
  }
}
