import { ContractError } from "./errors.js";

// The official regular expression of semver.org (2.0.0), with its groups: major, minor, patch,
// pre-release, build.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** A semantic version, parsed. */
export interface SemanticVersion {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (`1.0.0-rc.1` → `["rc", "1"]`); empty for a release. */
  prerelease: string[];
}

/** Whether `value` is a semantic version (`1.0.0`, `2.1.0-rc.1`), per semver.org 2.0.0. */
export function isSemanticVersion(value: unknown): value is string {
  return typeof value === "string" && SEMVER.test(value);
}

/** Parses a semantic version; `undefined` when it is not one. */
export function parseVersion(value: string): SemanticVersion | undefined {
  const m = SEMVER.exec(value);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ? m[4].split(".") : [] };
}

/**
 * Orders two semantic versions by semver precedence (build metadata ignored, a pre-release
 * before its release): negative when `a` comes before `b`, 0 when equal, positive after.
 * @throws ContractError when either is not a semantic version.
 */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new ContractError(`not a semantic version: ${JSON.stringify(x ? b : a)}`);
  const core = x.major - y.major || x.minor - y.minor || x.patch - y.patch;
  if (core !== 0) return Math.sign(core);
  if (x.prerelease.length === 0 || y.prerelease.length === 0) {
    return Math.sign(y.prerelease.length - x.prerelease.length);
  }
  for (let i = 0; i < Math.min(x.prerelease.length, y.prerelease.length); i++) {
    const p = x.prerelease[i] ?? "";
    const q = y.prerelease[i] ?? "";
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Math.sign(Number(p) - Number(q));
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return Math.sign(x.prerelease.length - y.prerelease.length);
}
