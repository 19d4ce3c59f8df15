import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ContractViolationError, InputError } from "@mesh/core";
import { checkSupergraphFresh, composeFromConfig, composeSupergraph, readSupergraphConfig, writeSupergraph } from "./index.js";
import { FIXTURE_DIR, FIXTURE_NAMES, fixtureSdl } from "./__fixtures__/subgraphs.js";

const CONFIG = path.join(FIXTURE_DIR, "supergraph.yaml");
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const fixtures = () =>
  FIXTURE_NAMES.map((name, i) => ({ name, url: `http://localhost:${4101 + i}/graphql`, sdl: fixtureSdl(name) }));
const temporary = (name: string) => path.join(mkdtempSync(path.join(os.tmpdir(), "mesh-supergraph-")), name);

describe("composeSupergraph", () => {
  it("composes the subgraphs into a supergraph that routes to each, with no hints", () => {
    const { supergraphSdl, hints } = composeSupergraph(fixtures());
    expect(hints).toEqual([]);
    expect([...supergraphSdl.matchAll(/@join__graph\(name: "(\w+)", url: "([^"]+)"\)/g)].map((m) => [m[1], m[2]])).toEqual([
      ["clinics", "http://localhost:4103/graphql"],
      ["places", "http://localhost:4101/graphql"],
      ["shipping", "http://localhost:4102/graphql"],
    ]);
  });

  it("lists every composition error", () => {
    const [places, shipping] = fixtures();
    // shipping also resolves Location.name, without @shareable, and with another type.
    const clash = {
      ...shipping!,
      sdl: shipping!.sdl.replace('@key(fields: "code", resolvable: false) {', '@key(fields: "code") {\n  name: Int'),
    };
    const error = (() => {
      try {
        composeSupergraph([places!, clash]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).problems).toEqual([
      {
        path: "FIELD_TYPE_MISMATCH",
        message:
          'Type of field "Location.name" is incompatible across subgraphs: it has type "String!" in subgraph "places" but type "Int" in subgraph "shipping"',
      },
      {
        path: "INVALID_FIELD_SHARING",
        message:
          'Non-shareable field "Location.name" is resolved from multiple subgraphs: it is resolved from subgraphs "places" and "shipping" and defined as non-shareable in all of them',
      },
    ]);
    expect((error as Error).message).toMatch(
      /^the subgraphs places, shipping do not compose into a supergraph\n {2}- FIELD_TYPE_MISMATCH: /,
    );
  });

  it("names each subgraph whose SDL does not parse", () => {
    const [places, shipping, clinics] = fixtures();
    expect(() => composeSupergraph([{ ...places!, sdl: "type {" }, shipping!, { ...clinics!, sdl: "" }])).toThrow(
      "the subgraphs places, shipping, clinics do not compose into a supergraph\n" +
        '  - places: Syntax Error: Expected Name, found "{".\n' +
        "  - clinics: Syntax Error: Unexpected <EOF>.",
    );
  });
});

describe("supergraph config", () => {
  it("reads rover's format, with schema files relative to the config", () => {
    expect(readSupergraphConfig(CONFIG)).toEqual([
      { name: "places", url: "http://localhost:4101/graphql", schemaFile: path.join(FIXTURE_DIR, "places.graphql") },
      { name: "shipping", url: "http://localhost:4102/graphql", schemaFile: path.join(FIXTURE_DIR, "shipping.graphql") },
      { name: "clinics", url: "http://localhost:4103/graphql", schemaFile: path.join(FIXTURE_DIR, "clinics.graphql") },
    ]);
  });

  it("names the mesh's four subgraphs at their default ports in deploy/supergraph.yaml", () => {
    expect(readSupergraphConfig(path.join(REPO, "deploy/supergraph.yaml"))).toEqual([
      {
        name: "mesh-plane",
        url: "http://localhost:4001/graphql",
        schemaFile: path.join(REPO, "platform/mesh-plane/schema.graphql"),
      },
      {
        name: "epidemiology",
        url: "http://localhost:4002/graphql",
        schemaFile: path.join(REPO, "domains/epidemiology/schema.graphql"),
      },
      {
        name: "cardiology",
        url: "http://localhost:4003/graphql",
        schemaFile: path.join(REPO, "domains/cardiology/schema.graphql"),
      },
      {
        name: "logistics",
        url: "http://localhost:4004/graphql",
        schemaFile: path.join(REPO, "domains/logistics/schema.graphql"),
      },
    ]);
  });

  it("composes from the config what composeSupergraph composes from the same files", () => {
    expect(composeFromConfig(CONFIG)).toBe(composeSupergraph(fixtures()).supergraphSdl);
  });

  it.each([
    ["subgraphs: []", 'must have a "subgraphs" map of name → { routing_url, schema: { file } }'],
    ["subgraphs: { a: { schema: { file: a.graphql } } }", 'subgraph "a" needs routing_url, an http(s) URL'],
    ["subgraphs: { a: { routing_url: 'http://x/graphql' } }", 'subgraph "a" needs schema.file, the path of its SDL'],
    [
      "subgraphs: { a: { routing_url: 'http://x/graphql', schema: { file: missing.graphql } } }",
      'the SDL of subgraph "a" is missing',
    ],
    ["subgraphs: [", "cannot read the supergraph config"],
  ])("refuses %j", (yaml, message) => {
    const file = temporary("supergraph.yaml");
    writeFileSync(file, yaml);
    expect(() => composeFromConfig(file)).toThrow(InputError);
    expect(() => composeFromConfig(file)).toThrow(message);
  });

  it("writes the supergraph, and says whether the written one is still fresh", () => {
    const out = temporary("supergraph.graphql");
    expect(checkSupergraphFresh(CONFIG, out)).toEqual([
      `${out} does not exist; compose it with writeSupergraph(${CONFIG}, ${out})`,
    ]);
    writeSupergraph(CONFIG, out);
    expect(readFileSync(out, "utf8")).toBe(composeFromConfig(CONFIG));
    expect(checkSupergraphFresh(CONFIG, out)).toEqual([]);
    writeFileSync(out, readFileSync(out, "utf8").replace("name: String!", "name: String"));
    expect(checkSupergraphFresh(CONFIG, out)).toEqual([
      `${out} is not what ${CONFIG} composes to now; compose it again with writeSupergraph(${CONFIG}, ${out})`,
    ]);
  });

  it("reports a config that no longer composes as not fresh", () => {
    const out = temporary("supergraph.graphql");
    writeSupergraph(CONFIG, out);
    const config = temporary("supergraph.yaml");
    writeFileSync(
      config,
      `subgraphs: { a: { routing_url: "http://x/graphql", schema: { file: ${JSON.stringify(path.join(FIXTURE_DIR, "nope.graphql"))} } } }`,
    );
    expect(checkSupergraphFresh(config, out)).toEqual([
      `${config}: the SDL of subgraph "a" is missing (${path.join(FIXTURE_DIR, "nope.graphql")})`,
    ]);
  });
});
