export * from "./model.js";
export { tableSpecs } from "./table-spec.js";
export { CONTRACTS_ROOT, parseYaml, readContract, readDescriptor, readDomain } from "./load.js";
export { ContractError, type ContractProblem } from "./errors.js";
export { validateContract, validateDescriptor } from "./validate.js";
export { validateDomain } from "./validate-domain.js";
export { parseDatasetId, parseProductId } from "./mesh-rules.js";
export { diffContracts, type ContractChange } from "./diff-contracts.js";
export { checkVersionBump } from "./check-version-bump.js";
export { compareVersions, isSemanticVersion, parseVersion, type SemanticVersion } from "./compare-versions.js";
export {
  MESH_LOGICAL_TYPES,
  PHYSICAL_TYPES_BY_LOGICAL_TYPE,
  canonicalPhysicalType,
  parsePhysicalType,
  type MeshLogicalType,
  type PhysicalType,
} from "./physical-type.js";
export {
  OBJECTIVES,
  syntheticObjectives,
  synthesizerDefaults,
  type SynthesizerDefaults,
  type ObjectiveGroup,
  type SyntheticObjective,
  type SyntheticObjectives,
} from "./objectives.js";
