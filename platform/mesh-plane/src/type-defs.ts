import { InputError } from "@mesh/core";
import { GRAPHQL_TYPE_NAME_RULE, isGraphQLTypeName } from "./graphql-name.js";

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

type Query {
  """
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
}
`;
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
