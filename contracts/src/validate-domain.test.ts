import { describe, expect, it } from "vitest";
import { REMOVE, edited, validContract, validDescriptor } from "./__fixtures__/fixtures.js";
import { validateDomain } from "./index.js";

const CONTRACT = "urn:mesh:nephrology:dialysis:sessions";
const PRODUCT = "urn:mesh:nephrology:dialysis";

// A second dataset of the same product, with its own table.
const machines = () =>
  edited(
    validContract(),
    ["id", "urn:mesh:nephrology:dialysis:machines"],
    ["name", "dialysis-machines"],
    ["schema[0].name", "machines"],
    ["schema[0].physicalName", "machines"],
    ["customProperties", REMOVE],
  );
const offeringBoth = () =>
  edited(validDescriptor(), [
    "outputPorts[2]",
    { name: "machines", version: "1.0.0", contractId: "urn:mesh:nephrology:dialysis:machines" },
  ]);

describe("validateDomain", () => {
  it("returns no problems for a folder whose documents agree", () => {
    expect(validateDomain([validContract(), machines()], [offeringBoth()], "nephrology")).toEqual([]);
  });

  it("reports an output port whose contract is not in the folder", () => {
    expect(validateDomain([validContract()], [offeringBoth()])).toEqual([
      {
        path: `${PRODUCT}.outputPorts[2].contractId`,
        message: 'names no contract of this domain (got "urn:mesh:nephrology:dialysis:machines")',
      },
    ]);
  });

  it("reports a contract whose data product has no descriptor", () => {
    expect(validateDomain([validContract()], [])).toEqual([
      {
        path: `${CONTRACT}.dataProduct`,
        message: "has no descriptor: no product urn:mesh:nephrology:dialysis in this domain (expected dialysis.odps.yaml)",
      },
    ]);
  });

  it("reports a contract that its product's descriptor does not offer", () => {
    expect(validateDomain([validContract(), machines()], [validDescriptor()])).toEqual([
      {
        path: "urn:mesh:nephrology:dialysis:machines.id",
        message: "is offered by no outputPort of its product urn:mesh:nephrology:dialysis",
      },
    ]);
  });

  it("reports two contracts that share an id", () => {
    const copy = edited(validContract(), ["schema[0].physicalName", "sessions_copy"]);
    expect(validateDomain([validContract(), copy], [validDescriptor()])).toEqual([
      { path: `${CONTRACT}.id`, message: "is the id of 2 contracts: each needs its own" },
    ]);
  });

  it("reports two descriptors that share an id", () => {
    expect(validateDomain([validContract()], [validDescriptor(), validDescriptor()])).toEqual([
      { path: `${PRODUCT}.id`, message: "is the id of 2 descriptors: each needs its own" },
    ]);
  });

  it("reports two tables of the domain that share a physicalName", () => {
    const clash = edited(machines(), ["schema[0].physicalName", "sessions"]);
    expect(validateDomain([validContract(), clash], [offeringBoth()])).toEqual([
      {
        path: "urn:mesh:nephrology:dialysis:machines.schema[0].physicalName",
        message: `"sessions" is already the table of ${CONTRACT}.schema[0].physicalName: tables of a domain share one PostgreSQL schema`,
      },
    ]);
  });

  it("reports a document of another domain than its folder", () => {
    expect(validateDomain([validContract()], [validDescriptor()], "cardiology")).toEqual([
      { path: `${CONTRACT}.domain`, message: 'must be "cardiology", the domain folder it is in (got "nephrology")' },
      { path: `${PRODUCT}.domain`, message: 'must be "cardiology", the domain folder it is in (got "nephrology")' },
    ]);
  });

  it("reports objectives without a SYNTHETIC port, and a SYNTHETIC port without objectives", () => {
    const realOnly = edited(validDescriptor(), ["outputPorts[1]", REMOVE]);
    expect(validateDomain([validContract()], [realOnly])).toEqual([
      {
        path: `${CONTRACT}.customProperties`,
        message:
          "declares synthetic objectives (meshObjectives), but its product offers it on no output port of portKind SYNTHETIC",
      },
    ]);
    const noObjective = {
      path: `${PRODUCT}.outputPorts[1]`,
      message: `is a SYNTHETIC port of ${CONTRACT}, whose contract declares no synthetic objective (meshObjectives): no version could ever be published on it`,
    };
    const withoutObjectives = edited(validContract(), ["customProperties", REMOVE]);
    expect(validateDomain([withoutObjectives], [validDescriptor()])).toEqual([noObjective]);
    // Settings alone are no objective, as the platform reads them: a target names nothing to pass.
    const targetOnly = edited(validContract(), ["customProperties[0].value", { fidelity: { target: "completed" } }]);
    expect(validateDomain([targetOnly], [validDescriptor()])).toEqual([noObjective]);
  });

  it("names documents without an id by their place in the lists", () => {
    const anonymous = edited(
      validDescriptor(),
      ["id", REMOVE],
      ["outputPorts[0].contractId", "urn:mesh:nephrology:dialysis:unknown"],
      ["outputPorts[1]", REMOVE],
    );
    expect(validateDomain([], [anonymous])).toEqual([
      {
        path: "descriptors[0].outputPorts[0].contractId",
        message: 'names no contract of this domain (got "urn:mesh:nephrology:dialysis:unknown")',
      },
    ]);
  });
});
