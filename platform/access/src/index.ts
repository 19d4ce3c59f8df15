export { DOMAIN_ROLE_PREFIX, ROLES, type Principal, type Role, type TokenVerifier } from "./principal.js";
export { KeycloakTokenVerifier, type KeycloakTokenVerifierOptions } from "./keycloak-token-verifier.js";
export { DEV_REALM, DevTokenIssuer, type DevRealm, type TokenRequest } from "./dev-token-issuer.js";
export {
  defineAbilityFor,
  field,
  productMetadata,
  records,
  type Field,
  type MeshAbility,
  type PortKind,
  type ProductMetadata,
  type Records,
} from "./ability.js";
export { AccessControl, NO_AUDIT, type AccessDecision, type AuditSink } from "./access-control.js";
