import { readArrowIpc } from './arrow/read-arrow.js';
import { EngineInputError } from './errors.js';

/** A numeric column: NaN marks a missing value. */
export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly values: Float64Array;
}

/** A dictionary-encoded column: `codes[i]` indexes `categories`, -1 marks a missing value. */
export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  readonly codes: Int32Array;
  readonly categories: readonly string[];
}

/** A free-text column (`null` = missing); the pipeline turns it into numbers (TF-IDF, hashing, dates). */
export interface TextColumn {
  readonly kind: 'text';
  readonly name: string;
  readonly values: readonly (string | null)[];
}

export type Column = NumericColumn | CategoricalColumn | TextColumn;

/** The kind of a column: numeric, categorical or text. */
export type ColumnKind = Column['kind'];

/** What `Table.fromColumns` accepts for one column. */
export type ColumnInput =
  | Float64Array
  | readonly (number | null | undefined)[]
  | readonly (string | null | undefined)[]
  | { readonly codes: Int32Array; readonly categories: readonly string[] }
  | { readonly text: readonly (string | null | undefined)[] };

/** Options of `Table.fromRecords`. */
export interface FromRecordsOptions {
  /** Columns to dictionary-encode even when every value is a number. */
  readonly categorical?: readonly string[];
  /** Columns to keep as free text (strings, null = missing) instead of dictionary-encoding them. */
  readonly text?: readonly string[];
}

type RecordValue = unknown;

/** A columnar, immutable table of numeric, categorical and text columns of equal length. */
export class Table {
  readonly #byName: Map<string, Column>;

  private constructor(
    readonly numRows: number,
    readonly columns: readonly Column[],
  ) {
    this.#byName = new Map(columns.map((c) => [c.name, c]));
    if (this.#byName.size !== columns.length) {
      throw new EngineInputError('columns', 'column names must be unique');
    }
    for (const c of columns) {
      const length = columnLength(c);
      if (length !== numRows) {
        throw new EngineInputError(c.name, `has ${length} rows, expected ${numRows}`);
      }
    }
  }

  /** Builds a table from ready columns; every column must have the same length. */
  static fromColumnList(columns: readonly Column[]): Table {
    const first = columns[0];
    return new Table(first ? columnLength(first) : 0, columns);
  }

  /** Builds a table from named arrays: numbers become numeric columns, strings categorical ones. */
  static fromColumns(columns: Readonly<Record<string, ColumnInput>>): Table {
    return Table.fromColumnList(
      Object.entries(columns).map(([name, input]) => columnFromInput(name, input)),
    );
  }

  /** Builds a table from row objects, inferring numeric columns where every value is a number. */
  static fromRecords(
    rows: readonly Readonly<Record<string, RecordValue>>[],
    options: FromRecordsOptions = {},
  ): Table {
    const names = new Set<string>();
    for (const row of rows) for (const key of Object.keys(row)) names.add(key);
    const forced = new Set(options.categorical ?? []);
    const text = new Set(options.text ?? []);
    for (const name of text) {
      if (forced.has(name)) throw new EngineInputError(name, 'cannot be both categorical and text');
    }
    const columns = [...names].map((name): Column => {
      const values = rows.map((row) => row[name]);
      if (text.has(name)) return textColumn(name, values);
      return forced.has(name) || !values.every(isNumberOrMissing)
        ? encodeCategorical(name, values)
        : numericColumn(
            name,
            Float64Array.from(values, (v) => (isMissing(v) ? NaN : Number(v))),
          );
    });
    return new Table(rows.length, columns);
  }

