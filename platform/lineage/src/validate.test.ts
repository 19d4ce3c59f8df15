import { describe, expect, it } from "vitest";
import { specificationExamples } from "./examples.js";
import {
  columnLineageFacet,
  customFacet,
  dataQualityAssertionsFacet,
  dataQualityMetricsFacet,
  dataSourceFacet,
  datasetDocumentationFacet,
  datasetOwnershipFacet,
  errorMessageFacet,
  jobDocumentationFacet,
  jobNamespace,
  jobOwnershipFacet,
  MESH_FACETS_URL,
  MESH_PRODUCER,
  meshPrivacyFacet,
  outputStatisticsFacet,
  parentRunFacet,
  postgresDataset,
  processingEngineFacet,
  RUN_EVENT_SCHEMA_URL,
  sampleRunEvent,
  schemaFacet,
  validateEvent,
  type RunEvent,
} from "./index.js";

describe("validateEvent", () => {
  it.each(specificationExamples().map((e) => [e.file, e.event] as const))(
    "accepts the specification's example %s",
    (_file, event) => {
      expect(validateEvent(event)).toEqual({ valid: true, errors: [] });
    },
  );

  it("lists every schema error of the event and of its standard facets, with paths", () => {
    const event = {
      eventType: "BEGIN",
      eventTime: "yesterday",
      producer: "p q",
      schemaURL: "https://x",
      run: {},
      job: { namespace: "a", name: "b", facets: { documentation: { _producer: "https://x", _schemaURL: "https://x" } } },
      outputs: [
        {
          namespace: "n",
          name: "t",
          facets: { schema: { _producer: "https://x", _schemaURL: "https://x", fields: [{ type: "int" }] } },
        },
      ],
    };
    expect(validateEvent(event)).toEqual({
      valid: false,
      errors: [
        { path: "/eventTime", message: "must be a date-time" },
        { path: "/producer", message: "must be a uri" },
        { path: "/eventType", message: "must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER" },
        { path: "/run/runId", message: "is required" },
        { path: "/job/facets/documentation/description", message: "is required" },
        { path: "/outputs/0/facets/schema/fields/0/name", message: "is required" },
      ],
    });
  });

  it("refuses what is not an object", () => {
    expect(validateEvent([])).toEqual({
      valid: false,
      errors: [{ path: "", message: "must be an object (an OpenLineage event)" }],
    });
  });

  it("accepts an event carrying every facet Mesh writes, built by the helpers", () => {
    const source = postgresDataset("postgres://mesh:secret@127.0.0.1:54329/mesh", "cardiology", "heart_disease_patients");
    expect(source).toEqual({ namespace: "postgres://127.0.0.1:54329", name: "mesh.cardiology.heart_disease_patients" });
    const job = { namespace: jobNamespace("cardiology"), name: "synthesize.patients" };
    const event: RunEvent = {
      eventType: "FAIL",
      eventTime: "2026-03-01T10:00:00.000Z",
      producer: "https://github.com/mesh-platform/mesh",
      schemaURL: RUN_EVENT_SCHEMA_URL,
      run: {
        runId: "01900000-0000-7000-8000-000000000001",
        facets: {
          parent: parentRunFacet({ run: { runId: "01900000-0000-7000-8000-000000000002" }, job: { ...job, name: "nightly" } }),
          processing_engine: processingEngineFacet("20.19.0", "node", "0.1.0"),
          errorMessage: errorMessageFacet(new Error("out of memory")),
          ...meshPrivacyFacet({
            differentialPrivacy: true,
            epsilon: 1,
            delta: 1e-5,
            accountant: "rdp",
            filters: [],
            phiRead: false,
          }),
        },
      },
      job: {
        ...job,
        facets: {
          documentation: jobDocumentationFacet("trains a GAN"),
          ownership: jobOwnershipFacet([{ name: "team:cardiology" }]),
        },
      },
      inputs: [
        {
          ...source,
          facets: { dataSource: dataSourceFacet("mesh", "postgres://127.0.0.1:54329") },
          inputFacets: {
            dataQualityMetrics: dataQualityMetricsFacet({ rowCount: 920, columnMetrics: { age: { nullCount: 0 } } }),
          },
        },
      ],
      outputs: [
        {
          namespace: source.namespace,
          name: "mesh.cardiology_synthetic.patients",
          facets: {
            schema: schemaFacet([{ name: "age", type: "integer" }]),
            documentation: datasetDocumentationFacet("synthetic patients"),
            ownership: datasetOwnershipFacet([{ name: "team:cardiology", type: "OWNER" }]),
            columnLineage: columnLineageFacet({
              age: {
                inputFields: [{ ...source, field: "age", transformations: [{ type: "DIRECT", subtype: "TRANSFORMATION" }] }],
              },
            }),
            dataQualityAssertions: dataQualityAssertionsFacet([
              { assertion: "ks_complement >= 0.8", success: true, column: "age" },
            ]),
          },
          outputFacets: { outputStatistics: outputStatisticsFacet({ rowCount: 920 }) },
        },
      ],
    };
    expect(validateEvent(event)).toEqual({ valid: true, errors: [] });
    expect(event.run.facets?.mesh_privacy).toEqual({
      _producer: MESH_PRODUCER,
      _schemaURL: `${MESH_FACETS_URL}MeshPrivacyRunFacet.json#/$defs/MeshPrivacyRunFacet`,
      differentialPrivacy: true,
      epsilon: 1,
      delta: 1e-5,
      accountant: "rdp",
      filters: [],
      phiRead: false,
    });
  });

  it("checks Mesh's own facets against their schemas in the repository", () => {
    const event = sampleRunEvent();
    event.run.facets = {
      ...customFacet("mesh_privacy", MESH_PRODUCER, `${MESH_FACETS_URL}MeshPrivacyRunFacet.json`, { epsilon: "one" }),
    };
    expect(validateEvent(event)).toEqual({
      valid: false,
      errors: [
        ...["differentialPrivacy", "delta", "accountant", "filters", "phiRead"].map((field) => ({
          path: `/run/facets/mesh_privacy/${field}`,
          message: "is required",
        })),
        { path: "/run/facets/mesh_privacy/epsilon", message: "must be number,null" },
      ],
    });
  });

  it("names a facet key that is not an identifier, and a domain that is not a name", () => {
    expect(() => customFacet("mesh privacy", "p", "s", {})).toThrow('facet name "mesh privacy" is not an identifier');
    expect(() => jobNamespace("Cardiology")).toThrow('domain "Cardiology" is not a lower-case name');
  });
});
