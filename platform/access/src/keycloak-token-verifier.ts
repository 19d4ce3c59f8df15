import { createRequire } from "node:module";
import { AuthenticationError } from "@mesh/core";
import { principalFromClaims, type Principal, type TokenVerifier } from "./principal.js";

// keycloak-connect is CommonJS and its typings lack the bearer-only options used here.
const Keycloak = createRequire(import.meta.url)("keycloak-connect") as new (
  options: Record<string, unknown>,
  config: Record<string, unknown>,
) => { grantManager: { createGrant(data: { access_token: string }): Promise<unknown> } };

export interface KeycloakTokenVerifierOptions {
  /** e.g. `http://localhost:8080` (Keycloak's base URL). */
  authServerUrl: string;
  realm: string;
  /** This API's client id: tokens must name it as `azp` or in `aud`. */
  clientId: string;
  /** The realm's RS256 public key: the base64 body Keycloak shows, or a PEM. */
  realmPublicKey: string;
  /** Leeway for `iat`/`nbf` set by a clock slightly ahead of ours. Default 30 s. */
  clockSkewSeconds?: number;
}

/**
 * Verifies Keycloak access tokens with keycloak-connect in bearer-only mode against the realm's
 * public key (no network call), and adds what keycloak-connect does not check or does not say:
 * a token must have `exp`; it must be issued for this client (`azp`, or `aud`); and every
 * refusal names its reason (keycloak-connect answers all of them with a bare 403).
 */
export class KeycloakTokenVerifier implements TokenVerifier {
  private readonly grantManager: { createGrant(data: { access_token: string }): Promise<unknown> };
  private readonly skew: number;

  constructor(private readonly options: KeycloakTokenVerifierOptions) {
    const body = options.realmPublicKey.replace(/-----(BEGIN|END) PUBLIC KEY-----|\s/g, "");
    this.grantManager = new Keycloak(
      {},
      {
        realm: options.realm,
        "auth-server-url": options.authServerUrl,
        resource: options.clientId,
        "bearer-only": true,
        "realm-public-key": body,
        "verify-token-audience": true,
      },
    ).grantManager;
    this.skew = options.clockSkewSeconds ?? 30;
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization?.trim() ?? "");
    if (!authorization) throw new AuthenticationError("no bearer token: send Authorization: Bearer <token>");
    if (!match) throw new AuthenticationError("the Authorization header is not a bearer token");
    const token = match[1]!;
    const claims = decodePayload(token);
    const now = Date.now() / 1000;
    if (typeof claims.exp !== "number") throw new AuthenticationError("the token has no expiry (exp)");
    if (claims.exp <= now) throw new AuthenticationError("the token has expired");
    for (const claim of ["iat", "nbf"] as const) {
      const at = claims[claim];
      if (typeof at === "number" && at > now + this.skew) throw new AuthenticationError(`the token's ${claim} is in the future`);
    }
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.azp !== this.options.clientId && !audience.includes(this.options.clientId)) {
      throw new AuthenticationError(`the token was issued for another client (${String(claims.azp ?? audience.join(", "))})`);
    }
    try {
      await this.grantManager.createGrant({ access_token: token });
    } catch (error) {
      throw new AuthenticationError(reason(error));
    }
    return principalFromClaims(claims);
  }
}

function decodePayload(token: string): Record<string, unknown> {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as unknown;
    if (payload && typeof payload === "object" && !Array.isArray(payload)) return payload as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AuthenticationError("the token is not a JSON web token");
}

/** keycloak-connect's "Grant validation failed. Reason: invalid token (signature)" → "invalid token (signature)". */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const inner = /Reason: (.*)$/.exec(message)?.[1] ?? message;
  return `the token was refused: ${inner}`;
}
