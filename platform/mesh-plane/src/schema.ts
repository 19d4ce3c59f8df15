import { buildSubgraphSchema } from "@apollo/subgraph";
import { GraphQLScalarType, type GraphQLSchema } from "graphql";
import { gql } from "graphql-tag";
import type pg from "pg";
import { readAuditLog, type AuditEntry, type AuditLogQuery } from "@mesh/access";
import { given, type MeshPlaneContext, type Nullable } from "./context.js";
import { columnLineage, lineageGraph, MAX_LINEAGE_DEPTH, type LineageDirection, type LineageNodeKind } from "@mesh/lineage";
import type { ProductQuery, ProductRegistration, ProductRegistry } from "./product-registry.js";
import { synthesisResolvers, type SynthesisService } from "./synthesis.js";
import { meshPlaneTypeDefs } from "./type-defs.js";

export type { MeshPlaneContext } from "./context.js";

export interface MeshPlaneSchemaOptions {
  registry: ProductRegistry;
  /** Where the access audit log (`platform.access_audit`) is read from. */
  auditLog: pg.Pool;
  /** The product entity types of the domain subgraphs (`CardiologyDataProduct`, …). */
  productTypes: readonly string[];
  /** The synthesis job queue; without it the synthesis mutations say they are not available. */
  synthesis?: SynthesisService;
}

interface LineageArgs {
  kind: LineageNodeKind;
  namespace: string;
  name: string;
  direction: LineageDirection;
  depth: number;
}

/** JSON values pass through as they are (the facets of OpenLineage events). */
const JSONScalar = new GraphQLScalarType({ name: "JSON", serialize: (value) => value, parseValue: (value) => value });

type ProductArgs = Nullable<ProductQuery>;
type AuditArgs = Nullable<AuditLogQuery>;

/** A reference to a product entity: the owning domain's subgraph resolves the rest. */
interface ProductReference {
  __typename: string;
  urn: string;
}

/**
 * The mesh plane as an Apollo Federation 2 subgraph. Every resolver asks the caller's
 * `AccessControl` (and so leaves an audit entry): products whose metadata the caller may not read
 * are left out, and the audit log is for governance officers.
 */
export function createMeshPlaneSchema({ registry, auditLog, productTypes, synthesis }: MeshPlaneSchemaOptions): GraphQLSchema {
  const known = new Set(productTypes);
  const synthesisJobs = synthesisResolvers(synthesis, registry);

  /** The products the caller may see, as references; a product whose type this schema lacks is logged and left out. */
  const visible = (products: ProductRegistration[], { access, logger }: MeshPlaneContext): ProductReference[] =>
    products.flatMap((product) => {
      if (!known.has(product.typename)) {
        logger.warn(
          { urn: product.urn, typename: product.typename },
          `data product ${product.urn} is registered as ${product.typename}, a type the mesh plane was not built with: left out`,
        );
        return [];
      }
      return access.canReadMetadata(product.domain, product.urn) ? [{ __typename: product.typename, urn: product.urn }] : [];
    });

  return buildSubgraphSchema([
    {
      typeDefs: gql(meshPlaneTypeDefs(productTypes)),
      resolvers: {
        // The enum's values are the contracts' classifications inside the plane.
        Classification: {
          PHI: "phi",
          QUASI_IDENTIFIER: "quasi-identifier",
          SENSITIVE_ATTRIBUTE: "sensitive-attribute",
          PUBLIC: "public",
        },
        JSON: JSONScalar,
        DataProduct: { __resolveType: (product: ProductReference) => product.__typename },
        AccessAuditEntry: { at: (entry: AuditEntry) => entry.at.toISOString() },
        Mutation: synthesisJobs.Mutation,
        Query: {
          ...synthesisJobs.Query,
          dataProducts: async (_: unknown, args: ProductArgs, context: MeshPlaneContext) =>
            visible(await registry.search(given(args)), context),
          dataProduct: async (_: unknown, args: { urn: string }, context: MeshPlaneContext) => {
            const product = await registry.get(args.urn);
            return product === undefined ? null : (visible([product], context)[0] ?? null);
          },
          accessAudit: async (_: unknown, args: AuditArgs, { access }: MeshPlaneContext) => {
            access.assertReadAccessAudit();
            return readAuditLog(auditLog, given(args));
          },
          lineage: (_: unknown, args: LineageArgs, { access }: MeshPlaneContext) => {
            access.assertReadLineage();
            return lineageGraph(
              auditLog,
              { kind: args.kind, namespace: args.namespace, name: args.name },
              { direction: args.direction, depth: args.depth },
            );
          },
          trace: (_: unknown, args: { namespace: string; name: string }, { access }: MeshPlaneContext) => {
            access.assertReadLineage();
            return lineageGraph(auditLog, { kind: "DATASET", ...args }, { direction: "UPSTREAM", depth: MAX_LINEAGE_DEPTH });
          },
          columnLineage: (_: unknown, args: { namespace: string; name: string }, { access }: MeshPlaneContext) => {
            access.assertReadLineage();
            return columnLineage(auditLog, args);
          },
        },
      },
    },
  ]);
}
