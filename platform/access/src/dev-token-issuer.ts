import { createPublicKey, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { exportPKCS8, generateKeyPair, importPKCS8, SignJWT, type CryptoKey } from "jose";
import { InputError } from "@mesh/core";
import { DOMAIN_ROLE_PREFIX, ROLES, type Role } from "./principal.js";

export interface DevRealm {
  authServerUrl: string;
  realm: string;
  clientId: string;
}

/** The development realm the embedded default uses in place of a Keycloak server. */
export const DEV_REALM: DevRealm = { authServerUrl: "http://localhost:4000/dev-issuer", realm: "mesh", clientId: "mesh-api" };

export interface TokenRequest {
  role: Role;
  /** Required for `domain-owner`: the domain owned. */
  domain?: string;
  subject?: string;
  /** Default one hour. */
  expiresInSeconds?: number;
}

/**
 * Signs Keycloak-shaped access tokens (RS256; `realm_access.roles`, `azp`, `aud`, `typ: Bearer`)
 * with a realm key generated on first use and kept in `<home>/realm-key.pem`, so that the
 * embedded default needs no Keycloak and its tokens pass the same verifier a real realm would.
 */
export class DevTokenIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    /** The realm public key as Keycloak shows it: the base64 body of the SPKI PEM. */
    readonly realmPublicKey: string,
    readonly realm: DevRealm,
  ) {}

  static async open(home: string, realm: DevRealm = DEV_REALM): Promise<DevTokenIssuer> {
    const file = path.join(home, "realm-key.pem");
    let pkcs8: string;
    if (existsSync(file)) {
      pkcs8 = readFileSync(file, "utf8");
    } else {
      const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
      pkcs8 = await exportPKCS8(privateKey);
      mkdirSync(home, { recursive: true });
      writeFileSync(file, pkcs8, { mode: 0o600 });
    }
    const privateKey = await importPKCS8(pkcs8, "RS256", { extractable: true });
    const spki = createPublicKey(pkcs8).export({ type: "spki", format: "pem" }).toString();
    const body = spki.replace(/-----(BEGIN|END) PUBLIC KEY-----|\s/g, "");
    return new DevTokenIssuer(privateKey, body, realm);
  }

  async issue(request: TokenRequest): Promise<string> {
    if (!ROLES.includes(request.role)) throw new InputError(`role must be one of ${ROLES.join(", ")}; got "${request.role}"`);
    if (request.role === "domain-owner" && !request.domain) throw new InputError("a domain-owner token needs --domain <domain>");
    if (request.role !== "domain-owner" && request.domain) throw new InputError(`--domain goes with --role domain-owner only`);
    const roles: string[] = [request.role, ...(request.domain ? [`${DOMAIN_ROLE_PREFIX}${request.domain}`] : [])];
    const subject = request.subject ?? `dev-${request.role}${request.domain ? `-${request.domain}` : ""}`;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      typ: "Bearer",
      azp: this.realm.clientId,
      preferred_username: subject,
      realm_access: { roles },
      jti: randomUUID(),
    })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "mesh-dev" })
      .setIssuer(`${this.realm.authServerUrl}/realms/${this.realm.realm}`)
      .setAudience(this.realm.clientId)
      .setSubject(subject)
      .setIssuedAt(now)
      .setExpirationTime(now + (request.expiresInSeconds ?? 3600))
      .sign(this.privateKey);
  }

  /** Signs claims exactly as given (no defaults): for tools and tests that need an unusual token. */
  signClaims(claims: Record<string, unknown>): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "mesh-dev" }).sign(this.privateKey);
  }
}
