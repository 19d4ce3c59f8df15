import {
  AbilityBuilder,
  createMongoAbility,
  subject,
  type ForcedSubject,
  type MongoAbility,
  type MongoQuery,
} from "@casl/ability";
import type { Classification } from "@mesh/contracts";
import type { Principal } from "./principal.js";

/** The output ports of a data product (ARCHITECTURE.md). */
export type PortKind = "REAL" | "DEIDENTIFIED" | "SYNTHETIC" | "MODEL" | "AGGREGATE";

/** What a rule can be about. */
export interface ProductMetadata {
  domain: string;
}
export interface Records {
  domain: string;
  port: PortKind;
}
export interface Field {
  domain: string;
  port: PortKind;
  classification: Classification;
}
/** Making synthetic data of a domain's dataset (train, generate, evaluate), and reading those jobs. */
export interface Synthesis {
  domain: string;
}

type Subjects =
  | "AccessAudit"
  | "Lineage"
  | "ProductMetadata"
  | "Records"
  | "Field"
  | "Synthesis"
  | (ForcedSubject<"ProductMetadata"> & ProductMetadata)
  | (ForcedSubject<"Records"> & Records)
  | (ForcedSubject<"Field"> & Field)
  | (ForcedSubject<"Synthesis"> & Synthesis);
export type MeshAbility = MongoAbility<["read" | "run", Subjects], MongoQuery>;

/**
 * The CASL ability of a caller, from the realm roles in their token:
 * - every authenticated caller reads product metadata and schemas, and the records of the
 *   synthetic and aggregate ports;
 * - a domain owner also reads the real and de-identified records of the domains they own;
 * - a governance officer also reads the access audit log (who was allowed or refused what);
 * - governance officers and domain owners read the lineage graph (jobs, runs and their facets);
 * - a domain owner runs synthesis jobs (train, generate, evaluate) on the datasets of the domains
 *   they own and reads those jobs; a governance officer reads every synthesis job;
 * - no field classified `phi` is readable by anyone: it needs an explicit rule (a purpose-bound
 *   grant, later), which this function does not give.
 * Later rules win in CASL, so the PHI `cannot` comes last.
 */
export function defineAbilityFor(principal: Principal): MeshAbility {
  const { can, cannot, build } = new AbilityBuilder<MeshAbility>(createMongoAbility);
  can("read", "ProductMetadata");
  can("read", "Records", { port: { $in: ["SYNTHETIC", "AGGREGATE"] } });
  can("read", "Field", { port: { $in: ["SYNTHETIC", "AGGREGATE"] } });
  if (principal.roles.includes("domain-owner") && principal.ownedDomains.length > 0) {
    const own = { domain: { $in: [...principal.ownedDomains] }, port: { $in: ["REAL", "DEIDENTIFIED"] as PortKind[] } };
    can("read", "Records", own);
    can("read", "Field", own);
    can("read", "Lineage");
    can("run", "Synthesis", { domain: { $in: [...principal.ownedDomains] } });
    can("read", "Synthesis", { domain: { $in: [...principal.ownedDomains] } });
  }
  if (principal.roles.includes("governance-officer")) {
    can("read", "AccessAudit");
    can("read", "Lineage");
    can("read", "Synthesis");
  }
  cannot("read", "Field", { classification: "phi" });
  return build();
}

/** Subjects to ask about: `ability.can("read", records("cardiology", "REAL"))`. */
export const productMetadata = (domain: string) => subject("ProductMetadata", { domain } satisfies ProductMetadata);
export const records = (domain: string, port: PortKind) => subject("Records", { domain, port } satisfies Records);
export const field = (domain: string, port: PortKind, classification: Classification) =>
  subject("Field", { domain, port, classification } satisfies Field);
export const synthesis = (domain: string) => subject("Synthesis", { domain } satisfies Synthesis);
