// Arrow IPC decoding, pure: message framing, schema and record batches of uncompressed flat columns
// (ints, floats, bools, strings, dates, timestamps). The server streams a file through these one
// message at a time; `readArrowIpc` reads a whole buffer for `Table.fromArrow`.
import { EngineInputError } from '../errors.js';
import { FlatTable } from './flatbuffer-table.js';

// Arrow's own enums (format/Schema.fbs, format/Message.fbs).
/** Message header types. */
export const ARROW_HEADER = { schema: 1, dictionaryBatch: 2, recordBatch: 3 } as const;
const TYPE = { null: 1, int: 2, float: 3, utf8: 5, bool: 6, date: 8, timestamp: 10, largeUtf8: 20 };
const TYPE_NAMES = [
  'NONE',
  'Null',
  'Int',
  'FloatingPoint',
  'Binary',
  'Utf8',
  'Bool',
  'Decimal',
  'Date',
  'Time',
  'Timestamp',
  'Interval',
  'List',
  'Struct',
  'Union',
  'FixedSizeBinary',
  'FixedSizeList',
  'Map',
  'Duration',
  'LargeBinary',
  'LargeUtf8',
  'LargeList',
];
const MICROS_PER_UNIT = [1_000_000n, 1_000n, 1n]; // second, milli, micro; nano divides by 1000
// A schema or record-batch header is small; anything larger is not Arrow metadata.
const MAX_METADATA_BYTES = 64 * 1024 * 1024;

/** A file that is not Arrow IPC (`corrupt`) or uses a feature this reader lacks (`unsupported`). */
export class ArrowFormatError extends EngineInputError {
  constructor(
    readonly reason: 'corrupt' | 'unsupported',
    /** The message without the `arrow:` subject prefix. */
    readonly detail: string,
  ) {
    super('arrow', detail);
  }
}

/** A corrupt-file error saying what was wrong. */
export function corruptArrow(what: string): ArrowFormatError {
  return new ArrowFormatError('corrupt', `corrupt Arrow IPC file: ${what}`);
}

/** One column of the schema, with what decoding its buffers needs. */
export interface ArrowField {
  readonly name: string;
  readonly type: 'null' | 'int' | 'float' | 'bool' | 'utf8' | 'date' | 'timestamp';
  /** Bits per value of ints and floats (32 or 64 for floats). */
  readonly bitWidth: number;
  readonly signed: boolean;
  /** Date: 0 = days, 1 = milliseconds; timestamp: 0 s, 1 ms, 2 µs, 3 ns. */
  readonly unit: number;
  /** Utf8 with 64-bit offsets (LargeUtf8). */
  readonly large: boolean;
  /** Time zone of a timestamp, null when it has none. */
  readonly timezone: string | null;
}

/**
 * A decoded value: ints as number (bigint for 64 bits), floats as number, dates as days since
 * 1970-01-01, timestamps as microseconds since the epoch (bigint); null when missing.
 */
export type ArrowCell = number | bigint | boolean | string | null;

/** Where a message's metadata starts (relative to the message) and how long it is; null at the end. */
export function messageFrame(prefix: Uint8Array): { metadataStart: number; length: number } | null {
  const view = viewOf(prefix);
  // Since Arrow 0.15 a message starts with 0xFFFFFFFF, then the metadata length.
  const continued = prefix.length >= 4 && view.getInt32(0, true) === -1;
  const at = continued ? 4 : 0;
  if (prefix.length < at + 4) throw corruptArrow(`message prefix of ${prefix.length} bytes`);
  const length = view.getInt32(at, true);
  if (length === 0) return null; // end-of-stream marker
  return { metadataStart: at + 4, length };
}

/** Checks a metadata length read at `position` against the bytes that remain before `end`. */
export function checkMetadataLength(
  length: number,
  position: number,
  metaStart: number,
  end: number,
) {
  if (length < 0 || length > MAX_METADATA_BYTES || metaStart + length > end) {
    throw corruptArrow(`message at byte ${position} declares ${length} bytes of metadata`);
  }
}

/** The header of a message and the length of the body that follows its metadata. */
export function parseMessage(metadata: Uint8Array): {
  headerType: number;
  header: FlatTable | null;
  bodyLength: number;
} {
  const message = FlatTable.root(viewOf(metadata));
  return { headerType: message.uint8(1), header: message.table(2), bodyLength: message.int64(3) };
}

/**
 * Where the messages of an IPC buffer of `size` bytes end: before the footer (flatbuffer, int32
 * length, magic) of the file format. A footer whose length cannot be right is ignored, so the
 * messages before it say what is wrong.
 */
export function footerEnd(isFile: boolean, size: number, footerLength: number): number {
  if (!isFile) return size;
  return footerLength > 0 && footerLength <= size - 18 ? size - 10 - footerLength : size - 10;
}

/**
 * The schema held in the footer of the file format (the bytes before its length and magic). Some
 * writers (Arrow's JavaScript one) put it only there, with no schema message in the stream.
 */
export function parseFooterSchema(footer: Uint8Array): ArrowField[] | null {
  if (footer.length < 4) return null;
  const schema = FlatTable.root(viewOf(footer)).table(1);
  return schema ? parseArrowSchema(schema) : null;
}

