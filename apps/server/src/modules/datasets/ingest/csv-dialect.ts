/** The dialect the ingest hands DuckDB explicitly, so its own sniffer cannot guess differently. */
export interface CsvDialect {
  delimiter: string;
  /** '"' — doubled inside a quoted field, as RFC 4180 writes it. */
  quote: '"';
  header: boolean;
  /** Column names: from the header row, made unique and non-empty; column_N without a header. */
  names: string[];
}

/** CSV cells read as missing: pandas' defaults that real exports use (R writes NA). */
export const CSV_MISSING_MARKERS = ['', 'NA', 'N/A', 'NaN', 'null', 'NULL'];

const DELIMITERS = [',', '\t', ';', '|'];
const MAX_SNIFF_RECORDS = 500;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Finds the delimiter that splits the sample's records into the most consistent field count,
 * then decides whether the first record is a header.
 */
export function sniffCsvDialect(sample: string, wholeFile: boolean): CsvDialect {
  let best: { delimiter: string; records: string[][]; share: number; fields: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const records = parseRecords(sample, delimiter, wholeFile);
    const { fields, share } = modalFieldCount(records);
    if (fields < 2) continue;
    if (!best || share > best.share || (share === best.share && fields > best.fields)) {
      best = { delimiter, records, share, fields };
    }
  }
  const delimiter = best?.delimiter ?? ',';
  const records = best?.records ?? parseRecords(sample, ',', wholeFile);
  const header = records.length > 0 && hasHeader(records);
  const width = records[0]?.length ?? 1;
  const names = header
    ? uniqueNames(records[0]!)
    : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
  return { delimiter, quote: '"', header, names };
}

/** RFC 4180 records of the sample; the last one is dropped when the sample cut it short. */
export function parseRecords(text: string, delimiter: string, wholeFile: boolean): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length && records.length < MAX_SNIFF_RECORDS; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') {
        field += char;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === delimiter) {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      field = '';
    } else {
      field += char;
    }
  }
  const complete = i >= text.length && !quoted;
  if (complete && (field !== '' || record.length > 0)) {
    record.push(field);
    if (wholeFile) records.push(record);
  }
  return records;
}

function modalFieldCount(records: string[][]): { fields: number; share: number } {
  const counts = new Map<number, number>();
  for (const record of records) counts.set(record.length, (counts.get(record.length) ?? 0) + 1);
  let fields = 0;
  let hits = 0;
  for (const [length, count] of counts) {
    if (count > hits || (count === hits && length > fields)) {
      fields = length;
      hits = count;
    }
  }
  return { fields, share: records.length === 0 ? 0 : hits / records.length };
}

/**
 * Votes per column, as Python's csv.Sniffer does: a header cell that is text above numbers, or
 * much longer or shorter than fixed-length values, says "header". Without any signal (all columns
 * free text), a first row of distinct, non-empty, non-numeric cells is taken as a header: most
 * exported tables have one.
 */
function hasHeader(records: string[][]): boolean {
  const [first, ...rest] = records;
  if (!first || rest.length === 0) return first !== undefined && looksLikeNames(first);
  let votes = 0;
  for (let col = 0; col < first.length; col++) {
    const values = rest
      .map((record) => record[col] ?? '')
      .filter((value) => !CSV_MISSING_MARKERS.includes(value));
    if (values.length === 0) continue;
    if (values.every((value) => NUMBER.test(value.trim()))) {
      votes += NUMBER.test(first[col]!.trim()) ? -1 : 1;
      continue;
    }
    const lengths = new Set(values.map((value) => value.length));
    if (lengths.size === 1) votes += lengths.has(first[col]!.length) ? -1 : 1;
  }
  return votes > 0 || (votes === 0 && looksLikeNames(first));
}

function looksLikeNames(cells: string[]): boolean {
  const trimmed = cells.map((cell) => cell.trim());
  return (
    trimmed.every((cell) => cell !== '' && !NUMBER.test(cell)) &&
    new Set(trimmed).size === trimmed.length
  );
}

function uniqueNames(cells: string[]): string[] {
  const seen = new Set<string>();
  return cells.map((cell, i) => {
    const base = cell.trim() === '' ? `column_${i + 1}` : cell.trim();
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
    seen.add(name);
    return name;
  });
}
