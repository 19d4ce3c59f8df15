import { describe, expect, it } from "vitest";
import { datasetUrn, parseUrn, productUrn } from "./urn.js";

describe("URNs", () => {
  it("formats and parses product and dataset URNs", () => {
    expect(productUrn("cardiology", "heart-disease")).toBe("urn:mesh:cardiology:heart-disease");
    expect(datasetUrn("cardiology", "heart-disease", "patients")).toBe("urn:mesh:cardiology:heart-disease:patients");
    expect(parseUrn("urn:mesh:cardiology:heart-disease:patients")).toEqual({
      domain: "cardiology",
      product: "heart-disease",
      dataset: "patients",
    });
    expect(parseUrn("urn:mesh:logistics:commodity-shipments")).toEqual({ domain: "logistics", product: "commodity-shipments" });
  });

  it.each([
    ["urn:other:a:b", '"urn:other:a:b" is not a Mesh URN (urn:mesh:<domain>:<product>[:<dataset>])'],
    ["urn:mesh:a", '"urn:mesh:a" is not a Mesh URN (urn:mesh:<domain>:<product>[:<dataset>])'],
    ["urn:mesh:Cardiology:x", '"urn:mesh:Cardiology:x" has an invalid segment "Cardiology"'],
  ])("refuses %s", (text, message) => {
    expect(() => parseUrn(text)).toThrow(message);
  });

  it("refuses a segment that is not kebab-case", () => {
    expect(() => productUrn("cardiology", "Heart Disease")).toThrow(
      'URN segment "Heart Disease" must be lower-case kebab-case (^[a-z][a-z0-9-]*$)',
    );
  });
});
