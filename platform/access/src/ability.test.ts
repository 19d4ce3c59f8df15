import { describe, expect, it } from "vitest";
import { defineAbilityFor, field, productMetadata, records, synthesis, type Principal } from "./index.js";

const principal = (roles: Principal["roles"], ownedDomains: string[] = []): Principal => ({
  subject: "s",
  username: "s",
  clientId: "mesh-api",
  roles,
  ownedDomains,
});

describe("defineAbilityFor", () => {
  const consumer = defineAbilityFor(principal(["consumer"]));
  const cardiologyOwner = defineAbilityFor(principal(["domain-owner"], ["cardiology"]));
  const officer = defineAbilityFor(principal(["governance-officer"]));

  it("lets every authenticated caller read product metadata and synthetic and aggregate records", () => {
    for (const ability of [consumer, cardiologyOwner, officer]) {
      expect(ability.can("read", productMetadata("logistics"))).toBe(true);
      expect(ability.can("read", records("cardiology", "SYNTHETIC"))).toBe(true);
      expect(ability.can("read", records("epidemiology", "AGGREGATE"))).toBe(true);
    }
  });

  it("keeps real and de-identified records to the owners of their domain", () => {
    expect(consumer.can("read", records("cardiology", "REAL"))).toBe(false);
    expect(officer.can("read", records("cardiology", "REAL"))).toBe(false);
    expect(cardiologyOwner.can("read", records("cardiology", "REAL"))).toBe(true);
    expect(cardiologyOwner.can("read", records("cardiology", "DEIDENTIFIED"))).toBe(true);
    expect(cardiologyOwner.can("read", records("logistics", "REAL"))).toBe(false);
  });

  it("lets no field classified phi out, not even to its domain's owner", () => {
    expect(cardiologyOwner.can("read", field("cardiology", "REAL", "quasi-identifier"))).toBe(true);
    expect(cardiologyOwner.can("read", field("cardiology", "REAL", "phi"))).toBe(false);
    expect(consumer.can("read", field("cardiology", "SYNTHETIC", "phi"))).toBe(false);
    expect(consumer.can("read", field("cardiology", "SYNTHETIC", "sensitive-attribute"))).toBe(true);
  });

  it("lets only a governance officer read the access audit log", () => {
    expect(officer.can("read", "AccessAudit")).toBe(true);
    expect(consumer.can("read", "AccessAudit")).toBe(false);
    expect(cardiologyOwner.can("read", "AccessAudit")).toBe(false);
  });

  it("lets governance officers and domain owners read the lineage graph, not consumers", () => {
    expect([officer, cardiologyOwner, consumer].map((ability) => ability.can("read", "Lineage"))).toEqual([true, true, false]);
  });

  it("lets a domain owner run and read synthesis on their own domain only; a governance officer reads every domain's", () => {
    const can = (ability: typeof consumer, action: "read" | "run", domain: string) => ability.can(action, synthesis(domain));
    expect([
      can(cardiologyOwner, "run", "cardiology"),
      can(cardiologyOwner, "read", "cardiology"),
      can(cardiologyOwner, "run", "logistics"),
      can(cardiologyOwner, "read", "logistics"),
      can(officer, "run", "cardiology"),
      can(officer, "read", "logistics"),
      can(consumer, "run", "cardiology"),
      can(consumer, "read", "cardiology"),
    ]).toEqual([true, true, false, false, false, true, false, false]);
  });

  it("gives a domain owner without a domain nothing beyond a consumer", () => {
    const ownerOfNothing = defineAbilityFor(principal(["domain-owner"], []));
    expect(ownerOfNothing.can("read", records("cardiology", "REAL"))).toBe(false);
    expect(ownerOfNothing.rules).toEqual(consumer.rules);
  });
});
