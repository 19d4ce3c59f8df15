import swc from "unplugin-swc";
import { defineConfig } from "vitest/config";

// Tests run from TypeScript sources (the `source` export condition), compiled by SWC so that
// decorator metadata is emitted as tsc would. Projects are split by cost (STYLE.md).
const shared = {
  plugins: [swc.vite({ module: { type: "es6" } })],
  resolve: { conditions: ["source"], alias: { graphql: "graphql/index.js" } },
  ssr: { resolve: { conditions: ["source"] } },
};

export default defineConfig({
  test: {
    reporters: ["default", "./tools/unhandled-errors-reporter.ts"],
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          include: ["{contracts,platform,domains}/**/src/**/*.test.ts", "tools/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/node_modules/**", "**/dist/**"],
        },
      },
      {
        ...shared,
        test: {
          name: "db",
          include: ["{contracts,platform,domains}/**/src/**/*.db.test.ts"],
          exclude: ["**/node_modules/**", "**/dist/**"],
          globalSetup: ["platform/storage/src/testing/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        ...shared,
        test: {
          // The built CLI and servers over real processes and ports; `pnpm test` builds first.
          name: "e2e",
          include: ["{platform,domains}/**/src/**/*.e2e.ts"],
          exclude: ["**/node_modules/**", "**/dist/**"],
          testTimeout: 600_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
