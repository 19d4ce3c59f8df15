/**
 * The dependency direction of ../shared/ARCHITECTURE.md (and docs/decisions), enforced:
 * a package may import only the workspace packages listed for it, and only through their
 * public entry points (`src/index.ts`, plus `src/testing/index.ts` where a package has one).
 */
const PACKAGE = "(contracts|platform/[^/]+|domains/[^/]+|catalog)";

/** Allowed workspace dependencies of each package; a regular expression per package folder. */
const ALLOWED = {
  contracts: [],
  "platform/core": [],
  "platform/storage": ["platform/core"],
  "platform/ingest": ["platform/core", "platform/storage", "contracts"],
  "platform/access": ["platform/core", "platform/storage", "contracts"],
  "platform/http": ["platform/core", "platform/access"],
  "platform/lineage": ["platform/core", "platform/storage"],
  "platform/quality": ["platform/core"],
  "platform/jobs": ["platform/core", "platform/storage"],
  "platform/synth": ["platform/core"],
  "platform/kit": [
    "platform/core",
    "platform/storage",
    "contracts",
    "platform/ingest",
    "platform/access",
    "platform/http",
    "platform/quality",
    "platform/synth",
    "platform/jobs",
    "platform/lineage",
  ],
  "platform/mesh-plane": [
    "platform/core",
    "platform/storage",
    "platform/lineage",
    "platform/access",
    "contracts",
    "platform/http",
  ],
  "platform/gateway": ["platform/core", "platform/access", "platform/http"],
  "domains/[^/]+": ["platform/kit", "contracts"],
  catalog: [],
  // platform/cli is the composition root: it may import any package (through its entry point).
};

const direction = Object.entries(ALLOWED).map(([pkg, deps]) => ({
  name: `direction:${pkg}`,
  comment: `${pkg} may import only ${deps.length ? deps.join(", ") : "no workspace package"} (ARCHITECTURE.md)`,
  severity: "error",
  from: { path: `^(${pkg})/` },
  to: {
    path: `^${PACKAGE}/`,
    pathNot: [`^$1/`, ...deps.map((d) => `^${d}/`)],
  },
}));

module.exports = {
  forbidden: [
    ...direction,
    {
      name: "public-entry-only",
      comment: "import another package only through its public entry point (package.json exports)",
      severity: "error",
      from: { path: `^${PACKAGE}/` },
      to: {
        path: `^${PACKAGE}/`,
        pathNot: [`^$1/`, `^${PACKAGE}/src/index\\.ts$`, `^${PACKAGE}/src/testing/index\\.ts$`],
      },
    },
    {
      name: "not-to-unresolvable",
      comment: "an import that does not resolve is usually a workspace package missing from package.json",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["source", "import", "types", "default"],
      extensions: [".ts", ".js", ".json"],
    },
    preserveSymlinks: false,
  },
};
