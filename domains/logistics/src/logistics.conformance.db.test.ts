import { fileURLToPath } from "node:url";
import { describeSubgraphConformance } from "@mesh/kit/testing";
import { logisticsDomain } from "./index.js";

describeSubgraphConformance(logisticsDomain, {
  schemaFile: fileURLToPath(new URL("../schema.graphql", import.meta.url)),
  references: [{ __typename: "Location", code: "ZA" }],
});
