import { randomUUID } from "node:crypto";
import {
  columnLineageFacet,
  jobNamespace,
  MESH_PRODUCER,
  outputStatisticsFacet,
  RUN_EVENT_SCHEMA_URL,
  schemaFacet,
  type EventType,
  type RunEvent,
} from "./types.js";

/** A Mesh-shaped run event (one input, one output with schema and column lineage), for tests and the benchmark. */
export function sampleRunEvent(
  overrides: { runId?: string; eventType?: EventType; eventTime?: string; job?: string } = {},
): RunEvent {
  const source = { namespace: "postgres://127.0.0.1:54329", name: "mesh.cardiology.heart_disease_patients" };
  return {
    eventType: overrides.eventType ?? "COMPLETE",
    eventTime: overrides.eventTime ?? new Date().toISOString(),
    producer: MESH_PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    run: { runId: overrides.runId ?? randomUUID() },
    job: { namespace: jobNamespace("cardiology"), name: overrides.job ?? "deidentify.patients" },
    inputs: [source],
    outputs: [
      {
        namespace: source.namespace,
        name: "mesh.cardiology.heart_disease_patients_deidentified",
        facets: {
          schema: schemaFacet([
            { name: "age", type: "integer" },
            { name: "sex", type: "text" },
          ]),
          columnLineage: columnLineageFacet({
            age: { inputFields: [{ ...source, field: "age", transformations: [{ type: "DIRECT", subtype: "TRANSFORMATION" }] }] },
            sex: { inputFields: [{ ...source, field: "sex", transformations: [{ type: "DIRECT", subtype: "IDENTITY" }] }] },
          }),
        },
        outputFacets: { outputStatistics: outputStatisticsFacet({ rowCount: 920 }) },
      },
    ],
  };
}
