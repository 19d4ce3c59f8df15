import { describe, expect, it } from "vitest";
import { NotAllowedError } from "@mesh/core";
import { ACCESS_AUDIT_URN, AccessControl, type AccessDecision, type Principal } from "./index.js";

const principal = (roles: Principal["roles"]): Principal => ({
  subject: "s-1",
  username: "someone",
  clientId: "mesh-api",
  roles,
  ownedDomains: [],
});

/** An access control whose audit sink keeps what it is given, for the test to read. */
function accessFor(roles: Principal["roles"]) {
  const recorded: AccessDecision[] = [];
  const access = new AccessControl(principal(roles), { record: (d) => recorded.push(d) }, "req-7");
  return { access, recorded };
}

const auditDecision = (allowed: boolean): AccessDecision => ({
  at: expect.any(Date) as Date,
  requestId: "req-7",
  subject: "s-1",
  clientId: "mesh-api",
  action: "read",
  kind: "AccessAudit",
  resource: ACCESS_AUDIT_URN,
  domain: "platform",
  port: null,
  classification: null,
  allowed,
});

describe("AccessControl: the access audit log", () => {
  it("lets a governance officer read it, and records that once per request", () => {
    const { access, recorded } = accessFor(["governance-officer"]);
    expect(access.canReadAccessAudit()).toBe(true);
    access.assertReadAccessAudit();
    expect(recorded).toEqual([auditDecision(true)]);
  });

  it("refuses everyone else with FORBIDDEN, and records the refusal", () => {
    for (const roles of [["consumer"], ["domain-owner"], []] satisfies Principal["roles"][]) {
      const { access, recorded } = accessFor(roles);
      expect(() => access.assertReadAccessAudit()).toThrow(
        new NotAllowedError("not allowed to read the access audit log (it needs the governance-officer role)"),
      );
      expect(recorded).toEqual([auditDecision(false)]);
    }
  });
});
