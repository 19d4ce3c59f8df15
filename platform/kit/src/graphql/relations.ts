/** A sort key of a record query. */
export interface Order {
  column: string;
  direction: "ASC" | "DESC";
}

/**
 * A field a domain adds to one of its types, answered from one of its datasets: e.g.
 * `Location.shipments`, the logistics shipments whose `country_code` is the location's code.
 * The kit writes the SDL and the resolver (with pagination, filters, access checks).
 */
export interface RelationDefinition {
  /** The GraphQL type the field is added to, e.g. `Location`. */
  type: string;
  field: string;
  description: string;
  /** `<product>/<dataset>` of this domain. */
  dataset: string;
  /** `connection`: a paginated, filterable connection; `list`: every match, in `orderBy`. */
  kind: "connection" | "list";
  /** Column values a record must have, from the parent object: `(location) => ({ country_code: location.code })`. */
  match: (parent: Record<string, unknown>) => Record<string, unknown>;
  /** Fixed conditions, e.g. `{ indicator: "SH.DYN.AIDS.ZS" }`. */
  where?: Record<string, unknown>;
  /** For `list` (and the default order of a connection). */
  orderBy?: readonly Order[];
}

/** A root query returning one record by its key columns, e.g. `location(code: "ZA")`. */
export interface LookupDefinition {
  query: string;
  description: string;
  /** `<product>/<dataset>` of this domain. */
  dataset: string;
  /** Key columns, each becoming a required argument named after its field. */
  by: readonly string[];
}
