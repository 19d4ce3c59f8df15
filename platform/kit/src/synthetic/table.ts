import type pg from "pg";
import { synthesizerDefaults, type ColumnSpec as ContractColumn } from "@mesh/contracts";
import type { CellValue, Table } from "@mesh/core";
import type { ColumnModel, ColumnSpec } from "@mesh/synth";
import type { Dataset } from "../define.js";

export interface SynthesisColumns {
  /** What the synthesizer learns and generates, in the table's column order. */
  model: ColumnModel;
  /** Columns it does not learn, and why: identifiers are generated fresh, PHI never feeds a model. */
  excluded: Array<{ column: string; reason: string }>;
  /** The excluded columns that get a fresh value in each synthetic row (`synthetic-<n>`, or n for an integer); the others are null. */
  fresh: string[];
}

/**
 * The synthesizer's column model of a dataset, from its contract: kinds from logical types,
 * nullability from `required`, bounds from `logicalTypeOptions` (dates as epoch ms), allowed
 * values from the `invalidValues` rule, decimals from `numeric(p,s)`.
 */
export function synthesisColumns(dataset: Dataset): SynthesisColumns {
  const model: ColumnSpec[] = [];
  const excluded: SynthesisColumns["excluded"] = [];
  // A row's identifier: a unique column, or the last column of the primary key (a single-column
  // key, or the record number within the groups the other key columns form, e.g. site_record
  // within site). The other key columns are attributes like any other.
  // A natural key (the contract's meshSynthesizer says so: a place and a week) is made of facts,
  // learnt like the other columns; only a unique column is then an identifier.
  const key = dataset.table.primaryKey;
  const declared = synthesizerDefaults(dataset.contract.document);
  const identifier = (name: string, unique: boolean) => unique || (!declared.naturalKey && name === key[key.length - 1]);
  const leftOut = new Set(declared.exclude);
  const fresh: string[] = [];
  for (const column of dataset.table.columns) {
    // A key column not learnt must still be filled; a unique column the contract leaves out
    // (an ISO code beside the key) is null like any other left-out column.
    const inKey = column.primaryKeyPosition !== undefined;
    if (column.classification === "phi") {
      excluded.push({ column: column.name, reason: "phi: never used to train a synthesizer" });
      if (inKey || column.unique) fresh.push(column.name);
    } else if (leftOut.has(column.name) && !(inKey && identifier(column.name, column.unique))) {
      excluded.push({ column: column.name, reason: "left out by the contract's meshSynthesizer: null in synthetic rows" });
    } else if (identifier(column.name, column.unique)) {
      excluded.push({ column: column.name, reason: "identifier: generated fresh for each synthetic row, not learned" });
      fresh.push(column.name);
    } else {
      model.push(specOf(column));
    }
  }
  return { model, excluded, fresh };
}

function specOf(column: ContractColumn): ColumnSpec {
  const base = { name: column.name, nullable: !column.required };
  const bounds = (minimum: number | undefined, maximum: number | undefined) => ({
    ...(minimum !== undefined ? { minimum } : {}),
    ...(maximum !== undefined ? { maximum } : {}),
  });
  switch (column.logicalType) {
    case "integer":
      return { ...base, kind: "numerical", integer: true, ...bounds(column.minimum, column.maximum) };
    case "number": {
      const scale = /^numeric\(\s*\d+\s*,\s*(\d+)\s*\)$/.exec(column.physicalType)?.[1];
      return {
        ...base,
        kind: "numerical",
        ...(scale !== undefined ? { decimals: Number(scale) } : {}),
        ...bounds(column.minimum, column.maximum),
      };
    }
    case "boolean":
      return { ...base, kind: "boolean" };
    case "date":
    case "timestamp":
      return {
        ...base,
        kind: "datetime",
        ...bounds(
          column.earliest !== undefined ? Date.parse(column.earliest) : undefined,
          column.latest !== undefined ? Date.parse(column.latest) : undefined,
        ),
      };
    default:
      return {
        ...base,
        kind: "categorical",
        ...(column.allowedValues ? { allowedValues: column.allowedValues.map(toCell) } : {}),
      };
  }
}

const toCell = (value: unknown): CellValue =>
  typeof value === "number" || typeof value === "string" || typeof value === "boolean" ? value : String(value);

/**
 * Reads the columns of a model from the dataset's table, as the synthesizer takes them (dates as
 * epoch ms); with `from`, the rows of one version in its synthetic table instead.
 */
export async function readTable(
  pool: pg.Pool,
  dataset: Dataset,
  model: ColumnModel,
  from?: { table: string; versionId: string },
): Promise<Table> {
  const select = model
    .map((spec) => {
      const name = `"${spec.name.replace(/"/g, '""')}"`;
      if (spec.kind === "datetime") return `(extract(epoch from ${name}) * 1000)::float8 as ${name}`;
      if (spec.kind === "numerical") return `${name}::float8 as ${name}`;
      return name;
    })
    .join(", ");
  const order = dataset.table.primaryKey.map((c) => `"${c}"`).join(", ");
  const table = `"${dataset.schema}"."${(from?.table ?? dataset.table.physicalName).replace(/"/g, '""')}"`;
  const result = await pool.query<Record<string, CellValue>>(
    `select ${select} from ${table}${from ? " where version_id = $1" : ""}${order ? ` order by ${order}` : ""}`,
    from ? [from.versionId] : [],
  );
  return {
    columns: model.map((spec) => ({
      name: spec.name,
      kind: spec.kind,
      values: result.rows.map((row) => row[spec.name] ?? null),
    })),
  };
}
