import { readdirSync, readFileSync } from "node:fs";

/**
 * The specification's example events (../schemas/examples). `example_full_event.json` is a whole
 * event; every other file is one facet (`<Facet>__N.json`), placed here in a minimal RunEvent
 * where that facet belongs (run, job, dataset, input or output facets).
 */
export function specificationExamples(): Array<{ file: string; event: Record<string, unknown> }> {
  const folder = new URL("../schemas/examples/", import.meta.url);
  return readdirSync(folder)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const json = JSON.parse(readFileSync(new URL(file, folder), "utf8")) as Record<string, unknown>;
      return { file, event: file === "example_full_event.json" ? json : wrapFacet(file, json) };
    });
}

function wrapFacet(file: string, facets: Record<string, unknown>): Record<string, unknown> {
  const facet = file.replace(/__.*$/, "");
  const runId = "01900000-0000-7000-8000-000000000000";
  const event = {
    eventType: "COMPLETE",
    eventTime: "2026-01-01T00:00:00.000Z",
    producer: "https://openlineage.io/spec/examples",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId, facets: {} as Record<string, unknown> },
    job: { namespace: "examples", name: facet, facets: {} as Record<string, unknown> },
    inputs: [{ namespace: "examples", name: "input", facets: {}, inputFacets: {} as Record<string, unknown> }],
    outputs: [
      {
        namespace: "examples",
        name: "output",
        facets: {} as Record<string, unknown>,
        outputFacets: {} as Record<string, unknown>,
      },
    ],
  };
  const schemaUrls = Object.values(facets).map((f) => String((f as { _schemaURL?: unknown })._schemaURL ?? ""));
  if (facet.endsWith("InputDatasetFacet")) event.inputs[0]!.inputFacets = facets;
  else if (facet.endsWith("OutputDatasetFacet")) event.outputs[0]!.outputFacets = facets;
  else if (facet.endsWith("RunFacet")) event.run.facets = facets;
  else if (facet.endsWith("JobFacet") || schemaUrls.some((u) => u.endsWith("LineageJobFacet"))) event.job.facets = facets;
  else event.outputs[0]!.facets = facets;
  return event;
}
