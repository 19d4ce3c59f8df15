import "reflect-metadata";
import { readFileSync } from "node:fs";
import http from "node:http";
import {
  getNamedType,
  graphql,
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  isNonNullType,
  isObjectType,
  type GraphQLFieldConfigMap,
  type GraphQLOutputType,
} from "graphql";
import type pg from "pg";
import { PostgresAuditSink } from "@mesh/access";
import { createLogger, loadConfig, SUBGRAPH_ORDER, type Logger } from "@mesh/core";
import { startGateway } from "@mesh/gateway";
import { buildDomainSubgraph, fieldName, serveDomain, type Dataset } from "@mesh/kit";
import { logisticsDomain } from "@mesh/logistics";
import { openDatabase } from "@mesh/storage";
import { SUPERGRAPH_FILE } from "../commands/schema.js";
import { tokenVerifier } from "../serve.js";

/**
 * One server of `pnpm bench:graphql`, in a process of its own (forked by graphql-bench.ts):
 *
 * - `baseline <field,…>`: a bare graphql-js schema on node:http (no Apollo, no express, no token, no access
 *   checks) whose one resolver reads the page with one SQL query;
 * - `subgraph`: the logistics subgraph as `mesh up` serves it (`serveDomain`, with the audit sink);
 * - `gateway <subgraph url>`: the gateway on the committed supergraph, logistics routed to that URL.
 *
 * The database is DATABASE_URL (the parent's embedded server), MESH_HOME holds the realm key. It
 * sends `{ url, pid }` over IPC once listening, and stops (then exits) on "stop" or when the
 * parent goes away.
 */
const [target, argument] = process.argv.slice(2) as ["baseline" | "subgraph" | "gateway", string | undefined];
const config = loadConfig();
const logger = createLogger(`bench-${target}`, config.logLevel);
const dataset = logisticsDomain.products[0]!.datasets[0]!;

const db = await openDatabase(config, logger);
let stop: () => Promise<void>;
let url: string;
if (target === "baseline") {
  ({ url, stop } = await startBaseline(db.pool, dataset, argument!.split(","), logger));
} else {
  const { verifier } = await tokenVerifier(config);
  const audit = new PostgresAuditSink(db.pool, { logger: logger.child({ component: "access-audit" }) });
  const { host, corsOrigins, introspection } = config.server;
  const common = { verifier, audit, host, port: 0, corsOrigins, introspection, logger };
  const server =
    target === "subgraph"
      ? await serveDomain(logisticsDomain, { ...common, pool: db.pool })
      : await startGateway({
          ...common,
          supergraphSdl: readFileSync(SUPERGRAPH_FILE, "utf8"),
          // Only logistics is queried; the others point at a closed port, never at a running mesh.
          subgraphUrls: Object.fromEntries(
            SUBGRAPH_ORDER.map((name) => [name, name === logisticsDomain.name ? argument! : "http://127.0.0.1:9/graphql"]),
          ),
        });
  url = server.url;
  stop = async () => {
    await server.close();
    await audit.close();
  };
}

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await stop().catch((error: unknown) => logger.error({ err: error }, "stopping the server failed"));
  await db.close();
  process.exit(0);
};
process.on("message", (message) => {
  if (message === "stop") void shutdown();
});
process.on("disconnect", () => void shutdown());
process.send!({ url, pid: process.pid });

/**
 * The baseline: the record type rebuilt with graphql-js's own constructors (field names and
 * nullability read off the subgraph's type, so that both serve the same shape), the default
 * field resolver, `graphql()` (parse, validate, execute) per request, and one SQL query reading
 * the queried columns of the requested page, in the subgraph's order, with the subgraph's value
 * conversions.
 */
async function startBaseline(
  pool: pg.Pool,
  dataset: Dataset,
  queried: readonly string[],
  logger: Logger,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const subgraph = (await buildDomainSubgraph(logisticsDomain, pool)).schema;
  const query = dataset.records!.query;
  const connectionType = getNamedType(subgraph.getQueryType()!.getFields()[query]!.type);
  if (!isObjectType(connectionType)) throw new Error(`${query} does not return an object type`);
  const recordType = getNamedType(connectionType.getFields().nodes!.type);
  if (!isObjectType(recordType)) throw new Error(`${connectionType.name}.nodes is not a list of an object type`);

  const scalars = new Map<string, GraphQLScalarType>(
    [GraphQLInt, GraphQLFloat, GraphQLString, GraphQLBoolean, GraphQLID].map((s) => [s.name, s]),
  );
  const scalar = (name: string): GraphQLScalarType => {
    let found = scalars.get(name);
    if (!found) {
      // LocalDate, DateTime: the SQL already returns the served text.
      found = new GraphQLScalarType({ name, serialize: (value) => value });
      scalars.set(name, found);
    }
    return found;
  };
  const columns = dataset.table.columns;
  const fields: GraphQLFieldConfigMap<unknown, unknown> = {};
  for (const column of columns) {
    const field = recordType.getFields()[fieldName(column.name)];
    if (!field) throw new Error(`${recordType.name} has no field for column ${column.name}`);
    const named = scalar(getNamedType(field.type).name);
    fields[field.name] = { type: isNonNullType(field.type) ? new GraphQLNonNull(named) : (named as GraphQLOutputType) };
  }
  const record = new GraphQLObjectType({ name: recordType.name, fields });
  const connection = new GraphQLObjectType({
    name: connectionType.name,
    fields: { nodes: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(record))) } },
  });

  const table = `${ident(dataset.schema)}.${ident(dataset.table.physicalName)}`;
  const selectList = columns
    .filter((c) => queried.includes(fieldName(c.name)))
    .map((c) => `${valueSql(c.logicalType, c.physicalType, ident(c.name))} as ${ident(fieldName(c.name))}`);
  const orderBy = dataset.table.primaryKey.map((c) => `${ident(c)} asc nulls last`).join(", ");
  const sql = `select ${selectList.join(", ")} from ${table} order by ${orderBy} limit $1`;
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: "Query",
      fields: {
        [query]: {
          type: connection,
          args: { first: { type: GraphQLInt } },
          resolve: async (_: unknown, args: { first?: number | null }) => ({
            nodes: (await pool.query(sql, [args.first ?? 50])).rows,
          }),
        },
      },
    }),
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
            query: string;
            variables?: Record<string, unknown>;
          };
          const result = await graphql({ schema, source: body.query, variableValues: body.variables ?? null });
          const text = JSON.stringify(result);
          res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
          res.end(text);
        } catch (error) {
          logger.error({ err: error }, "baseline request failed");
          res.writeHead(500).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The subgraph's conversions (RecordStore's valueSql): numbers as float8, dates and timestamps as ISO text. */
function valueSql(logicalType: string, physicalType: string, name: string): string {
  switch (logicalType) {
    case "number":
      return `${name}::float8`;
    case "integer":
      return /^(bigint|int8|numeric)/.test(physicalType) ? `${name}::float8` : name;
    case "date":
      return `to_char(${name}, 'YYYY-MM-DD')`;
    case "timestamp":
      return `to_char(${name} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    default:
      return name;
  }
}
