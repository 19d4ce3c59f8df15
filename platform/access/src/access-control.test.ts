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

describe("AccessControl: synthesis jobs", () => {
  const decision = (action: "read" | "run", allowed: boolean): AccessDecision => ({
    ...auditDecision(allowed),
    action,
    kind: "Synthesis",
    resource: "urn:mesh:cardiology:heart-disease:patients",
    domain: "cardiology",
  });

  it("lets the domain's owner run and read them, and records each decision with its action", () => {
    const recorded: AccessDecision[] = [];
    const access = new AccessControl(
      { ...principal(["domain-owner"]), ownedDomains: ["cardiology"] },
      { record: (d) => recorded.push(d) },
      "req-7",
    );
    access.assertSynthesis("run", "cardiology", "urn:mesh:cardiology:heart-disease:patients");
    access.assertSynthesis("read", "cardiology", "urn:mesh:cardiology:heart-disease:patients");
    expect(recorded).toEqual([decision("run", true), decision("read", true)]);
  });

  it("refuses a consumer and a governance officer to run them, naming the role needed, and records the refusal", () => {
    for (const roles of [["consumer"], ["governance-officer"]] satisfies Principal["roles"][]) {
      const { access, recorded } = accessFor(roles);
      expect(() => access.assertSynthesis("run", "cardiology", "urn:mesh:cardiology:heart-disease:patients")).toThrow(
        new NotAllowedError(
          "not allowed to run synthesis on urn:mesh:cardiology:heart-disease:patients (it needs the domain-owner role for cardiology)",
        ),
      );
      expect(recorded).toEqual([decision("run", false)]);
    }
  });
});
