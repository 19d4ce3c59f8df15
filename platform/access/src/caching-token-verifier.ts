import type { Principal, TokenVerifier } from "./principal.js";

export interface CachingTokenVerifierOptions {
  /** How many verified tokens to remember (least recently used go first). Default 10,000. */
  maxEntries?: number;
  /** The longest a verification is reused, whatever the token's `exp`. Default 300 s. */
  maxAgeSeconds?: number;
}

/**
 * Remembers tokens another verifier accepted, until they expire (or `maxAgeSeconds`), so that the
 * RS256 signature of a caller's token is checked once rather than on every request at the gateway
 * and again at every subgraph. Refusals are never remembered. Bearer-only verification against the
 * realm key has no revocation check to begin with, so reuse within the token's lifetime loses no
 * protection; `maxAgeSeconds` bounds how long a key rotation takes to bite.
 */
export class CachingTokenVerifier implements TokenVerifier {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  private readonly maxEntries: number;
  private readonly maxAgeSeconds: number;

  constructor(
    private readonly inner: TokenVerifier,
    options: CachingTokenVerifierOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxAgeSeconds = options.maxAgeSeconds ?? 300;
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    const now = Date.now() / 1000;
    if (authorization !== undefined) {
      const hit = this.cache.get(authorization);
      if (hit) {
        this.cache.delete(authorization);
        if (hit.until > now) {
          this.cache.set(authorization, hit); // most recently used last
          return hit.principal;
        }
      }
    }
    const principal = await this.inner.verify(authorization);
    const exp = expiry(authorization!);
    if (exp !== undefined) {
      this.cache.set(authorization!, { principal, until: Math.min(exp, now + this.maxAgeSeconds) });
      if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    }
    return principal;
  }
}

/** The `exp` of a token the inner verifier accepted (so it is a well-formed JWT with one). */
function expiry(authorization: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(authorization.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: unknown };
    return typeof payload.exp === "number" ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}
