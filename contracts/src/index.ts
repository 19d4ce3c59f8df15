export * from "./model.js";
export { tableSpecs } from "./table-spec.js";
export { CONTRACTS_ROOT, parseYaml, readContract, readDescriptor, readDomain } from "./load.js";
export { ContractError, type ContractProblem } from "./errors.js";
export { validateContract, validateDescriptor } from "./validate.js";
