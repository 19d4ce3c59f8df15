import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONTRACTS_ROOT, readDomain, validateContract, validateDescriptor, validateDomain } from "./index.js";

// The domains Mesh ships; each must have its contracts folder.
const EXPECTED_DOMAINS = ["cardiology", "epidemiology", "logistics"];

// Every folder of contracts/ that holds contracts or descriptors, so that a new domain is
// checked without editing this test.
const DOMAINS = [
  ...new Set([
    ...EXPECTED_DOMAINS,
    ...readdirSync(CONTRACTS_ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .filter((name) => readdirSync(path.join(CONTRACTS_ROOT, name)).some((f) => /\.(odcs|odps)\.yaml$/.test(f))),
  ]),
].sort();

describe("the committed domain contracts", () => {
  it.each(EXPECTED_DOMAINS)("has a folder for %s with at least one contract and one descriptor", (domain) => {
    expect(existsSync(path.join(CONTRACTS_ROOT, domain))).toBe(true);
    const { contracts, descriptors } = readDomain(domain);
    expect(contracts.length).toBeGreaterThan(0);
    expect(descriptors.length).toBeGreaterThan(0);
  });

  describe.each(DOMAINS)("%s", (domain) => {
    const documents = () =>
      existsSync(path.join(CONTRACTS_ROOT, domain)) ? readDomain(domain) : { contracts: [], descriptors: [] };

    it("has only valid contracts (validateContract)", () => {
      const problems = documents().contracts.map(({ source, document }) => ({
        source: path.basename(source),
        problems: validateContract(document),
      }));
      expect(problems.filter((p) => p.problems.length > 0)).toEqual([]);
    });

    it("has only valid descriptors (validateDescriptor)", () => {
      const problems = documents().descriptors.map(({ source, document }) => ({
        source: path.basename(source),
        problems: validateDescriptor(document),
      }));
      expect(problems.filter((p) => p.problems.length > 0)).toEqual([]);
    });

    it("has contracts and descriptors that agree with each other (validateDomain)", () => {
      const { contracts, descriptors } = documents();
      expect(
        validateDomain(
          contracts.map((c) => c.document),
          descriptors.map((d) => d.document),
          domain,
        ),
      ).toEqual([]);
    });
  });
});
