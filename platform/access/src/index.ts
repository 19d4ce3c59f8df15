import type { MigrationInterface } from "@mesh/storage";
import { CreateAccessAudit1763900000000 } from "./migrations/create-access-audit.js";

export { DOMAIN_ROLE_PREFIX, ROLES, type Principal, type Role, type TokenVerifier } from "./principal.js";
export { KeycloakTokenVerifier, type KeycloakTokenVerifierOptions } from "./keycloak-token-verifier.js";
export { DEV_REALM, DevTokenIssuer, type DevRealm, type TokenRequest } from "./dev-token-issuer.js";
export {
  defineAbilityFor,
  field,
  productMetadata,
  records,
  synthesis,
  type Field,
  type MeshAbility,
  type PortKind,
  type ProductMetadata,
  type Records,
  type Synthesis,
} from "./ability.js";
export { ACCESS_AUDIT_URN, AccessControl, LINEAGE_URN, NO_AUDIT, type AccessDecision, type AuditSink } from "./access-control.js";
export { PostgresAuditSink, type PostgresAuditSinkOptions } from "./postgres-audit-sink.js";
export { AUDIT_PAGE_MAX, readAuditLog, type AuditEntry, type AuditLogPage, type AuditLogQuery } from "./audit-log.js";

/** Migrations of the `platform` schema that this package owns (the access audit log). */
export const accessMigrations: ReadonlyArray<new () => MigrationInterface> = [CreateAccessAudit1763900000000];
export { CachingTokenVerifier, type CachingTokenVerifierOptions } from "./caching-token-verifier.js";
