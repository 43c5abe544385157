import type { InputField } from '@aistudio/engine';
import { ValidationError } from '../../http/errors.js';

/**
 * Records from a CSV body (header row first, RFC 4180 quoting). Cells of numeric inputs become
 * numbers when they read as finite ones and null when empty; anything else stays a string, so the
 * model's validation names the cell. Other cells stay strings (empty: null).
 */
export function csvToRecords(
  text: string,
  inputs: readonly InputField[],
): Record<string, unknown>[] {
  const rows = parseCsv(text).filter((row) => !(row.length === 1 && row[0] === ''));
  const header = rows.shift();
  if (!header)
    throw ValidationError.field('body', 'is an empty CSV; send a header row and data rows');
  const numeric = new Set(inputs.filter((f) => f.kind === 'numeric').map((f) => f.name));
  return rows.map((cells, i) => {
    if (cells.length !== header.length) {
      throw ValidationError.field(
        `csv.rows[${i}]`,
        `has ${cells.length} cells; the header has ${header.length}`,
      );
    }
    return Object.fromEntries(
      header.map((name, c) => [name, cellValue(cells[c]!, numeric.has(name))]),
    );
  });
}

function cellValue(cell: string, numeric: boolean): string | number | null {
  if (cell === '') return null;
  if (!numeric) return cell;
  const value = Number(cell.trim());
  return Number.isFinite(value) && cell.trim() !== '' ? value : cell;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw ValidationError.field('body', 'has a quoted CSV cell that is never closed');
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
