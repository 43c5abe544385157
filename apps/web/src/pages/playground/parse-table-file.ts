/** A table read in the browser: row objects whose cells are numbers, strings or null. */
export interface ParsedTable {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, number | string | null>[];
}

/** Files larger than this are for the server: the playground trains on small data. */
export const MAX_PLAYGROUND_BYTES = 20 * 1024 * 1024;

/** Reads a CSV, TSV, JSON (array of objects) or JSON Lines file; throws an Error saying what is wrong. */
export async function parseTableFile(file: File): Promise<ParsedTable> {
  if (file.size > MAX_PLAYGROUND_BYTES) {
    throw new Error(
      `${file.name} is ${Math.round(file.size / 1024 / 1024)} MB; the playground takes files up to 20 MB (upload larger ones to a project)`,
    );
  }
  return parseTableText(await file.text(), file.name);
}

/** Parses text by its file name's extension (CSV when unknown). */
export function parseTableText(text: string, fileName: string): ParsedTable {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'json') return fromRecords(parseJsonArray(text));
  if (ext === 'jsonl' || ext === 'ndjson') return fromRecords(parseJsonLines(text));
  return parseDelimited(text, ext === 'tsv' ? '\t' : ',');
}

function parseJsonArray(text: string): unknown[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error('a JSON file must hold an array of row objects');
  return value;
}

function parseJsonLines(text: string): unknown[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line !== '')
    .map(({ line, i }) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new Error(`line ${i + 1} is not valid JSON`);
      }
    });
}

function fromRecords(records: unknown[]): ParsedTable {
  const columns = new Set<string>();
  const rows = records.map((record, i) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new Error(`row ${i + 1} is not an object of column values`);
    }
    const row: Record<string, number | string | null> = {};
    for (const [key, value] of Object.entries(record)) {
      columns.add(key);
      row[key] = toCell(value);
    }
    return row;
  });
  return checked({ columns: [...columns], rows });
}

function toCell(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * RFC 4180 fields: quoted fields may hold the delimiter, newlines and doubled quotes. Empty
 * fields are missing; a field that reads as a finite number is a number.
 */
export function parseDelimited(text: string, delimiter: string): ParsedTable {
  const records = splitRecords(text.replace(/^\uFEFF/, ''), delimiter);
  const header = records.shift();
  if (!header || header.every((h) => h.trim() === ''))
    throw new Error('the file has no header row');
  const columns = header.map((name, i) => name.trim() || `column_${i + 1}`);
  if (new Set(columns).size !== columns.length) throw new Error('the header repeats a column name');
  const rows = records
    .filter((fields) => !(fields.length === 1 && fields[0] === ''))
    .map((fields, r) => {
      if (fields.length !== columns.length) {
        throw new Error(
          `row ${r + 2} has ${fields.length} fields; the header has ${columns.length}`,
        );
      }
      return Object.fromEntries(columns.map((name, i) => [name, readField(fields[i]!)]));
    });
  return checked({ columns, rows });
}

function readField(field: string): number | string | null {
  const trimmed = field.trim();
  if (trimmed === '' || trimmed === 'NA' || trimmed === 'null') return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : field;
}

function splitRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error('a quoted field is never closed');
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push(fields);
  }
  return records;
}

function checked(table: ParsedTable): ParsedTable {
  if (table.rows.length < 10)
    throw new Error(`the file has ${table.rows.length} rows; training needs at least 10`);
  if (table.columns.length < 2)
    throw new Error('the file needs at least two columns: a target and a feature');
  return table;
}
