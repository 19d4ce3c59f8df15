import type { ColumnSpec } from "@mesh/contracts";

/** A contract column for tests: an optional public text column unless `overrides` say otherwise. */
export function column(overrides: Partial<ColumnSpec> & Pick<ColumnSpec, "name">): ColumnSpec {
  return {
    description: "",
    logicalType: "string",
    physicalType: "text",
    required: false,
    unique: false,
    primaryKeyPosition: undefined,
    classification: "public",
    unit: undefined,
    minimum: undefined,
    maximum: undefined,
    exclusiveMinimum: undefined,
    exclusiveMaximum: undefined,
    earliest: undefined,
    latest: undefined,
    minLength: undefined,
    maxLength: undefined,
    pattern: undefined,
    allowedValues: undefined,
    ...overrides,
  };
}
