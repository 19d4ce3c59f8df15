import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import type { TokenVerifier } from "@mesh/access";
import { NotAllowedError, type Logger } from "@mesh/core";
import { startGraphQLServer, type RunningServer } from "@mesh/http";

/** Three small subgraphs shaped like Mesh's: `places` owns Location, `shipping` and `clinics` point at it. */
export const FIXTURE_NAMES = ["places", "shipping", "clinics"] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export const FIXTURE_DIR = path.dirname(fileURLToPath(import.meta.url));

export function fixtureSdl(name: FixtureName): string {
  return readFileSync(path.join(FIXTURE_DIR, `${name}.graphql`), "utf8");
}

interface Place {
  code: string;
  name: string;
  parent?: string;
}
const PLACES: Place[] = [
  { code: "ZA", name: "South Africa" },
  { code: "NG", name: "Nigeria" },
  { code: "US", name: "United States of America" },
  { code: "US-OH", name: "Ohio", parent: "US" },
  { code: "HU", name: "Hungary" },
];
const place = (code: string) => PLACES.find((p) => p.code === code) ?? null;

/** The 41 scalar fields of `Shipment` with their types, from the SDL itself. */
export const SHIPMENT_SCALARS: [name: string, type: string][] = [
  .../type Shipment [^{]*\{([^}]*)\}/.exec(fixtureSdl("shipping"))![1]!.matchAll(/^\s+(\w+): (ID|String|Int|Float|Boolean)/gm),
].map(([, name, type]) => [name!, type!]);

/** A shipment with a value of its type in every scalar field. */
function shipment(id: string, destination: string): Record<string, unknown> {
  const values = SHIPMENT_SCALARS.map(([name, type]) => [
    name,
    { ID: id, Int: 7, Float: 12.5, Boolean: true, String: `${name} of ${id}` }[type],
  ]);
  return { ...Object.fromEntries(values), destination };
}
const SHIPMENTS = [shipment("S1", "ZA"), shipment("S2", "NG"), shipment("S3", "ZA")];

const SITES = [
  { id: "cleveland", name: "Cleveland Clinic Foundation", location: "US-OH" },
  { id: "hungary", name: "Hungarian Institute of Cardiology", location: "HU" },
];

const RESOLVERS = {
  places: {
    Query: { locations: () => PLACES, location: (_: unknown, args: { code: string }) => place(args.code) },
    Location: {
      __resolveReference: (reference: { code: string }) => place(reference.code),
      parent: (location: Place) => (location.parent ? place(location.parent) : null),
    },
  },
  shipping: {
    Query: {
      shipments: (_: unknown, args: { first: number }) => ({
        edges: SHIPMENTS.slice(0, args.first).map((node) => ({ cursor: node.id, node })),
        totalCount: SHIPMENTS.length,
      }),
    },
    Shipment: {
      __resolveReference: (reference: { id: string }) => SHIPMENTS.find((s) => s.id === reference.id),
      destination: (s: { destination: string }) => ({ code: s.destination }),
    },
  },
  clinics: {
    Query: {
      sites: () => SITES,
      restricted: () => {
        throw new NotAllowedError("not allowed to read the real records of urn:mesh:clinics:sites");
      },
      broken: () => {
        throw new Error("select * from patients where ssn='123-45-6789'");
      },
    },
    Site: { location: (site: { location: string }) => ({ code: site.location }) },
  },
};

/** Starts a fixture subgraph behind `startGraphQLServer`, so it verifies tokens as a real one does. */
export function startFixtureSubgraph(
  name: FixtureName,
  options: { verifier: TokenVerifier; logger: Logger; port?: number },
): Promise<RunningServer> {
  return startGraphQLServer({
    name,
    schema: buildSubgraphSchema({ typeDefs: parse(fixtureSdl(name)), resolvers: RESOLVERS[name] as never }),
    verifier: options.verifier,
    host: "127.0.0.1",
    port: options.port ?? 0,
    corsOrigins: [],
    introspection: false,
    logger: options.logger,
  });
}
