import { fileURLToPath } from "node:url";
import { describeSubgraphConformance } from "@mesh/kit/testing";
import { cardiologyDomain } from "./index.js";

describeSubgraphConformance(cardiologyDomain, {
  schemaFile: fileURLToPath(new URL("../schema.graphql", import.meta.url)),
  references: [{ __typename: "Location", code: "US-OH" }],
});
