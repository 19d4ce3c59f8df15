import http from "node:http";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { InputError } from "@mesh/core";
import type { RunningServer } from "@mesh/http";
import { openTestRealm, postGraphQL, type TestRealm } from "@mesh/http/testing";
import { composeFromConfig, startGateway } from "./index.js";
import {
  FIXTURE_DIR,
  FIXTURE_NAMES,
  SHIPMENT_SCALARS,
  startFixtureSubgraph,
  type FixtureName,
} from "./__fixtures__/subgraphs.js";

/** Every server's log entries, each tagged with the server that wrote it. */
const logged: Record<string, unknown>[] = [];
const logger = pino(
  { level: "debug" },
  { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) },
);
/** The GraphQL requests servers logged under this request id: which server, for whom. */
const requestsLogged = (requestId: string) =>
  logged
    .filter((entry) => entry.requestId === requestId && entry.msg === "request")
    .map(({ server, subject }) => ({ server, subject }));
const serversThatRan = (requestId: string) => [...new Set(requestsLogged(requestId).map((entry) => entry.server))];

let realm: TestRealm;
let consumer: string;
const subgraphs = {} as Record<FixtureName, RunningServer>;
let gateway: RunningServer;
let supergraphSdl: string;

const startSubgraph = async (name: FixtureName, port = 0) => {
  subgraphs[name] = await startFixtureSubgraph(name, { verifier: realm.verifier, logger: logger.child({ server: name }), port });
};
const gatewayOptions = () => ({
  supergraphSdl,
  subgraphUrls: Object.fromEntries(FIXTURE_NAMES.map((name) => [name, subgraphs[name].url])),
  verifier: realm.verifier,
  host: "127.0.0.1",
  port: 0,
  corsOrigins: [],
  introspection: true,
  logger: logger.child({ server: "gateway" }),
});

beforeAll(async () => {
  realm = await openTestRealm();
  consumer = await realm.bearer();
  for (const name of FIXTURE_NAMES) await startSubgraph(name);
  // The fixture config routes to placeholder ports: subgraphUrls must win.
  supergraphSdl = composeFromConfig(path.join(FIXTURE_DIR, "supergraph.yaml"));
  gateway = await startGateway(gatewayOptions());
});
afterAll(async () => {
  await gateway.close();
  for (const server of Object.values(subgraphs)) await server.close();
});

const ask = async (query: string, requestId?: string) => {
  const response = await postGraphQL(
    gateway.url,
    { query },
    { authorization: consumer, headers: requestId ? { "x-request-id": requestId } : {} },
  );
  return { status: response.status, body: response.body };
};
const direct = async (name: FixtureName, query: string) =>
  ((await postGraphQL(subgraphs[name].url, { query }, { authorization: consumer })).body as { data: Record<string, unknown> })
    .data;

const CROSS_SUBGRAPH = `{
  shipments(first: 2) { edges { node { id destination { code name parent { name } } } } }
  sites { id name location { code name parent { name } } }
}`;
const WHOLE = {
  shipments: {
    edges: [
      { node: { id: "S1", destination: { code: "ZA", name: "South Africa", parent: null } } },
      { node: { id: "S2", destination: { code: "NG", name: "Nigeria", parent: null } } },
    ],
  },
  sites: [
    {
      id: "cleveland",
      name: "Cleveland Clinic Foundation",
      location: { code: "US-OH", name: "Ohio", parent: { name: "United States of America" } },
    },
    { id: "hungary", name: "Hungarian Institute of Cardiology", location: { code: "HU", name: "Hungary", parent: null } },
  ],
};

