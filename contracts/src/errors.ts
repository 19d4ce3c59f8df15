/** One problem in a document, with the path where it was found (`schema[0].properties[3].logicalType`). */
export interface ContractProblem {
  path: string;
  message: string;
}

/**
 * A contract or descriptor that cannot be used, with every problem found. This package is a
 * leaf (it imports no other workspace package); `@mesh/kit` turns it into the platform's
 * `ContractViolationError`.
 */
export class ContractError extends Error {
  constructor(
    summary: string,
    readonly problems: readonly ContractProblem[] = [],
  ) {
    super(problems.length === 0 ? summary : `${summary}\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n")}`);
    this.name = "ContractError";
  }
}
