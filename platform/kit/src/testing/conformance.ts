import { isObjectType, Kind, type GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@mesh/core";
import type { RunningServer } from "@mesh/http";
import { openTestRealm, type TestRealm } from "@mesh/http/testing";
import { createTestDatabase, type TestDatabase } from "@mesh/storage/testing";
import type { Dataset, Domain } from "../define.js";
import { buildDomainSubgraph } from "../graphql/build-subgraph.js";
import { fieldName, productTypeName } from "../graphql/naming.js";
import { checkDomainSdl, serveDomain } from "../graphql/serve.js";
import { checkTableConformance, loadSeeds, migrateDomain } from "../ingest.js";

export interface ConformanceOptions {
  /** The committed SDL (`domains/<domain>/schema.graphql`). */
  schemaFile: string;
  /** Domains whose seeds must be loaded first (their data is referred to), e.g. epidemiology's locations. */
  seedFirst?: readonly Domain[];
  /**
   * Representations of the entity types the domain extends but does not own (e.g. `Location`
   * stubs): `{ __typename: "Location", code: "US-OH" }`. Owned types are sampled automatically.
   */
  references?: ReadonlyArray<Record<string, unknown>>;
}

/**
 * The conformance suite every domain subgraph runs, over real HTTP against its real data:
 * the committed SDL is the one the code builds; every contract-governed type matches its
 * contract and every table its contract table; every `@key` resolves through `_entities`;
 * anonymous and badly-authenticated calls get 401 with a reason; records a caller may not read
 * are FORBIDDEN on their path, with no value in the response.
 */
export function describeSubgraphConformance(domain: Domain, options: ConformanceOptions): void {
  describe(`${domain.name} subgraph conformance`, () => {
    let db: TestDatabase;
    let realm: TestRealm;
    let server: RunningServer;
    let schema: GraphQLSchema;
    const post = async (body: unknown, authorization?: string) => {
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const owner = () => realm.bearer({ role: "domain-owner", domain: domain.name });

    beforeAll(async () => {
      db = await createTestDatabase();
      for (const other of options.seedFirst ?? []) {
        await migrateDomain(db.url, other);
        await loadSeeds(db.pool, other);
      }
      await migrateDomain(db.url, domain);
      await loadSeeds(db.pool, domain);
      realm = await openTestRealm();
      schema = (await buildDomainSubgraph(domain, db.pool)).schema;
      server = await serveDomain(domain, {
        pool: db.pool,
        verifier: realm.verifier,
        host: "127.0.0.1",
        port: 0,
        corsOrigins: [],
        introspection: false,
        logger: createLogger(`${domain.name}-conformance`, "silent"),
      });
    });
    afterAll(async () => {
      await server?.close();
      await db?.destroy();
    });

    it("has the committed SDL", async () => {
      expect(await checkDomainSdl(domain, options.schemaFile)).toEqual([]);
    });

    it("matches its contracts: record types (checked at build) and tables", async () => {
      const datasets = domain.products.flatMap((p) => p.datasets);
      const problems = await Promise.all(datasets.map((d) => checkTableConformance(db.pool, d)));
      expect(problems.flat()).toEqual([]);
      for (const dataset of datasets.filter((d) => d.records)) {
        const type = schema.getType(recordTypeOf(schema, dataset));
        expect(isObjectType(type) && Object.keys(type.getFields())).toEqual(
          expect.arrayContaining(dataset.table.columns.map((c) => fieldName(c.name))),
        );
      }
    });

    it("resolves every @key through _entities", async () => {
      const keyed = entityTypes(schema);
      const samples: Array<Record<string, unknown>> = [...(options.references ?? [])];
      for (const product of domain.products) samples.push({ __typename: productTypeName(domain.name), urn: product.urn });
      for (const dataset of domain.products.flatMap((p) => p.datasets).filter((d) => d.records)) {
        const typename = recordTypeOf(schema, dataset);
        const key = keyed.get(typename);
        if (!key) continue;
        const row = await db.pool.query(
          `select ${key.map((f) => `"${columnOf(dataset, f)}" as "${f}"`).join(", ")} from "${dataset.schema}"."${dataset.table.physicalName}" limit 1`,
        );
        samples.push({ __typename: typename, ...row.rows[0] });
      }
      expect([...new Set(samples.map((s) => s.__typename))].sort()).toEqual([...keyed.keys()].sort());
      for (const sample of samples) {
        const key = keyed.get(String(sample.__typename))!;
        const result = await post(
          {
            query: `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on ${String(sample.__typename)} { ${key.join(" ")} } } }`,
            variables: { r: [sample] },
          },
          await owner(),
        );
        expect(result).toEqual({ status: 200, body: { data: { _entities: [sample] } } });
      }
    });

    it("refuses every call without a valid token with 401 and the reason", async () => {
      for (const refusal of await realm.refusals()) {
        const result = await post({ query: "{ _service { sdl } }" }, refusal.authorization);
        expect({ case: refusal.case, ...result }).toEqual({
          case: refusal.case,
          status: 401,
          body: { errors: [{ message: refusal.reason, extensions: { code: "UNAUTHENTICATED" } }] },
        });
      }
    });

    it("answers a consumer FORBIDDEN, with no value, for records of a restricted port; aggregate ports are readable", async () => {
      const consumer = await realm.bearer({ role: "consumer" });
      for (const dataset of domain.products.flatMap((p) => p.datasets).filter((d) => d.records)) {
        const query = dataset.records!.query;
        const fields = dataset.table.columns.map((c) => fieldName(c.name)).join(" ");
        const result = await post({ query: `{ ${query}(first: 3) { totalCount nodes { ${fields} } } }` }, consumer);
        if (dataset.port === "REAL" || dataset.port === "DEIDENTIFIED") {
          expect(result).toEqual({
            status: 200,
            body: {
              data: { [query]: null },
              errors: [
                {
                  message: `not allowed to read the ${dataset.port.toLowerCase()} records of ${dataset.urn}`,
                  path: [query],
                  extensions: { code: "FORBIDDEN" },
                },
              ],
            },
          });
        } else {
          const data = result.body.data as Record<string, { totalCount: number; nodes: unknown[] }>;
          expect({ status: result.status, errors: result.body.errors }).toEqual({ status: 200, errors: undefined });
          expect(data[query]!.nodes).toHaveLength(Math.min(3, data[query]!.totalCount));
        }
      }
    });
  });
}

/** Entity types of the schema and their key fields (single-field or flat keys). */
function entityTypes(schema: GraphQLSchema): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    const key = type.astNode?.directives?.find((d) => d.name.value === "key");
    const fields = key?.arguments?.find((a) => a.name.value === "fields")?.value;
    if (fields?.kind === Kind.STRING) out.set(type.name, fields.value.split(/\s+/).filter(Boolean));
  }
  return out;
}

function recordTypeOf(schema: GraphQLSchema, dataset: Dataset): string {
  const query = schema.getQueryType()?.getFields()[dataset.records!.query];
  return String(query?.type).replace(/Connection!?$/, "");
}

function columnOf(dataset: Dataset, field: string): string {
  return dataset.table.columns.find((c) => fieldName(c.name) === field)?.name ?? field;
}
