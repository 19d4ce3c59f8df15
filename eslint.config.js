import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", ".mesh/**", "bench-data/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@mesh/*/src/*", "@mesh/*/dist/*"], message: "Import a workspace package through its public entry point." },
          ],
        },
      ],
      "no-restricted-syntax": ["error", { selector: "ExportDefaultDeclaration", message: "Use named exports (STYLE.md)." }],
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
  },
  {
    // vitest loads globalSetup and reporter modules by their default export.
    files: ["**/testing/global-setup.ts", "vitest.config.ts", "eslint.config.js", "tools/unhandled-errors-reporter.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
);