describe("startGateway: federation", () => {
  it("answers a cross-subgraph entity query with what the subgraphs answer directly", async () => {
    const places = new Map(
      ((await direct("places", "{ locations { code name parent { name } } }")).locations as { code: string }[]).map((l) => [
        l.code,
        l,
      ]),
    );
    const shipping = await direct("shipping", "{ shipments(first: 2) { edges { node { id destination { code } } } } }");
    const clinics = await direct("clinics", "{ sites { id name location { code } } }");
    const joined = JSON.parse(JSON.stringify({ ...shipping, ...clinics }), (key, value) =>
      (key === "destination" || key === "location") && value ? places.get(value.code) : value,
    );
    expect(joined).toEqual(WHOLE);
    expect(await ask(CROSS_SUBGRAPH)).toEqual({ status: 200, body: { data: WHOLE } });
  });

  it("forwards the caller's token and request id to every subgraph it calls", async () => {
    await ask(CROSS_SUBGRAPH, "forwarded-request-01");
    // places twice: once for the shipments' destinations, once for the sites' locations.
    await vi.waitFor(() =>
      expect(requestsLogged("forwarded-request-01").sort((a, b) => String(a.server).localeCompare(String(b.server)))).toEqual(
        ["clinics", "gateway", "places", "places", "shipping"].map((server) => ({ server, subject: "dev-consumer" })),
      ),
    );
  });

  it("lets a realistic product query through the limits: 41 fields of 100 shipments, 7 levels deep", async () => {
    const scalars = SHIPMENT_SCALARS.map(([name]) => name);
    expect(scalars).toHaveLength(41);
    const query = `query Shipments { shipments(first: 100) { edges { node { ${scalars.join(" ")} destination { code name parent { code name parent { name } } } } } } }`;
    const response = await ask(query);
    expect(response.status).toBe(200);
    expect((response.body as { data: { shipments: { edges: unknown[] } } }).data.shipments.edges).toHaveLength(3);
  });

  it("passes a subgraph's FORBIDDEN error through with its code and message, and nothing else", async () => {
    expect(await ask("{ sites { id } restricted }")).toEqual({
      status: 200,
      body: {
        data: { sites: [{ id: "cleveland" }, { id: "hungary" }], restricted: null },
        errors: [
          {
            message: "not allowed to read the real records of urn:mesh:clinics:sites",
            path: ["restricted"],
            extensions: { code: "FORBIDDEN" },
          },
        ],
      },
    });
  });

  it("masks a subgraph's unexpected error", async () => {
    expect(await ask("{ broken }")).toEqual({
      status: 200,
      body: {
        data: { broken: null },
        errors: [{ message: "Internal server error", path: ["broken"], extensions: { code: "INTERNAL_SERVER_ERROR" } }],
      },
    });
  });
});

describe("startGateway: limits, before any subgraph is called", () => {
  const refusal = (message: string, code = "GRAPHQL_VALIDATION_FAILED") => ({
    status: 400,
    body: { errors: [{ message, extensions: { code } }] },
  });
  it.each([
    [
      "depth 50",
      `{ locations { ${"parent { ".repeat(48)}code${" }".repeat(48)} } }`,
      refusal("Query depth limit of 10 exceeded, found 50."),
    ],
    [
      "100 aliases",
      `{ locations { ${Array.from({ length: 100 }, (_, i) => `a${i}: code`).join(" ")} } }`,
      refusal("Aliases limit of 20 exceeded, found 100."),
    ],
    [
      "500 repeated fields",
      `{ locations { ${"code ".repeat(500)}} }`,
      refusal("Syntax Error: Document contains more that 400 tokens. Parsing aborted.", "GRAPHQL_PARSE_FAILED"),
    ],
    [
      "100,000 shipments",
      "{ shipments(first: 100000) { edges { node { id destination { code } } } } }",
      refusal("Query Cost limit of 20000 exceeded, found 1000000."),
    ],
  ])("refuses %s", async (name, query, expected) => {
    const requestId = `limit-${name.replace(/[^a-z0-9]+/g, "-")}`;
    expect(await ask(query, requestId)).toEqual(expected);
    await vi.waitFor(() => expect(serversThatRan(requestId)).toEqual(["gateway"]));
  });

  it("refuses a batched (array) body", async () => {
    const response = await postGraphQL(gateway.url, [{ query: "{ sites { id } }" }, { query: "{ sites { id } }" }], {
      authorization: consumer,
      headers: { "x-request-id": "limit-batched-01" },
    });
    expect({ status: response.status, body: response.body }).toEqual(refusal("Operation batching disabled.", "BAD_REQUEST"));
    await vi.waitFor(() => expect(serversThatRan("limit-batched-01")).toEqual(["gateway"]));
  });
});