  /**
   * Builds a table from an Arrow IPC file or stream: numbers, booleans (0/1), dates and
   * timestamps (epoch ms) become numeric columns, strings categorical ones, or text with `text`.
   */
  static fromArrow(bytes: Uint8Array, options: Pick<FromRecordsOptions, 'text'> = {}): Table {
    const text = new Set(options.text ?? []);
    const columns = readArrowIpc(bytes).map((column): Column => {
      if ('numbers' in column) {
        if (text.has(column.name))
          throw new EngineInputError(column.name, 'is not a string column');
        return numericColumn(column.name, column.numbers);
      }
      return text.has(column.name)
        ? textColumn(column.name, column.strings)
        : encodeCategorical(column.name, column.strings);
    });
    for (const name of text) {
      if (!columns.some((c) => c.name === name)) {
        throw new EngineInputError(name, 'no such column in the Arrow data');
      }
    }
    return Table.fromColumnList(columns);
  }

  /** The column called `name`; throws when there is none. */
  column(name: string): Column {
    const column = this.#byName.get(name);
    if (!column) throw new EngineInputError(name, 'no such column in the table');
    return column;
  }

  /** True when the table has a column called `name`. */
  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** A new table holding the given rows, in the given order. */
  take(rows: ArrayLike<number>): Table {
    const n = rows.length;
    return new Table(
      n,
      this.columns.map((c) => {
        if (c.kind === 'numeric') {
          const values = new Float64Array(n);
          for (let i = 0; i < n; i++) values[i] = c.values[rows[i]!]!;
          return numericColumn(c.name, values);
        }
        if (c.kind === 'text') {
          const values = new Array<string | null>(n);
          for (let i = 0; i < n; i++) values[i] = c.values[rows[i]!]!;
          return { kind: 'text', name: c.name, values };
        }
        const codes = new Int32Array(n);
        for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i]!]!;
        return { kind: 'categorical', name: c.name, codes, categories: c.categories };
      }),
    );
  }

  /** A new table without the named columns. */
  drop(names: readonly string[]): Table {
    const dropped = new Set(names);
    return new Table(
      this.numRows,
      this.columns.filter((c) => !dropped.has(c.name)),
    );
  }
}

/** Wraps a Float64Array as a numeric column (NaN = missing). */
export function numericColumn(name: string, values: Float64Array): NumericColumn {
  return { kind: 'numeric', name, values };
}

/** Number of rows of a column, whatever its kind. */
export function columnLength(column: Column): number {
  return column.kind === 'categorical' ? column.codes.length : column.values.length;
}

function textColumn(name: string, values: readonly RecordValue[]): TextColumn {
  return {
    kind: 'text',
    name,
    values: values.map((v) => (v === null || v === undefined ? null : String(v))),
  };
}

function isMissing(value: RecordValue): boolean {
  return value === null || value === undefined || (typeof value === 'number' && isNaN(value));
}

function isNumberOrMissing(value: RecordValue): boolean {
  return typeof value === 'number' || isMissing(value);
}

function encodeCategorical(name: string, values: readonly RecordValue[]): CategoricalColumn {
  const index = new Map<string, number>();
  const categories: string[] = [];
  const codes = new Int32Array(values.length);
  values.forEach((value, i) => {
    if (isMissing(value)) {
      codes[i] = -1;
      return;
    }
    const key = String(value);
    let code = index.get(key);
    if (code === undefined) {
      code = categories.push(key) - 1;
      index.set(key, code);
    }
    codes[i] = code;
  });
  return { kind: 'categorical', name, codes, categories };
}

function columnFromInput(name: string, input: ColumnInput): Column {
  if (input instanceof Float64Array) return numericColumn(name, input);
  if ('text' in input) return textColumn(name, input.text);
  if ('codes' in input) {
    for (const code of input.codes) {
      if (code < -1 || code >= input.categories.length) {
        throw new EngineInputError(name, `category code ${code} is out of range`);
      }
    }
    return { kind: 'categorical', name, codes: input.codes, categories: input.categories };
  }
  const values: readonly RecordValue[] = input;
  return values.every(isNumberOrMissing)
    ? numericColumn(
        name,
        Float64Array.from(values, (v) => (isMissing(v) ? NaN : Number(v))),
      )
    : encodeCategorical(name, values);
}
