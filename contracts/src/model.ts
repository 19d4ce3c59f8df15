/**
 * The parts of ODCS v3.1.0 and ODPS v1.0.0 documents that Mesh reads. The documents themselves
 * are validated against the official JSON Schemas; these types describe what is then relied on.
 */

/** Column classification, in increasing order of protection. */
export const CLASSIFICATIONS = ["public", "sensitive-attribute", "quasi-identifier", "phi"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export type LogicalType = "string" | "date" | "timestamp" | "time" | "number" | "integer" | "boolean" | "object" | "array";

export interface CustomProperty {
  property: string;
  value: unknown;
  description?: string;
}

export interface QualityRule {
  type?: "text" | "library" | "sql" | "custom";
  metric?: "nullValues" | "missingValues" | "invalidValues" | "duplicateValues" | "rowCount";
  arguments?: Record<string, unknown>;
  description?: string;
  dimension?: string;
  unit?: string;
  mustBe?: unknown;
  mustBeGreaterThan?: number;
  mustBeGreaterOrEqualTo?: number;
  mustBeLessThan?: number;
  mustBeLessOrEqualTo?: number;
  mustBeBetween?: [number, number];
  [key: string]: unknown;
}

export interface OdcsProperty {
  name: string;
  businessName?: string;
  description?: string;
  logicalType?: LogicalType;
  logicalTypeOptions?: Record<string, unknown>;
  physicalType?: string;
  physicalName?: string;
  required?: boolean;
  unique?: boolean;
  primaryKey?: boolean;
  primaryKeyPosition?: number;
  classification?: string;
  examples?: unknown[];
  quality?: QualityRule[];
  customProperties?: CustomProperty[];
  [key: string]: unknown;
}

export interface OdcsSchemaObject {
  name: string;
  physicalName?: string;
  physicalType?: string;
  businessName?: string;
  description?: string;
  properties?: OdcsProperty[];
  quality?: QualityRule[];
  customProperties?: CustomProperty[];
  [key: string]: unknown;
}

export interface OdcsContract {
  apiVersion: string;
  kind: "DataContract";
  id: string;
  name?: string;
  version: string;
  status: string;
  domain?: string;
  dataProduct?: string;
  tenant?: string;
  tags?: string[];
  description?: { purpose?: string; usage?: string; limitations?: string; [key: string]: unknown };
  schema?: OdcsSchemaObject[];
  slaProperties?: Array<{ property: string; value: unknown; unit?: string; element?: string; [key: string]: unknown }>;
  team?: unknown;
  customProperties?: CustomProperty[];
  [key: string]: unknown;
}

export interface OdpsPort {
  name: string;
  version: string;
  contractId?: string;
  description?: string;
  type?: string;
  customProperties?: CustomProperty[];
  [key: string]: unknown;
}

export interface OdpsDescriptor {
  apiVersion: string;
  kind: "DataProduct";
  id: string;
  name?: string;
  version?: string;
  status: string;
  domain?: string;
  tenant?: string;
  tags?: string[];
  description?: { purpose?: string; usage?: string; limitations?: string; [key: string]: unknown };
  inputPorts?: OdpsPort[];
  outputPorts?: OdpsPort[];
  team?: unknown;
  customProperties?: CustomProperty[];
  [key: string]: unknown;
}

/** A document as read from disk: the parsed value and the original text. */
export interface Loaded<T> {
  document: T;
  yaml: string;
  /** Where it came from (a path, or a label for text). */
  source: string;
}

/** One column of a contract table, normalised for the ingest engine and for code generation. */
export interface ColumnSpec {
  name: string;
  description: string;
  logicalType: LogicalType;
  physicalType: string;
  required: boolean;
  unique: boolean;
  /** 1-based position in the primary key, or undefined. */
  primaryKeyPosition: number | undefined;
  classification: Classification;
  unit: string | undefined;
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  /** For date and timestamp columns: the inclusive bounds (`logicalTypeOptions.minimum`/`maximum`), ISO 8601. */
  earliest: string | undefined;
  latest: string | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  pattern: string | undefined;
  /** From a `invalidValues` quality rule's `arguments.validValues`. */
  allowedValues: ReadonlyArray<string | number | boolean> | undefined;
}

/** One table of a contract: a schema object with `physicalType: table`. */
export interface TableSpec {
  /** The schema object's name in the contract. */
  name: string;
  /** The PostgreSQL table (the schema object's `physicalName`). */
  physicalName: string;
  description: string;
  columns: readonly ColumnSpec[];
  primaryKey: readonly string[];
}
