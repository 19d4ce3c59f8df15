import type { ContractProblem } from "./errors.js";
import { meshContractProblems, meshDescriptorProblems } from "./mesh-rules.js";
import { officialSchemaProblems } from "./official-schema.js";

/**
 * Every problem of an ODCS data contract at once: the official ODCS v3.1.0 schema's, then Mesh's
 * own rules (contracts/README.md), each with its path (`schema[0].properties[3].logicalType`,
 * `(root)` for the document itself). An empty list means the contract is valid. Never throws,
 * whatever `document` is.
 */
export function validateContract(document: unknown): ContractProblem[] {
  return merge(officialSchemaProblems("ODCS v3.1.0", document), meshContractProblems(document));
}

/**
 * Every problem of an ODPS data product descriptor at once: the official ODPS v1.0.0 schema's,
 * then Mesh's own rules (contracts/README.md). An empty list means the descriptor is valid.
 * Never throws, whatever `document` is.
 */
export function validateDescriptor(document: unknown): ContractProblem[] {
  return merge(officialSchemaProblems("ODPS v1.0.0", document), meshDescriptorProblems(document));
}

// A Mesh problem at (or inside) a path the official schema already rejects says the same thing
// again, or follows from it: it is left out so that each problem is reported once.
function merge(official: ContractProblem[], mesh: ContractProblem[]): ContractProblem[] {
  const covered = (path: string) =>
    official.some((o) => path === o.path || path.startsWith(`${o.path}.`) || path.startsWith(`${o.path}[`));
  return [...official, ...mesh.filter((p) => !covered(p.path))];
}
