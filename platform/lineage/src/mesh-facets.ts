import { customFacet, MESH_PRODUCER } from "./types.js";

/** Where Mesh's facet schemas are published: this repository's platform/lineage/mesh-facets. */
export const MESH_FACETS_URL = "https://github.com/mesh-platform/mesh/blob/main/platform/lineage/mesh-facets/";

const schemaURL = (file: string, def: string) => `${MESH_FACETS_URL}${file}#/$defs/${def}`;

export interface MeshSynthesizerFields {
  synthesizer: string;
  settings: Record<string, unknown>;
  seed: number;
  rowsTrained: number;
  rowsHeldOut: number;
  rowsGenerated: number;
  excludedColumns: Array<{ column: string; reason: string }>;
}
export interface MeshPrivacyFields {
  differentialPrivacy: boolean;
  epsilon: number | null;
  delta: number | null;
  accountant: string | null;
  filters: string[];
  phiRead: boolean;
}
export interface MeshEvaluationFields {
  qualityScore: number | null;
  columnShapes: number | null;
  columnPairTrends: number | null;
  utilityRatio: number | null;
  exactMatchRate: number | null;
  closerToTrainingShare: number | null;
  membershipInferenceAuc: number | null;
  published: boolean;
  objectives: Array<{ name: string; measured: number | null; threshold: number; passed: boolean }>;
}

/** `mesh_synthesizer` (run facet): how a synthesizer run was set up. */
export const meshSynthesizerFacet = (fields: MeshSynthesizerFields) =>
  customFacet("mesh_synthesizer", MESH_PRODUCER, schemaURL("MeshSynthesizerRunFacet.json", "MeshSynthesizerRunFacet"), {
    ...fields,
  });
/** `mesh_privacy` (run facet): differential privacy and filters of a run that read real records. */
export const meshPrivacyFacet = (fields: MeshPrivacyFields) =>
  customFacet("mesh_privacy", MESH_PRODUCER, schemaURL("MeshPrivacyRunFacet.json", "MeshPrivacyRunFacet"), { ...fields });
/** `mesh_evaluation` (output dataset facet): a synthetic dataset's evaluation and its objectives' verdict. */
export const meshEvaluationFacet = (fields: MeshEvaluationFields) =>
  customFacet(
    "mesh_evaluation",
    MESH_PRODUCER,
    schemaURL("MeshEvaluationOutputDatasetFacet.json", "MeshEvaluationOutputDatasetFacet"),
    { ...fields },
  );
