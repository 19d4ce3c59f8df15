import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEV_REALM, DevTokenIssuer, KeycloakTokenVerifier, type TokenRequest } from "@mesh/access";

/**
 * A development realm in a temporary directory, for tests of servers that verify tokens: the
 * issuer, the verifier a server is given, and tokens both good and deliberately bad.
 */
export interface TestRealm {
  issuer: DevTokenIssuer;
  verifier: KeycloakTokenVerifier;
  /** An `Authorization` header value with a good token (default role: consumer). */
  bearer(request?: TokenRequest): Promise<string>;
  /**
   * Every way a caller can fail authentication, each with the `Authorization` header sent (none
   * for the anonymous case) and the reason the server must give.
   */
  refusals(): Promise<TokenRefusal[]>;
}

export interface TokenRefusal {
  case: string;
  authorization: string | undefined;
  reason: string;
}

export async function openTestRealm(): Promise<TestRealm> {
  const issuer = await DevTokenIssuer.open(temporaryHome());
  const verifier = new KeycloakTokenVerifier({ ...DEV_REALM, realmPublicKey: issuer.realmPublicKey });
  const now = () => Math.floor(Date.now() / 1000);
  /** A Keycloak-shaped token with `overrides` applied (undefined removes a claim). */
  const token = async (overrides: Record<string, unknown>, signer = issuer) => {
    const claims = {
      iss: `${DEV_REALM.authServerUrl}/realms/${DEV_REALM.realm}`,
      aud: DEV_REALM.clientId,
      azp: DEV_REALM.clientId,
      typ: "Bearer",
      sub: "someone",
      iat: now(),
      exp: now() + 300,
      realm_access: { roles: ["consumer"] },
      ...overrides,
    };
    return `Bearer ${await signer.signClaims(Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined)))}`;
  };
  return {
    issuer,
    verifier,
    bearer: async (request = { role: "consumer" }) => `Bearer ${await issuer.issue(request)}`,
    refusals: async () => [
      { case: "anonymous", authorization: undefined, reason: "no bearer token: send Authorization: Bearer <token>" },
      { case: "no exp", authorization: await token({ exp: undefined }), reason: "the token has no expiry (exp)" },
      { case: "expired", authorization: await token({ iat: now() - 600, exp: now() - 60 }), reason: "the token has expired" },
      {
        case: "another key",
        authorization: await token({}, await DevTokenIssuer.open(temporaryHome())),
        reason: "the token was refused: invalid token (signature)",
      },
      {
        case: "another client",
        authorization: await token({ azp: "other-app", aud: "other-app" }),
        reason: "the token was issued for another client (other-app)",
      },
    ],
  };
}

function temporaryHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), "mesh-realm-"));
}

/** A response as tests compare it: status and parsed JSON body. */
export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** POSTs a GraphQL request (or any JSON body) the way a client would, and reads the JSON answer. */
export async function postGraphQL(
  url: string,
  body: unknown,
  options: { authorization?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.authorization ? { authorization: options.authorization } : {}),
      ...options.headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}
