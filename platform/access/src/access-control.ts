import type { Classification } from "@mesh/contracts";
import { NotAllowedError } from "@mesh/core";
import { defineAbilityFor, field, productMetadata, records, synthesis, type MeshAbility, type PortKind } from "./ability.js";
import type { Principal } from "./principal.js";

/** One access decision, as the audit log keeps it. */
export interface AccessDecision {
  at: Date;
  /** The request the decision was made for (the gateway's request id, forwarded to subgraphs). */
  requestId: string;
  /** The token's subject and client. */
  subject: string;
  clientId: string;
  /** `run`: starting a job (synthesis), `read` everything else. */
  action: "read" | "run";
  /** `Authentication`: a request refused before any policy was asked (no valid token). */
  kind: "Authentication" | "ProductMetadata" | "Records" | "Field" | "AccessAudit" | "Lineage" | "Synthesis";
  /** A product or dataset URN; a field is `<dataset urn>#<column>`; the audit log is `ACCESS_AUDIT_URN`. */
  resource: string;
  domain: string;
  port: PortKind | null;
  classification: Classification | null;
  allowed: boolean;
}

/** The access audit log as a resource of the platform (decisions about reading it name it). */
export const ACCESS_AUDIT_URN = "urn:mesh:platform:access-audit";
/** The lineage graph as a resource of the platform. */
export const LINEAGE_URN = "urn:mesh:platform:lineage";

/** Where decisions go. `record` must not block the caller: implementations buffer and write later. */
export interface AuditSink {
  record(decision: AccessDecision): void;
}

/** A sink that keeps nothing, for callers that audit elsewhere. */
export const NO_AUDIT: AuditSink = { record: () => {} };

/**
 * A caller's access for one request: asks the caller's CASL ability and records every decision in
 * the audit sink (each distinct decision once per request, so a page of 100 records is one entry
 * per field, not 100).
 */
export class AccessControl {
  readonly ability: MeshAbility;
  private readonly seen = new Set<string>();

  constructor(
    readonly principal: Principal,
    private readonly sink: AuditSink,
    readonly requestId: string,
  ) {
    this.ability = defineAbilityFor(principal);
  }

  canReadMetadata(domain: string, resource: string): boolean {
    const allowed = this.ability.can("read", productMetadata(domain));
    this.audit({ kind: "ProductMetadata", resource, domain, port: null, classification: null, allowed });
    return allowed;
  }

  canReadRecords(domain: string, port: PortKind, resource: string): boolean {
    const allowed = this.ability.can("read", records(domain, port));
    this.audit({ kind: "Records", resource, domain, port, classification: null, allowed });
    return allowed;
  }

  canReadField(domain: string, port: PortKind, classification: Classification, resource: string): boolean {
    const allowed = this.ability.can("read", field(domain, port, classification));
    this.audit({ kind: "Field", resource, domain, port, classification, allowed });
    return allowed;
  }

  /** Reading the audit log is itself audited, refusals included. */
  canReadAccessAudit(): boolean {
    const allowed = this.ability.can("read", "AccessAudit");
    this.audit({
      kind: "AccessAudit",
      resource: ACCESS_AUDIT_URN,
      domain: "platform",
      port: null,
      classification: null,
      allowed,
    });
    return allowed;
  }

  /** Throws `NotAllowedError` (FORBIDDEN) naming what was refused, never a value. */
  assertReadMetadata(domain: string, resource: string): void {
    if (!this.canReadMetadata(domain, resource)) throw new NotAllowedError(`not allowed to read the metadata of ${resource}`);
  }

  assertReadRecords(domain: string, port: PortKind, resource: string): void {
    if (!this.canReadRecords(domain, port, resource)) {
      throw new NotAllowedError(`not allowed to read the ${port.toLowerCase()} records of ${resource}`);
    }
  }

  assertReadField(domain: string, port: PortKind, classification: Classification, resource: string): void {
    if (!this.canReadField(domain, port, classification, resource)) {
      throw new NotAllowedError(`not allowed to read ${resource} (${classification}, ${port.toLowerCase()} port)`);
    }
  }

  /** The lineage graph: governance officers and domain owners. */
  assertReadLineage(): void {
    const allowed = this.ability.can("read", "Lineage");
    this.audit({ kind: "Lineage", resource: LINEAGE_URN, domain: "platform", port: null, classification: null, allowed });
    if (!allowed)
      throw new NotAllowedError("not allowed to read the lineage graph (it needs the governance-officer or domain-owner role)");
  }

  assertReadAccessAudit(): void {
    if (!this.canReadAccessAudit())
      throw new NotAllowedError("not allowed to read the access audit log (it needs the governance-officer role)");
  }

  /**
   * Running (`run`) or reading (`read`) a synthesis job on a dataset of `domain`: its domain's
   * owners run and read; governance officers read. `resource` is the dataset's URN or the job's.
   */
  assertSynthesis(action: "read" | "run", domain: string, resource: string): void {
    const allowed = this.ability.can(action, synthesis(domain));
    this.audit({ kind: "Synthesis", resource, domain, port: null, classification: null, allowed }, action);
    if (!allowed) {
      throw new NotAllowedError(
        action === "run"
          ? `not allowed to run synthesis on ${resource} (it needs the domain-owner role for ${domain})`
          : `not allowed to read ${resource} (it needs the domain-owner role for ${domain}, or governance-officer)`,
      );
    }
  }

  private audit(
    decision: Omit<AccessDecision, "at" | "requestId" | "subject" | "clientId" | "action">,
    action: AccessDecision["action"] = "read",
  ): void {
    const key = `${action}|${decision.kind}|${decision.resource}|${decision.port}|${decision.allowed}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.sink.record({
      at: new Date(),
      requestId: this.requestId,
      subject: this.principal.subject,
      clientId: this.principal.clientId,
      action,
      ...decision,
    });
  }
}
