import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const config = createRequire(import.meta.url)("../.dependency-cruiser.cjs");

describe("dependency rules (.dependency-cruiser.cjs)", () => {
  it("flag every import against ARCHITECTURE.md's arrows and every import past a public entry point", async () => {
    const baseDir = path.join(here, "fixtures/dependency-rules");
    const result = await cruise(["platform", "domains", "contracts"], {
      ...config.options,
      ruleSet: config,
      validate: true,
      baseDir,
    });
    const violations = (result.output as ICruiseResult).summary.violations
      .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
      .sort();
    expect(violations).toEqual([
      "direction:domains/[^/]+: domains/cardiology/src/index.ts → domains/logistics/src/index.ts",
      "direction:domains/[^/]+: domains/cardiology/src/index.ts → platform/core/src/index.ts",
      "direction:platform/storage: platform/storage/src/index.ts → contracts/src/index.ts",
      "public-entry-only: platform/storage/src/index.ts → platform/core/src/inner.ts",
    ]);
  });
});
