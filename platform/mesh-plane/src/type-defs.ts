import { InputError } from "@mesh/core";
import { GRAPHQL_TYPE_NAME_RULE, isGraphQLTypeName } from "./graphql-name.js";
import { synthesisQueryFields, synthesisTypeDefs } from "./synthesis.js";

/**
 * The mesh plane's SDL. The plane only finds products; their fields belong to the domain that
 * owns each one. Federation routes an entity type to subgraphs by type, never by key value, so
 * every domain publishes its own `<Domain>DataProduct` entity and the plane answers with
 * references to them (`resolvable: false` stubs: the plane knows their `urn` and nothing else).
 * The `Classification` enum has no descriptions, in the very text the domain subgraphs declare it,
 * so that composition has nothing to reconcile.
 */
export function meshPlaneTypeDefs(productTypes: readonly string[]): string {
  for (const type of productTypes) {
    if (!isGraphQLTypeName(type))
      throw new InputError(`productTypes: "${type}" is not a GraphQL type name (${GRAPHQL_TYPE_NAME_RULE})`);
  }
  const types = [...new Set(productTypes)].sort();
  const stubs = types.map(
    (type) => `
"""
A data product of the domain whose subgraph owns \`${type}\`; that subgraph resolves every field but \`urn\`.
"""
type ${type} implements DataProduct @key(fields: "urn", resolvable: false) {
  """
  The product's URN: \`urn:mesh:<domain>:<product>\`.
  """
  urn: ID!
}
`,
  );
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

"""
A data product of the mesh. Each domain's subgraph resolves its own products as a type of its own
(\`CardiologyDataProduct\`, …); query their fields with an inline fragment on that type.
"""
interface DataProduct {
  """
  The product's URN: \`urn:mesh:<domain>:<product>\`.
  """
  urn: ID!
}
${stubs.join("")}
enum Classification {
  PHI
  QUASI_IDENTIFIER
  SENSITIVE_ATTRIBUTE
  PUBLIC
}

"""
One access decision: who asked to read what, and whether they were allowed.
"""
type AccessAuditEntry {
  """
  The entry's id; also the cursor to page after it.
  """
  id: ID!
  """
  When the decision was made (ISO 8601, UTC).
  """
  at: String!
  """
  The request the decision was made for, as the gateway's and the subgraphs' logs name it.
  """
  requestId: String!
  """
  The caller: the token's subject.
  """
  subject: String!
  """
  The client the caller's token was issued to.
  """
  clientId: String!
  """
  What was asked: \`read\`.
  """
  action: String!
  """
  What kind of thing was asked for: \`ProductMetadata\`, \`Records\`, \`Field\` or \`AccessAudit\`.
  """
  kind: String!
  """
  The product or dataset URN; a field is \`<dataset urn>#<column>\`.
  """
  resource: String!
  """
  The domain that owns the resource (\`platform\` for the audit log itself).
  """
  domain: String!
  """
  The output port read through (\`REAL\`, \`DEIDENTIFIED\`, \`SYNTHETIC\`, \`MODEL\`, \`AGGREGATE\`), where one was.
  """
  port: String
  """
  The classification of the field asked for, for a field.
  """
  classification: Classification
  """
  Whether the caller was allowed.
  """
  allowed: Boolean!
}

"""
A page of the access audit log, newest decision first.
"""
type AccessAuditPage {
  """
  The decisions on this page.
  """
  entries: [AccessAuditEntry!]!
  """
  Whether older decisions match the same filters.
  """
  hasNextPage: Boolean!
  """
  Pass as \`after\` for the next page; null on an empty page.
  """
  endCursor: String
}

type Query {${synthesisQueryFields}  """
  The data products the caller may see, ordered by domain, then name. Filters are combined.
  """
  dataProducts(
    """
    Words that must each appear, in any case, in the product's name, description, tags, URN, or a dataset's or column's name or description.
    """
    search: String
    """
    Only products of this domain (\`cardiology\`).
    """
    domain: String
    """
    Only products with this tag.
    """
    tag: String
    """
    Only products with at least one column of this classification.
    """
    classification: Classification
  ): [DataProduct!]!
  """
  The data product with this URN, or null when there is none or the caller may not see it.
  """
  dataProduct(
    """
    The product's URN: \`urn:mesh:<domain>:<product>\`.
    """
    urn: ID!
  ): DataProduct
  """
  The access audit log, newest decision first: for governance officers only (FORBIDDEN otherwise).
  """
  accessAudit(
    """
    Only decisions about this caller (a token subject).
    """
    subject: String
    """
    Only decisions about this resource (a URN, or \`<dataset urn>#<column>\` for a field).
    """
    resource: String
    """
    Only allowed (true) or only refused (false) decisions.
    """
    allowed: Boolean
    """
    How many entries, 1 to 500.
    """
    first: Int = 50
    """
    The \`endCursor\` of the previous page.
    """
    after: String
  ): AccessAuditPage!
  """
  The lineage graph around a dataset or job (OpenLineage names): for governance officers and domain owners.
  """
  lineage(
    """
    A dataset or a job.
    """
    kind: LineageNodeKind = DATASET
    """
    e.g. \`postgres://127.0.0.1:54329\` for a table, \`mesh.cardiology\` for a job.
    """
    namespace: String!
    """
    e.g. \`mesh.cardiology.heart_disease_patients\` for a table, \`ingest.heart-disease.patients\` for a job.
    """
    name: String!
    """
    Upstream (where it comes from), downstream (what was made from it), or both.
    """
    direction: LineageDirection = BOTH
    """
    Steps to walk (a dataset to its jobs is one step), 0 to 20.
    """
    depth: Int = 3
  ): LineageGraph!
  """
  Everything upstream of a dataset, to its sources: the jobs, their latest runs and facets (synthesizer, privacy), the source files.
  """
  trace(
    """
    The dataset's namespace, e.g. \`postgres://127.0.0.1:54329\`.
    """
    namespace: String!
    """
    The dataset's name, e.g. \`mesh.cardiology.heart_disease_patients__synthetic\`.
    """
    name: String!
  ): LineageGraph!
  """
  Where each column of a dataset came from.
  """
  columnLineage(
    """
    The dataset's namespace.
    """
    namespace: String!
    """
    The dataset's name.
    """
    name: String!
  ): [ColumnLineageInput!]!
}

"""
Any JSON value.
"""
scalar JSON

"""
What a lineage node is.
"""
enum LineageNodeKind {
  DATASET
  JOB
}

"""
Which way to walk the lineage graph.
"""
enum LineageDirection {
  UPSTREAM
  DOWNSTREAM
  BOTH
}

"""
A dataset or a job of the lineage graph.
"""
type LineageNode {
  """
  \`dataset:<namespace>/<name>\` or \`job:<namespace>/<name>\`.
  """
  id: ID!
  """
  A dataset or a job.
  """
  kind: LineageNodeKind!
  """
  OpenLineage namespace: \`postgres://host:port\`, \`file://host\`, or \`mesh.<domain>\` for a job.
  """
  namespace: String!
  """
  OpenLineage name: \`database.schema.table\`, a file path, or \`<job kind>.<product>.<dataset>\`.
  """
  name: String!
  """
  The facets last reported for it (schema, data source, documentation, ...).
  """
  facets: JSON!
  """
  For a job: its latest run.
  """
  latestRun: LineageRun
}

"""
One run of a job, merged from its events.
"""
type LineageRun {
  """
  The run's id (a UUID).
  """
  runId: ID!
  """
  The latest state reported: START, RUNNING, COMPLETE, FAIL or ABORT.
  """
  state: String
  """
  When it started (ISO 8601), if reported.
  """
  startedAt: String
  """
  When it ended (ISO 8601), if it has.
  """
  endedAt: String
  """
  The run's facets, e.g. mesh_synthesizer, mesh_privacy, errorMessage.
  """
  facets: JSON!
}

"""
Data flows from \`from\` to \`to\`: a dataset into the job that read it, a job into the dataset it wrote.
"""
type LineageEdge {
  """
  The node data flows from.
  """
  from: ID!
  """
  The node data flows to.
  """
  to: ID!
}

"""
Part of the lineage graph.
"""
type LineageGraph {
  """
  The datasets and jobs reached, the start first.
  """
  nodes: [LineageNode!]!
  """
  How data flows between them.
  """
  edges: [LineageEdge!]!
  """
  Whether the depth or the size bound stopped the walk before the graph ended.
  """
  truncated: Boolean!
}

"""
An input column one column of a dataset came from.
"""
type ColumnLineageInput {
  """
  The column of the dataset asked about.
  """
  field: String!
  """
  The input dataset's namespace.
  """
  inputNamespace: String!
  """
  The input dataset's name.
  """
  inputName: String!
  """
  The input column.
  """
  inputField: String!
  """
  How the input became the column (OpenLineage transformations: DIRECT or INDIRECT, and a subtype).
  """
  transformations: JSON!
}
${synthesisTypeDefs}`;
}

/**
 * The SDL the gateway composes the mesh plane from, exactly as committed in
 * `platform/mesh-plane/schema.graphql`: the type definitions themselves, not a re-print of the
 * built schema, because they are written in the layout Prettier gives them (`pnpm check` formats
 * .graphql files), so the file is both generated and formatted. Product types come out sorted
 * whatever order they are given in.
 */
export function printMeshPlaneSdl(productTypes: readonly string[]): string {
  return meshPlaneTypeDefs(productTypes);
}
