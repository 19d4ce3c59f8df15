import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Kind, parse } from "graphql";
import { InputError } from "@mesh/core";
import { MESH_PLANE_SCHEMA_FILE, meshPlaneTypeDefs, printMeshPlaneSdl } from "./index.js";
import { PRODUCT_TYPES } from "./registrations.fixture.js";

describe("the mesh plane's SDL", () => {
  it("is committed as platform/mesh-plane/schema.graphql, up to date", () => {
    const committed = readFileSync(MESH_PLANE_SCHEMA_FILE, "utf8");
    expect(committed, "platform/mesh-plane/schema.graphql is stale: regenerate it with `pnpm schema:write`").toBe(
      printMeshPlaneSdl(PRODUCT_TYPES),
    );
  });

  it("is the same whatever order the product types come in", () => {
    expect(printMeshPlaneSdl([...PRODUCT_TYPES].reverse())).toBe(printMeshPlaneSdl(PRODUCT_TYPES));
    expect(printMeshPlaneSdl([...PRODUCT_TYPES, "CardiologyDataProduct"])).toBe(printMeshPlaneSdl(PRODUCT_TYPES));
  });

  it("declares Classification in the domains' very text: these values, this order, no descriptions", () => {
    expect(meshPlaneTypeDefs(PRODUCT_TYPES)).toContain(
      "\nenum Classification {\n  PHI\n  QUASI_IDENTIFIER\n  SENSITIVE_ATTRIBUTE\n  PUBLIC\n}\n",
    );
  });

  // Query is every subgraph's root type: a description here would differ from the domains' and make a composition hint.
  it("describes every other type, field and argument", () => {
    const undescribed: string[] = [];
    for (const definition of parse(meshPlaneTypeDefs(PRODUCT_TYPES)).definitions) {
      if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === "Classification") continue;
      if (definition.kind === Kind.ENUM_TYPE_DEFINITION || definition.kind === Kind.SCALAR_TYPE_DEFINITION) {
        if (!definition.description) undescribed.push(definition.name.value);
        continue;
      }
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) {
        if (definition.kind !== Kind.SCHEMA_EXTENSION) undescribed.push(`unexpected ${definition.kind}`);
        continue;
      }
      const type = definition.name.value;
      if (!definition.description && type !== "Query") undescribed.push(type);
      for (const field of definition.fields ?? []) {
        if (!field.description) undescribed.push(`${type}.${field.name.value}`);
        for (const arg of field.arguments ?? [])
          if (!arg.description) undescribed.push(`${type}.${field.name.value}(${arg.name.value})`);
      }
    }
    expect(undescribed).toEqual([]);
  });

  it("refuses a product type that is not a GraphQL name", () => {
    expect(() => meshPlaneTypeDefs(["Cardiology DataProduct"])).toThrow(
      new InputError(
        'productTypes: "Cardiology DataProduct" is not a GraphQL type name (letters, digits and _, not starting with a digit or __)',
      ),
    );
  });
});
