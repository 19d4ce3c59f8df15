import type pg from "pg";
import { CLASSIFICATIONS, type Classification } from "@mesh/contracts";
import { InputError, parseUrn } from "@mesh/core";
import { GRAPHQL_TYPE_NAME_RULE, isGraphQLTypeName } from "./graphql-name.js";

/** What a domain publishes about one data product: enough to find it, and the type that resolves it. */
export interface ProductRegistration {
  /** `urn:mesh:<domain>:<product>` */
  urn: string;
  /** The federated entity type of the owning domain's subgraph that resolves this product (`CardiologyDataProduct`). */
  typename: string;
  name: string;
  domain: string;
  version: string;
  status: string;
  description: string;
  tags: string[];
  datasets: RegisteredDataset[];
}

export interface RegisteredDataset {
  /** `urn:mesh:<domain>:<product>:<dataset>` */
  urn: string;
  name: string;
  description: string;
  columns: { name: string; description: string; classification: Classification }[];
}

/** Filters of `ProductRegistry.search`, ANDed; all optional. */
export interface ProductQuery {
  /** Words that must each appear (any case) in the name, description, tags, URN, or a dataset's or column's name or description. */
  search?: string;
  domain?: string;
  tag?: string;
  /** Products with at least one column of this classification. */
  classification?: Classification;
}

export type RegisterOutcome = "registered" | "updated" | "unchanged";

/**
 * The mesh plane's catalogue of data products, in `mesh_plane.data_products`. It keeps each
 * registration whole (jsonb) and, beside it, the columns search filters on: tags, every column
 * classification of the product, and one lower-cased text of everything a person might search for.
 */
export class ProductRegistry {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Adds or replaces a product's registration in one statement. Says whether the product is new,
   * changed, or registered already exactly as given (then nothing is written, `updated_at` included).
   * Refuses (`InputError` naming the field) a malformed URN, one outside `domain`, a typename that
   * is not a GraphQL name, or an unknown column classification.
   */
  async register(registration: ProductRegistration): Promise<RegisterOutcome> {
    const r = checked(registration);
    const classifications = [...new Set(r.datasets.flatMap((d) => d.columns.map((c) => c.classification)))].sort();
    const result = await this.pool.query<{ inserted: boolean }>(
      `insert into mesh_plane.data_products as p
         (urn, typename, name, domain, version, status, description, tags, classifications, search_text, registration)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, lower($10), $11)
       on conflict (urn) do update set
         typename = excluded.typename, name = excluded.name, domain = excluded.domain, version = excluded.version,
         status = excluded.status, description = excluded.description, tags = excluded.tags,
         classifications = excluded.classifications, search_text = excluded.search_text,
         registration = excluded.registration, updated_at = now()
       where p.registration is distinct from excluded.registration
       returning xmax = 0 as inserted`,
      [r.urn, r.typename, r.name, r.domain, r.version, r.status, r.description, r.tags, classifications, searchText(r), r],
    );
    const row = result.rows[0];
    if (row === undefined) return "unchanged";
    return row.inserted ? "registered" : "updated";
  }

  /** Registered products matching every given filter, ordered by domain, then name. */
  async search(query: ProductQuery = {}): Promise<ProductRegistration[]> {
    const words =
      query.search
        ?.trim()
        .split(/\s+/)
        .filter((w) => w !== "") ?? [];
    const result = await this.pool.query<{ registration: ProductRegistration }>(
      `select registration from mesh_plane.data_products
        where not exists (select from unnest($1::text[]) as word where strpos(search_text, lower(word)) = 0)
          and ($2::text is null or domain = $2)
          and ($3::text is null or $3 = any(tags))
          and ($4::text is null or $4 = any(classifications))
        order by domain, name, urn`,
      [words, query.domain ?? null, query.tag ?? null, query.classification ?? null],
    );
    return result.rows.map((row) => row.registration);
  }

  /** The registration of `urn`, or undefined when no product has that URN. */
  async get(urn: string): Promise<ProductRegistration | undefined> {
    const result = await this.pool.query<{ registration: ProductRegistration }>(
      `select registration from mesh_plane.data_products where urn = $1`,
      [urn],
    );
    return result.rows[0]?.registration;
  }
}

/**
 * The registration checked, with exactly the fields of `ProductRegistration` (in a fixed order),
 * so that extra properties neither get stored nor make an unchanged product look changed.
 */
function checked(r: ProductRegistration): ProductRegistration {
  const urn = parseUrnOf("urn", r.urn);
  if (urn.dataset !== undefined)
    throw new InputError(`urn: "${r.urn}" names a dataset, not a product (urn:mesh:<domain>:<product>)`);
  if (urn.domain !== r.domain)
    throw new InputError(`urn: "${r.urn}" is not in domain "${r.domain}" (urn:mesh:${r.domain}:<product>)`);
  if (!isGraphQLTypeName(r.typename)) {
    throw new InputError(`typename: "${r.typename}" is not a GraphQL type name (${GRAPHQL_TYPE_NAME_RULE})`);
  }
  return {
    urn: r.urn,
    typename: r.typename,
    name: r.name,
    domain: r.domain,
    version: r.version,
    status: r.status,
    description: r.description,
    tags: [...r.tags],
    datasets: r.datasets.map((d, i) => {
      const at = `datasets[${i}]`;
      const datasetUrn = parseUrnOf(`${at}.urn`, d.urn);
      if (datasetUrn.dataset === undefined || `urn:mesh:${datasetUrn.domain}:${datasetUrn.product}` !== r.urn) {
        throw new InputError(`${at}.urn: "${d.urn}" is not a dataset of ${r.urn} (${r.urn}:<dataset>)`);
      }
      return {
        urn: d.urn,
        name: d.name,
        description: d.description,
        columns: d.columns.map((c, j) => {
          if (!(CLASSIFICATIONS as readonly string[]).includes(c.classification)) {
            throw new InputError(
              `${at}.columns[${j}].classification: "${c.classification}" is not one of ${CLASSIFICATIONS.join(", ")}`,
            );
          }
          return { name: c.name, description: c.description, classification: c.classification };
        }),
      };
    }),
  };
}

function parseUrnOf(field: string, text: string) {
  try {
    return parseUrn(text);
  } catch (error) {
    throw new InputError(`${field}: ${(error as Error).message}`, { cause: error });
  }
}

function searchText(r: ProductRegistration): string {
  return [
    r.urn,
    r.name,
    r.description,
    ...r.tags,
    ...r.datasets.flatMap((d) => [d.name, d.description, ...d.columns.flatMap((c) => [c.name, c.description])]),
  ].join("\n");
}