/** The fields of a schema message; throws for column types the reader cannot decode. */
export function parseArrowSchema(schema: FlatTable): ArrowField[] {
  const count = schema.vector(1).length;
  return Array.from({ length: count }, (_, i): ArrowField => {
    const field = schema.vectorTable(1, i);
    const name = field.string(0) ?? `column_${i + 1}`;
    const typeId = field.uint8(2);
    const type = field.table(3);
    if (field.table(4)) {
      throw new ArrowFormatError(
        'unsupported',
        `Arrow column "${name}" is dictionary-encoded, which is not supported yet: upload Parquet`,
      );
    }
    const base = { name, bitWidth: 0, signed: true, unit: 0, large: false, timezone: null };
    switch (typeId) {
      case TYPE.null:
        return { ...base, type: 'null' };
      case TYPE.utf8:
      case TYPE.largeUtf8:
        return { ...base, type: 'utf8', large: typeId === TYPE.largeUtf8 };
      case TYPE.bool:
        return { ...base, type: 'bool' };
      case TYPE.int: {
        const bitWidth = type!.int32(0);
        if (![8, 16, 32, 64].includes(bitWidth))
          throw corruptArrow(`integer column of ${bitWidth} bits`);
        return { ...base, type: 'int', bitWidth, signed: type!.bool(1) };
      }
      case TYPE.float: {
        const precision = type!.int16(0);
        if (precision === 0) break; // half precision
        return { ...base, type: 'float', bitWidth: precision === 1 ? 32 : 64 };
      }
      case TYPE.date:
        return { ...base, type: 'date', unit: type?.int16(0, 1) ?? 1 };
      case TYPE.timestamp:
        return {
          ...base,
          type: 'timestamp',
          unit: type?.int16(0) ?? 0,
          timezone: type?.string(1) ?? null,
        };
    }
    throw new ArrowFormatError(
      'unsupported',
      `Arrow column "${name}" has type ${TYPE_NAMES[typeId] ?? typeId}, which the Arrow reader does not support yet: upload Parquet`,
    );
  });
}

/** The record batch's columns (one array of cells per field) from its header and body. */
export function decodeRecordBatch(
  fields: readonly ArrowField[],
  batch: FlatTable,
  body: Uint8Array,
): ArrowCell[][] {
  if (batch.table(3)) {
    throw new ArrowFormatError(
      'unsupported',
      'compressed Arrow IPC (LZ4 or ZSTD buffers) is not supported yet: write it uncompressed or upload Parquet',
    );
  }
  const rows = batch.int64(0);
  let buffer = 0;
  const nextBuffer = (): DataView => {
    const offset = batch.vectorStructInt64(2, buffer, 16, 0);
    const length = batch.vectorStructInt64(2, buffer, 16, 1);
    buffer++;
    if (offset < 0 || length < 0 || offset + length > body.length) {
      throw corruptArrow(`buffer ${buffer - 1} lies outside its record batch`);
    }
    return new DataView(body.buffer, body.byteOffset + offset, length);
  };
  return fields.map((field, i) => {
    const nodeLength = batch.vectorStructInt64(1, i, 16, 0);
    if (nodeLength !== rows)
      throw corruptArrow(`column "${field.name}" has ${nodeLength} values in a batch of ${rows}`);
    return decodeColumn(field, rows, nextBuffer);
  });
}

function decodeColumn(field: ArrowField, rows: number, nextBuffer: () => DataView): ArrowCell[] {
  if (field.type === 'null') return new Array<ArrowCell>(rows).fill(null);
  const validity = nextBuffer();
  const isValid = (row: number) =>
    validity.byteLength === 0 || (validity.getUint8(row >> 3) & (1 << (row & 7))) !== 0;
  const out = new Array<ArrowCell>(rows);
  if (field.type === 'utf8') {
    const offsets = nextBuffer();
    const data = nextBuffer();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const decoder = new TextDecoder();
    const offsetAt = (row: number) =>
      field.large ? Number(offsets.getBigInt64(row * 8, true)) : offsets.getInt32(row * 4, true);
    for (let row = 0; row < rows; row++) {
      out[row] = isValid(row)
        ? decoder.decode(bytes.subarray(offsetAt(row), offsetAt(row + 1)))
        : null;
    }
    return out;
  }
  const data = nextBuffer();
  for (let row = 0; row < rows; row++) out[row] = isValid(row) ? readValue(field, data, row) : null;
  return out;
}

function readValue(field: ArrowField, data: DataView, row: number): ArrowCell {
  switch (field.type) {
    case 'bool':
      return (data.getUint8(row >> 3) & (1 << (row & 7))) !== 0;
    case 'float':
      return field.bitWidth === 32
        ? data.getFloat32(row * 4, true)
        : data.getFloat64(row * 8, true);
    case 'date':
      return field.unit === 0
        ? data.getInt32(row * 4, true)
        : Number(data.getBigInt64(row * 8, true) / 86_400_000n);
    case 'timestamp': {
      const raw = data.getBigInt64(row * 8, true);
      return field.unit === 3 ? raw / 1000n : raw * MICROS_PER_UNIT[field.unit]!;
    }
    default:
      return readInt(field, data, row);
  }
}

function readInt(field: ArrowField, data: DataView, row: number): number | bigint {
  switch (field.bitWidth) {
    case 8:
      return field.signed ? data.getInt8(row) : data.getUint8(row);
    case 16:
      return field.signed ? data.getInt16(row * 2, true) : data.getUint16(row * 2, true);
    case 32:
      return field.signed ? data.getInt32(row * 4, true) : data.getUint32(row * 4, true);
    default:
      return field.signed ? data.getBigInt64(row * 8, true) : data.getBigUint64(row * 8, true);
  }
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
