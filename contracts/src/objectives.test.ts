import { describe, expect, it } from "vitest";
import { edited, validContract } from "./__fixtures__/fixtures.js";
import { syntheticObjectives, synthesizerDefaults, validateContract, type OdcsContract } from "./index.js";

describe("syntheticObjectives", () => {
  it("lists each objective with the report figure it bounds, and the settings", () => {
    const contract = edited(validContract(), [
      "customProperties[0].value",
      {
        fidelity: {
          minQualityScore: 0.85,
          minUtilityRatio: 0.9,
          target: "completed",
          excludeFeatures: ["ultrafiltration_volume"],
        },
        privacy: { maxExactMatchRate: 0, maxEpsilon: 3, delta: 1e-5 },
        fairness: { groupBy: ["access_type"], maxGroupShareGap: 0.05 },
      },
    ]) as OdcsContract;
    expect(validateContract(contract)).toEqual([]);
    expect(syntheticObjectives(contract)).toEqual({
      objectives: [
        {
          group: "fidelity",
          name: "minQualityScore",
          metric: "qualityScore",
          comparison: ">=",
          threshold: 0.85,
          description: expect.any(String),
        },
        {
          group: "fidelity",
          name: "minUtilityRatio",
          metric: "utilityRatio",
          comparison: ">=",
          threshold: 0.9,
          description: expect.any(String),
        },
        {
          group: "privacy",
          name: "maxExactMatchRate",
          metric: "exactMatchRate",
          comparison: "<=",
          threshold: 0,
          description: expect.any(String),
        },
        {
          group: "privacy",
          name: "maxEpsilon",
          metric: "epsilon",
          comparison: "<=",
          threshold: 3,
          description: expect.any(String),
        },
        {
          group: "fairness",
          name: "maxGroupShareGap",
          metric: "groupShareGap",
          comparison: "<=",
          threshold: 0.05,
          description: expect.any(String),
        },
      ],
      target: "completed",
      excludeFeatures: ["ultrafiltration_volume"],
      groupBy: ["access_type"],
      delta: 1e-5,
    });
  });

  it("is empty for a contract without objectives", () => {
    const contract = edited(validContract(), ["customProperties", []]) as OdcsContract;
    expect(syntheticObjectives(contract)).toEqual({
      objectives: [],
      target: undefined,
      excludeFeatures: [],
      groupBy: [],
      delta: undefined,
    });
  });
});

describe("synthesizerDefaults", () => {
  it("reads the contract's meshSynthesizer, and nothing when it has none", () => {
    const contract = edited(validContract(), [
      "customProperties[1]",
      {
        property: "meshSynthesizer",
        value: {
          synthesizer: "gan",
          settings: { epochs: 50 },
          seed: 3,
          filters: { tooClose: "auto" },
          exclude: ["unit_code"],
          naturalKey: true,
        },
      },
    ]) as OdcsContract;
    expect(validateContract(contract)).toEqual([]);
    expect(synthesizerDefaults(contract)).toEqual({
      synthesizer: "gan",
      settings: { epochs: 50 },
      seed: 3,
      filters: { tooClose: "auto" },
      exclude: ["unit_code"],
      naturalKey: true,
    });
    expect(synthesizerDefaults(validContract() as OdcsContract)).toEqual({
      synthesizer: undefined,
      settings: undefined,
      seed: undefined,
      filters: undefined,
      exclude: [],
      naturalKey: false,
    });
  });
});
