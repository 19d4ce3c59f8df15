/**
 * A source format reads one kind of file into the rows of one contract table. The ingest
 * engine streams and parses the file, hands each record to `map`, and checks every value
 * `map` emits against the contract before it reaches the database. Formats contain only what
 * is particular to a file's shape (which lines to skip, which columns, missing-value markers,
 * reshaping); types, ranges and allowed values are checked by the engine from the contract.
 */
export interface SourceFormat {
  /** Short kebab-case name, used by `mesh ingest --format`. */
  name: string;
  description: string;
  /** How the file is laid out. */
  layout: {
    /** Lines to skip before the header (or before the first record when there is no header). */
    skipLines?: number;
    /** `","` unless said otherwise. */
    delimiter?: string;
    /**
     * The header the file must have, exactly (after trimming each name), or `false` for a file
     * without a header, in which case `columnCount` fields are expected on each line.
     */
    header: readonly string[] | false;
    columnCount?: number;
    /** Drop trailing empty fields named "" (World Bank exports end every line with a comma). */
    allowTrailingEmptyColumn?: boolean;
  };
  /** Parameters the format needs, e.g. the site a hospital file comes from. */
  parameters?: Readonly<Record<string, ParameterSpec>>;
  /**
   * Turns one record (its fields as strings, in file order) into zero or more rows. Each row is
   * an array of raw values in the order of `columns` of the dataset's contract table: strings
   * in the canonical text form of the column's type (`2015-03-01`, `12.5`, `true`) or `null`.
   * Throw a `RowError` for a problem the contract cannot see (an unknown country name).
   */
  map(record: readonly string[], emit: (row: Array<string | null>) => void, context: MapContext): void;
}

export interface ParameterSpec {
  description: string;
  /** A pattern whose first group, matched against the file's base name, supplies the value. */
  fromFileName?: RegExp;
  /** Allowed values, when the set is closed. */
  values?: readonly string[];
}

export interface MapContext {
  /** The parameters, resolved and checked. */
  params: Readonly<Record<string, string>>;
  /** 1-based number of this record among the file's data records (header and skipped lines excluded). */
  row: number;
}

/** A problem with one record that the format found; the engine adds the file and row. */
export class RowError extends Error {
  constructor(
    readonly column: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`column ${column}, value "${value}": ${reason}`);
  }
}
