import { compareVersions, isSemanticVersion, parseVersion } from "./compare-versions.js";
import { deepEqual, diffContracts } from "./diff-contracts.js";
import type { ContractProblem } from "./errors.js";
import type { OdcsContract } from "./model.js";
import { describeValue } from "./paths.js";

/**
 * Mesh's version rule for a contract that replaces `previous` with `next` (semantic versioning
 * applied to the data): refuses, with a problem at `version`,
 * - a version that goes down;
 * - breaking changes (`diffContracts`) without a greater major version, listing them;
 * - any change at all, breaking or not, with the version unchanged.
 * An empty list means the new version may be published.
 */
export function checkVersionBump(previous: OdcsContract, next: OdcsContract): ContractProblem[] {
  const invalid = [previous.version, next.version].filter((v) => !isSemanticVersion(v));
  if (invalid.length > 0) {
    return invalid.map((v) => ({
      path: "version",
      message: `${describeValue(v)} is not a semantic version: versions cannot be compared`,
    }));
  }
  const order = compareVersions(next.version, previous.version);
  if (order < 0) {
    return [
      {
        path: "version",
        message: `went down from ${previous.version} to ${next.version}: a new version must be greater than the previous one`,
      },
    ];
  }
  const breaking = diffContracts(previous, next).filter((c) => c.kind === "breaking");
  const before = parseVersion(previous.version);
  const after = parseVersion(next.version);
  if (breaking.length > 0 && before && after && after.major <= before.major) {
    const changes = breaking.map((c) => `${c.path}: ${c.message}`).join("; ");
    return [
      {
        path: "version",
        message: `${previous.version} → ${next.version} makes ${breaking.length} breaking change${breaking.length === 1 ? "" : "s"} and needs a new major version (${before.major + 1}.0.0): ${changes}`,
      },
    ];
  }
  if (order === 0 && !deepEqual({ ...previous, version: undefined }, { ...next, version: undefined })) {
    return [
      {
        path: "version",
        message: `the contract changed but its version is still ${next.version}: raise it (major for breaking changes, minor for additions, patch for fixes)`,
      },
    ];
  }
  return [];
}
