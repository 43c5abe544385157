// A whole Arrow IPC buffer (file or stream format) to columns of numbers or strings.
import {
  ARROW_HEADER,
  ArrowFormatError,
  checkMetadataLength,
  corruptArrow,
  decodeRecordBatch,
  footerEnd,
  messageFrame,
  parseArrowSchema,
  parseFooterSchema,
  parseMessage,
  type ArrowCell,
  type ArrowField,
} from './arrow-ipc.js';

const FILE_MAGIC = 'ARROW1';
const MS_PER_DAY = 86_400_000;

/** A decoded column: numbers (NaN = missing) or strings (null = missing). */
export type ArrowColumnData =
  | { readonly name: string; readonly numbers: Float64Array }
  | { readonly name: string; readonly strings: (string | null)[] };

/**
 * Reads every record batch of an Arrow IPC file or stream. Ints, floats and booleans (0/1) become
 * numbers, dates and timestamps epoch milliseconds, strings stay strings.
 */
export function readArrowIpc(bytes: Uint8Array): ArrowColumnData[] {
  const isFile =
    bytes.length >= 10 && new TextDecoder().decode(bytes.subarray(0, 6)) === FILE_MAGIC;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  const footerLength = isFile ? view.getInt32(size - 10, true) : 0;
  const end = footerEnd(isFile, size, footerLength);
  let position = isFile ? 8 : 0;
  let fields = end < size - 10 ? parseFooterSchema(bytes.subarray(end, size - 10)) : null;
  let columns: ArrowCell[][] = fields?.map(() => []) ?? [];
  while (position + 4 <= end) {
    const frame = messageFrame(bytes.subarray(position, Math.min(position + 8, end)));
    if (!frame) break;
    const metaStart = position + frame.metadataStart;
    checkMetadataLength(frame.length, position, metaStart, end);
    const { headerType, header, bodyLength } = parseMessage(
      bytes.subarray(metaStart, metaStart + frame.length),
    );
    const bodyStart = metaStart + frame.length;
    if (!header || bodyLength < 0 || bodyStart + bodyLength > end) {
      throw corruptArrow(`message at byte ${position} has a body past the end of the file`);
    }
    if (headerType === ARROW_HEADER.schema) {
      fields = parseArrowSchema(header);
      columns = fields.map(() => []);
    } else if (headerType === ARROW_HEADER.dictionaryBatch) {
      throw new ArrowFormatError(
        'unsupported',
        'dictionary-encoded Arrow columns are not supported yet: decode them first',
      );
    } else if (headerType === ARROW_HEADER.recordBatch) {
      if (!fields) throw corruptArrow(`record batch at byte ${position} before the schema`);
      const body = bytes.subarray(bodyStart, bodyStart + bodyLength);
      decodeRecordBatch(fields, header, body).forEach((cells, i) => {
        const column = columns[i]!;
        for (const cell of cells) column.push(cell);
      });
    }
    position = bodyStart + bodyLength;
  }
  if (!fields) throw corruptArrow('no schema message');
  return fields.map((field, i) => toColumnData(field, columns[i]!));
}

function toColumnData(field: ArrowField, cells: ArrowCell[]): ArrowColumnData {
  if (field.type === 'utf8') return { name: field.name, strings: cells as (string | null)[] };
  // Dates count days and timestamps microseconds; the engine's datetime step reads epoch ms.
  const toNumber =
    field.type === 'date'
      ? (cell: ArrowCell) => Number(cell) * MS_PER_DAY
      : field.type === 'timestamp'
        ? (cell: ArrowCell) => Number(cell) / 1000
        : Number;
  return {
    name: field.name,
    numbers: Float64Array.from(cells, (cell) => (cell === null ? NaN : toNumber(cell))),
  };
}
