import { fileURLToPath } from "node:url";
import { describeSubgraphConformance } from "@mesh/kit/testing";
import { epidemiologyDomain } from "./index.js";

describeSubgraphConformance(epidemiologyDomain, {
  schemaFile: fileURLToPath(new URL("../schema.graphql", import.meta.url)),
  references: [],
});