describe("startGateway: authentication", () => {
  it("refuses every bad token with 401 and its reason", async () => {
    for (const refusal of await realm.refusals()) {
      const response = await postGraphQL(gateway.url, { query: "{ sites { id } }" }, { authorization: refusal.authorization });
      expect({ case: refusal.case, status: response.status, body: response.body }).toEqual({
        case: refusal.case,
        status: 401,
        body: { errors: [{ message: refusal.reason, extensions: { code: "UNAUTHENTICATED" } }] },
      });
    }
  });

  it("leaves no way around it: a subgraph called directly without a token refuses too", async () => {
    const response = await postGraphQL(subgraphs.clinics.url, { query: "{ sites { id } }" });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 401,
      body: {
        errors: [{ message: "no bearer token: send Authorization: Bearer <token>", extensions: { code: "UNAUTHENTICATED" } }],
      },
    });
  });
});

describe("startGateway: configuration", () => {
  it("refuses subgraphUrls for a subgraph the supergraph does not have", async () => {
    const error = await startGateway({ ...gatewayOptions(), subgraphUrls: { logistics: "http://localhost:1/graphql" } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      "subgraphUrls names logistics, not in the supergraph; its subgraphs are clinics, places, shipping",
    );
  });
});

describe("startGateway: a subgraph goes down and comes back", () => {
  it("answers with partial data and an error naming the subgraph, then whole again with no restart", async () => {
    const port = subgraphs.places.port;
    await subgraphs.places.close();
    expect(await ask(CROSS_SUBGRAPH)).toEqual({
      status: 200,
      body: {
        data: {
          shipments: { edges: [{ node: { id: "S1", destination: null } }, { node: { id: "S2", destination: null } }] },
          sites: [
            { id: "cleveland", name: "Cleveland Clinic Foundation", location: null },
            { id: "hungary", name: "Hungarian Institute of Cardiology", location: null },
          ],
        },
        errors: [
          {
            message: "the places subgraph is unavailable",
            path: ["shipments", "edges", 0, "node", "destination"],
            extensions: { code: "UNAVAILABLE" },
          },
          { message: "the places subgraph is unavailable", path: ["sites", 0, "location"], extensions: { code: "UNAVAILABLE" } },
        ],
      },
    });
    expect(await ask("{ locations { code } sites { id } }")).toEqual({
      status: 200,
      body: {
        data: { locations: null, sites: [{ id: "cleveland" }, { id: "hungary" }] },
        errors: [{ message: "the places subgraph is unavailable", path: ["locations"], extensions: { code: "UNAVAILABLE" } }],
      },
    });
    expect(logged.find((e) => e.msg === "the places subgraph is unavailable")).toMatchObject({
      level: 40,
      url: subgraphs.places.url,
      reason: expect.stringContaining("ECONNREFUSED"),
    });
    const health = await fetch(gateway.url.replace("/graphql", "/health"));
    expect(await health.json()).toEqual({ status: "ok", name: "gateway" });

    await startSubgraph("places", port);
    expect(await ask(CROSS_SUBGRAPH)).toEqual({ status: 200, body: { data: WHOLE } });
  });
});

describe("startGateway: a proxy in front of a subgraph", () => {
  it("reads 502/503/504 as unavailable, and masks any other failure", async () => {
    let status = 503;
    const proxy = http.createServer((_req, res) =>
      res.writeHead(status, { "content-type": "text/plain" }).end("upstream at 10.0.0.7 down"),
    );
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxied = await startGateway({
      ...gatewayOptions(),
      subgraphUrls: {
        ...gatewayOptions().subgraphUrls,
        clinics: `http://127.0.0.1:${(proxy.address() as { port: number }).port}/graphql`,
      },
    });
    try {
      const ask = async () =>
        (await postGraphQL(proxied.url, { query: "{ locations { code } sites { id } }" }, { authorization: consumer })).body;
      const places = [{ code: "ZA" }, { code: "NG" }, { code: "US" }, { code: "US-OH" }, { code: "HU" }];
      expect(await ask()).toEqual({
        data: { locations: places, sites: null },
        errors: [{ message: "the clinics subgraph is unavailable", path: ["sites"], extensions: { code: "UNAVAILABLE" } }],
      });
      status = 500;
      expect(await ask()).toEqual({
        data: { locations: places, sites: null },
        errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
      });
    } finally {
      await proxied.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
