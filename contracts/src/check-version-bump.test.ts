import { describe, expect, it } from "vitest";
import { REMOVE, edited, validContract } from "./__fixtures__/fixtures.js";
import { ContractError, checkVersionBump, compareVersions } from "./index.js";

// The fixture is at version 1.2.0; column 7 is kt_v (nullable), column 5 duration_minutes.
const previous = validContract();

describe("checkVersionBump", () => {
  it("refuses a breaking change without a new major version, listing the breaking changes", () => {
    const next = edited(
      previous,
      ["version", "1.3.0"],
      ["schema[0].properties[7]", REMOVE],
      ["schema[0].properties[4].required", true],
    );
    expect(checkVersionBump(previous, next)).toEqual([
      {
        path: "version",
        message:
          "1.2.0 → 1.3.0 makes 2 breaking changes and needs a new major version (2.0.0): " +
          "schema[sessions].properties[started_at].required: changed from false to true: null values the previous version allowed are refused; " +
          "schema[sessions].properties[kt_v]: column kt_v removed or renamed",
      },
    ]);
  });

  it("refuses a breaking change when the version did not change at all", () => {
    const next = edited(previous, ["schema[0].properties[5].logicalTypeOptions.maximum", 480]);
    expect(checkVersionBump(previous, next)).toEqual([
      {
        path: "version",
        message:
          "1.2.0 → 1.2.0 makes 1 breaking change and needs a new major version (2.0.0): " +
          "schema[sessions].properties[duration_minutes].logicalTypeOptions.maximum: lowered from 600 to 480: values the previous version allowed are refused",
      },
    ]);
  });

  it("accepts a breaking change with a new major version", () => {
    const next = edited(previous, ["version", "2.0.0"], ["schema[0].properties[7]", REMOVE]);
    expect(checkVersionBump(previous, next)).toEqual([]);
  });

  it("accepts a breaking change with a pre-release of the next major version", () => {
    const next = edited(previous, ["version", "2.0.0-rc.1"], ["schema[0].properties[7]", REMOVE]);
    expect(checkVersionBump(previous, next)).toEqual([]);
  });

  it("refuses a non-breaking change when the version did not change", () => {
    const next = edited(previous, ["description.usage", "Adequacy analysis."]);
    expect(checkVersionBump(previous, next)).toEqual([
      {
        path: "version",
        message:
          "the contract changed but its version is still 1.2.0: raise it (major for breaking changes, minor for additions, patch for fixes)",
      },
    ]);
  });

  it("accepts a non-breaking change with a new minor or patch version", () => {
    const column = { ...structuredClone(previous.schema![0]!.properties![7]!), name: "kt_v_equilibrated" };
    expect(checkVersionBump(previous, edited(previous, ["version", "1.3.0"], ["schema[0].properties[10]", column]))).toEqual([]);
    expect(
      checkVersionBump(previous, edited(previous, ["version", "1.2.1"], ["description.usage", "Adequacy analysis."])),
    ).toEqual([]);
  });

  it("accepts an unchanged contract at the same version", () => {
    expect(checkVersionBump(previous, validContract())).toEqual([]);
  });

  it("refuses a version that goes down", () => {
    expect(checkVersionBump(previous, edited(previous, ["version", "1.1.9"]))).toEqual([
      { path: "version", message: "went down from 1.2.0 to 1.1.9: a new version must be greater than the previous one" },
    ]);
  });

  it("refuses a version that is not semantic", () => {
    expect(checkVersionBump(previous, edited(previous, ["version", "2"]))).toEqual([
      { path: "version", message: '"2" is not a semantic version: versions cannot be compared' },
    ]);
  });
});

describe("compareVersions", () => {
  it.each([
    ["1.0.0", "1.0.0", 0],
    ["1.0.0", "2.0.0", -1],
    ["1.10.0", "1.9.0", 1],
    ["1.0.10", "1.0.9", 1],
    ["1.0.0-rc.1", "1.0.0", -1],
    ["1.0.0-alpha", "1.0.0-alpha.1", -1],
    ["1.0.0-alpha.1", "1.0.0-alpha.beta", -1],
    ["1.0.0-rc.2", "1.0.0-rc.10", -1],
    ["1.0.0+build.5", "1.0.0", 0],
  ])("orders %s and %s as %i", (a, b, order) => {
    expect(compareVersions(a, b)).toBe(order);
  });

  it("throws a ContractError when a version is not semantic", () => {
    expect(() => compareVersions("1.0", "1.0.0")).toThrow(new ContractError('not a semantic version: "1.0"'));
  });
});
