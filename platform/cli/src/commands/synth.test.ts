import { describe, expect, it } from "vitest";
import { synthRequest } from "./synth.js";

describe("synthRequest", () => {
  const declared = {
    synthesizer: "gaussian-copula",
    settings: { stratifyBy: "indicator" },
    seed: 0,
    filters: { tooClose: 0 },
  };

  it("asks for what mesh up makes when no flag is given: the contract's meshSynthesizer", () => {
    expect(synthRequest(declared, {})).toEqual(declared);
  });

  it("puts the flags over the contract's defaults, dropping its settings for another synthesizer", () => {
    expect(synthRequest(declared, { seed: 4 })).toEqual({ ...declared, seed: 4 });
    expect(synthRequest(declared, { synthesizer: "gan", epochs: 20 })).toEqual({
      synthesizer: "gan",
      settings: { epochs: 20 },
      seed: 0,
      filters: { tooClose: 0 },
    });
    expect(synthRequest({ synthesizer: "gan", settings: { batchSize: 100 }, seed: 2 }, { epochs: 5 })).toEqual({
      synthesizer: "gan",
      settings: { batchSize: 100, epochs: 5 },
      seed: 2,
    });
  });
});
