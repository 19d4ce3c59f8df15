import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError } from "@mesh/core";
import { DEV_REALM, DevTokenIssuer, KeycloakTokenVerifier } from "./index.js";

let issuer: DevTokenIssuer;
let verifier: KeycloakTokenVerifier;
const issuerUrl = `${DEV_REALM.authServerUrl}/realms/${DEV_REALM.realm}`;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  issuer = await DevTokenIssuer.open(mkdtempSync(path.join(os.tmpdir(), "mesh-realm-")));
  verifier = new KeycloakTokenVerifier({ ...DEV_REALM, realmPublicKey: issuer.realmPublicKey });
});

const refusal = async (authorization: string | undefined) => {
  const error = await verifier.verify(authorization).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AuthenticationError);
  return (error as Error).message;
};

/** A Keycloak-shaped token signed by the realm, with `overrides` applied (undefined removes a claim). */
const token = (overrides: Record<string, unknown>, signer = issuer) =>
  signer.signClaims(
    Object.fromEntries(
      Object.entries({
        iss: issuerUrl,
        aud: DEV_REALM.clientId,
        azp: DEV_REALM.clientId,
        typ: "Bearer",
        sub: "someone",
        iat: now(),
        exp: now() + 300,
        realm_access: { roles: ["consumer"] },
        ...overrides,
      }).filter(([, value]) => value !== undefined),
    ),
  );

describe("KeycloakTokenVerifier", () => {
  it("accepts the development issuer's tokens for each role, through keycloak-connect", async () => {
    expect(await verifier.verify(`Bearer ${await issuer.issue({ role: "consumer" })}`)).toEqual({
      subject: "dev-consumer",
      username: "dev-consumer",
      clientId: "mesh-api",
      roles: ["consumer"],
      ownedDomains: [],
    });
    expect(await verifier.verify(`Bearer ${await issuer.issue({ role: "domain-owner", domain: "cardiology" })}`)).toEqual({
      subject: "dev-domain-owner-cardiology",
      username: "dev-domain-owner-cardiology",
      clientId: "mesh-api",
      roles: ["domain-owner"],
      ownedDomains: ["cardiology"],
    });
    expect(await verifier.verify(`Bearer ${await issuer.issue({ role: "governance-officer" })}`)).toMatchObject({
      roles: ["governance-officer"],
      ownedDomains: [],
    });
  });

  it.each([
    [undefined, "no bearer token: send Authorization: Bearer <token>"],
    ["Basic dXNlcjpwYXNz", "the Authorization header is not a bearer token"],
    ["Bearer not-a-jwt", "the Authorization header is not a bearer token"],
  ])("refuses the header %j: %s", async (header, message) => {
    expect(await refusal(header)).toBe(message);
  });

  it("refuses a token with no exp, which keycloak-connect alone accepts", async () => {
    expect(await refusal(`Bearer ${await token({ exp: undefined })}`)).toBe("the token has no expiry (exp)");
  });

  it("refuses an expired token", async () => {
    expect(await refusal(`Bearer ${await token({ iat: now() - 600, exp: now() - 60 })}`)).toBe("the token has expired");
  });

  it("refuses a token signed by another key", async () => {
    const stranger = await DevTokenIssuer.open(mkdtempSync(path.join(os.tmpdir(), "mesh-realm-")));
    expect(await refusal(`Bearer ${await token({}, stranger)}`)).toBe("the token was refused: invalid token (signature)");
  });

  it("refuses a token issued for another client", async () => {
    expect(await refusal(`Bearer ${await token({ azp: "other-app", aud: "other-app" })}`)).toBe(
      "the token was issued for another client (other-app)",
    );
  });

  it("accepts a token another client obtained with this API as its audience", async () => {
    expect(await verifier.verify(`Bearer ${await token({ azp: "catalog-ui", aud: ["mesh-api", "account"] })}`)).toMatchObject({
      clientId: "catalog-ui",
    });
  });

  it("refuses a token of another realm", async () => {
    expect(await refusal(`Bearer ${await token({ iss: "http://elsewhere/realms/mesh" })}`)).toBe(
      "the token was refused: invalid token (wrong ISS)",
    );
  });

  it("allows a clock up to 30 s ahead, and no more", async () => {
    expect(await verifier.verify(`Bearer ${await token({ iat: now() + 20 })}`)).toMatchObject({ subject: "someone" });
    expect(await refusal(`Bearer ${await token({ iat: now() + 120 })}`)).toBe("the token's iat is in the future");
  });
});

describe("DevTokenIssuer", () => {
  it("keeps its realm key, so tokens stay valid across restarts", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "mesh-realm-"));
    const first = await DevTokenIssuer.open(home);
    const again = await DevTokenIssuer.open(home);
    expect(again.realmPublicKey).toBe(first.realmPublicKey);
  });

  it.each([
    [{ role: "admin" }, 'role must be one of consumer, domain-owner, governance-officer; got "admin"'],
    [{ role: "domain-owner" }, "a domain-owner token needs --domain <domain>"],
    [{ role: "consumer", domain: "cardiology" }, "--domain goes with --role domain-owner only"],
  ])("refuses %j", async (request, message) => {
    await expect(issuer.issue(request as never)).rejects.toThrow(message);
  });
});
