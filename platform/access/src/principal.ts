/** Realm roles Mesh understands (Keycloak realm roles in `realm_access.roles`). */
export const ROLES = ["consumer", "domain-owner", "governance-officer"] as const;
export type Role = (typeof ROLES)[number];

/** Realm role naming the domain a domain owner owns: `domain:<name>`. */
export const DOMAIN_ROLE_PREFIX = "domain:";

/** Who is calling, as far as access decisions go. */
export interface Principal {
  subject: string;
  username: string | undefined;
  /** The client the token was issued to (`azp`). */
  clientId: string;
  roles: readonly Role[];
  /** Domains this principal owns (from `domain:<name>` roles, with `domain-owner`). */
  ownedDomains: readonly string[];
}

/** The port of a token verifier: an Authorization header in, a principal out, or an `AuthenticationError` saying why not. */
export interface TokenVerifier {
  verify(authorization: string | undefined): Promise<Principal>;
}

/** Builds a principal from verified token claims. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const realmRoles = ((claims.realm_access as { roles?: unknown } | undefined)?.roles ?? []) as unknown[];
  const names = realmRoles.filter((r): r is string => typeof r === "string");
  const roles = ROLES.filter((role) => names.includes(role));
  const ownedDomains = roles.includes("domain-owner")
    ? names.filter((r) => r.startsWith(DOMAIN_ROLE_PREFIX)).map((r) => r.slice(DOMAIN_ROLE_PREFIX.length))
    : [];
  return {
    subject: String(claims.sub ?? ""),
    username: typeof claims.preferred_username === "string" ? claims.preferred_username : undefined,
    clientId: String(claims.azp ?? ""),
    roles,
    ownedDomains,
  };
}
