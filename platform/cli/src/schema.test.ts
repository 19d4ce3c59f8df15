import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkSupergraphFresh } from "@mesh/gateway";
import { checkDomainSdl } from "@mesh/kit";
import { MESH_PLANE_SCHEMA_FILE, printMeshPlaneSdl } from "@mesh/mesh-plane";
import { domainSdlFile, productTypes, SUPERGRAPH_CONFIG, SUPERGRAPH_FILE } from "./commands/schema.js";
import { domains } from "./mesh.js";

// CI fails when a committed SDL or the supergraph the gateway runs on is stale (`pnpm schema:write`).
describe("committed schemas", () => {
  it.each(domains.map((d) => [d.name, d] as const))("the %s subgraph's SDL is the one its code builds", async (_, domain) => {
    expect(await checkDomainSdl(domain, domainSdlFile(domain.name))).toEqual([]);
  });

  it("the mesh plane's SDL names every domain's product type", () => {
    expect(productTypes()).toEqual(["CardiologyDataProduct", "EpidemiologyDataProduct", "LogisticsDataProduct"]);
    expect(readFileSync(MESH_PLANE_SCHEMA_FILE, "utf8")).toBe(printMeshPlaneSdl(productTypes()));
  });

  it("deploy/supergraph.graphql is what the committed SDLs compose to", () => {
    expect(checkSupergraphFresh(SUPERGRAPH_CONFIG, SUPERGRAPH_FILE)).toEqual([]);
  });
});
