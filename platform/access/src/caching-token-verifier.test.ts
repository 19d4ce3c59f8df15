import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AuthenticationError } from "@mesh/core";
import { CachingTokenVerifier } from "./caching-token-verifier.js";
import { DEV_REALM, DevTokenIssuer } from "./dev-token-issuer.js";
import { KeycloakTokenVerifier } from "./keycloak-token-verifier.js";
import type { TokenVerifier } from "./principal.js";

let issuer: DevTokenIssuer;
let keycloak: KeycloakTokenVerifier;
beforeAll(async () => {
  issuer = await DevTokenIssuer.open(mkdtempSync(path.join(tmpdir(), "mesh-realm-")));
  keycloak = new KeycloakTokenVerifier({ ...DEV_REALM, realmPublicKey: issuer.realmPublicKey });
});
afterEach(() => vi.useRealTimers());

/** The real verifier, counting how often it is asked. */
function counted(): { verifier: TokenVerifier; calls: () => number } {
  let calls = 0;
  return {
    verifier: { verify: (authorization) => (calls++, keycloak.verify(authorization)) },
    calls: () => calls,
  };
}

describe("CachingTokenVerifier", () => {
  it("verifies a token once and serves the same principal until it expires", async () => {
    const inner = counted();
    const cached = new CachingTokenVerifier(inner.verifier);
    const bearer = `Bearer ${await issuer.issue({ role: "consumer", expiresInSeconds: 60 })}`;
    const first = await cached.verify(bearer);
    expect(await cached.verify(bearer)).toBe(first);
    expect(inner.calls()).toBe(1);

    vi.useFakeTimers({ now: Date.now() + 61_000 });
    await expect(cached.verify(bearer)).rejects.toThrow(new AuthenticationError("the token has expired"));
    expect(inner.calls()).toBe(2);
  });

  it("never remembers a refusal", async () => {
    const inner = counted();
    const cached = new CachingTokenVerifier(inner.verifier);
    await expect(cached.verify(undefined)).rejects.toThrow(AuthenticationError);
    await expect(cached.verify("Bearer a.b.c")).rejects.toThrow(AuthenticationError);
    await expect(cached.verify("Bearer a.b.c")).rejects.toThrow(AuthenticationError);
    expect(inner.calls()).toBe(3);
  });

  it("reuses a verification at most maxAgeSeconds, and keeps at most maxEntries tokens", async () => {
    const inner = counted();
    const cached = new CachingTokenVerifier(inner.verifier, { maxAgeSeconds: 10, maxEntries: 2 });
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map(async (n) => `Bearer ${await issuer.issue({ role: "consumer", subject: `user-${n}` })}`),
    );
    for (const bearer of [a, b, c, c, b]) await cached.verify(bearer);
    expect(inner.calls()).toBe(3); // c and b again: remembered
    await cached.verify(a); // a was the least recently used, dropped when c came
    expect(inner.calls()).toBe(4);

    vi.useFakeTimers({ now: Date.now() + 11_000 });
    await cached.verify(a);
    expect(inner.calls()).toBe(5);
  });
});
