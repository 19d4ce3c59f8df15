import type { ContractProblem } from "./errors.js";

// TODO(contracts helper): implement against the official schemas and Mesh's rules.
export function validateContract(_document: unknown): ContractProblem[] {
  throw new Error("validateContract is not implemented yet");
}

export function validateDescriptor(_document: unknown): ContractProblem[] {
  throw new Error("validateDescriptor is not implemented yet");
}
