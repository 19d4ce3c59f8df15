import path from "node:path";
import {
  CONTRACTS_ROOT,
  checkVersionBump,
  diffContracts,
  readContract,
  readDescriptor,
  readDomain,
  validateContract,
  validateDescriptor,
  validateDomain,
  type ContractProblem,
} from "@mesh/contracts";
import { ContractViolationError } from "@mesh/core";

const out = (line = "") => process.stdout.write(`${line}\n`);

/**
 * `mesh contract validate [file…]`: checks contracts (`*.odcs.yaml`) and descriptors
 * (`*.odps.yaml`) against the official schemas and Mesh's rules; with no file, every domain
 * folder under contracts/, including the rules across a domain's documents.
 */
export function validateContractsCommand(files: string[]): void {
  const problems: ContractProblem[] = [];
  const collect = (source: string, found: ContractProblem[]) =>
    problems.push(...found.map((p) => ({ path: `${path.relative(process.cwd(), source)}: ${p.path}`, message: p.message })));
  let checked = 0;
  if (files.length === 0) {
    for (const domain of ["cardiology", "epidemiology", "logistics"]) {
      const { contracts, descriptors } = readDomain(domain);
      for (const c of contracts) collect(c.source, validateContract(c.document));
      for (const d of descriptors) collect(d.source, validateDescriptor(d.document));
      collect(
        path.join(CONTRACTS_ROOT, domain),
        validateDomain(
          contracts.map((c) => c.document),
          descriptors.map((d) => d.document),
        ),
      );
      checked += contracts.length + descriptors.length;
    }
  } else {
    for (const file of files) {
      if (file.endsWith(".odps.yaml")) {
        const descriptor = readDescriptor(path.resolve(file));
        collect(descriptor.source, validateDescriptor(descriptor.document));
      } else {
        const contract = readContract(path.resolve(file));
        collect(contract.source, validateContract(contract.document));
      }
      checked++;
    }
  }
  if (problems.length > 0) throw new ContractViolationError(`${problems.length} problem(s) in ${checked} document(s)`, problems);
  out(`${checked} document(s) valid.`);
}

/**
 * `mesh contract diff <previous> <next>`: lists every change between two versions of a
 * contract as breaking or not, and fails when the new version may not be published (a breaking
 * change without a new major version, a change without a new version, a version that goes down).
 */
export function diffContractsCommand(previousFile: string, nextFile: string): void {
  const previous = readContract(path.resolve(previousFile)).document;
  const next = readContract(path.resolve(nextFile)).document;
  const invalid = validateContract(next);
  if (invalid.length > 0) throw new ContractViolationError(`${nextFile} is not a valid contract`, invalid);
  const changes = diffContracts(previous, next);
  out(`${previous.id} ${previous.version} → ${next.version}: ${changes.length} change(s)`);
  for (const change of changes)
    out(`  ${change.kind === "breaking" ? "BREAKING    " : "non-breaking"} ${change.path}: ${change.message}`);
  const refused = checkVersionBump(previous, next);
  if (refused.length > 0) throw new ContractViolationError(`${nextFile} cannot be published as ${next.version}`, refused);
  out(`${next.version} may be published.`);
}
