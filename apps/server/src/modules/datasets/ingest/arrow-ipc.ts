import { open, type FileHandle } from 'node:fs/promises';
import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  DuckDBDataChunk,
  FLOAT,
  INTEGER,
  SMALLINT,
  TIMESTAMP,
  TIMESTAMPTZ,
  TINYINT,
  UBIGINT,
  UINTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR,
  dateValue,
  timestampTZValue,
  timestampValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { quoteIdentifier, type DuckDBSession } from './duckdb-session.js';
import { FlatTable } from './flatbuffer-table.js';
import { IngestError } from './ingest-error.js';

// Arrow's own enums (format/Schema.fbs, format/Message.fbs).
const HEADER = { schema: 1, dictionaryBatch: 2, recordBatch: 3 } as const;
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
const CHUNK_ROWS = 2048; // DuckDB's vector size: a data chunk holds at most this many rows
// A schema or record-batch header is small; anything larger is not Arrow metadata.
const MAX_METADATA_BYTES = 64 * 1024 * 1024;

interface ArrowColumn {
  name: string;
  typeId: number;
  duckdbType: DuckDBType;
  sql: string;
  bitWidth: number;
  signed: boolean;
  unit: number;
}

/**
 * Reads an Arrow IPC file or stream (uncompressed; flat columns of ints, floats, bools, strings,
 * dates and timestamps) message by message into a new DuckDB table, so memory holds one record
 * batch at a time. DuckDB has no Arrow reader offline (its arrow extension is not bundled).
 */
export async function loadArrowIpc(
  session: DuckDBSession,
  path: string,
  tableName: string,
): Promise<void> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const isFile = (await readBytes(file, 0, 6)).toString('latin1') === 'ARROW1';
    // The file format ends with a footer (flatbuffer, int32 length, magic) after the stream.
    const end = isFile ? size - 10 - (await readBytes(file, size - 10, 4)).readInt32LE(0) : size;
    let position = isFile ? 8 : 0;
    let columns: ArrowColumn[] | null = null;
    while (position + 4 <= end) {
      const message = await readMessage(file, position, end);
      if (!message) break;
      position = message.next;
      if (message.headerType === HEADER.schema) {
        columns = parseSchema(message.header);
        const definitions = columns.map(
          (column) => `${quoteIdentifier(column.name)} ${column.sql}`,
        );
        await session.run(`CREATE TABLE ${tableName} (${definitions.join(', ')})`);
      } else if (message.headerType === HEADER.dictionaryBatch) {
        throw new IngestError(
          'unsupported_format',
          'dictionary-encoded Arrow columns are not supported yet: decode them (e.g. pyarrow Table.cast) or upload Parquet',
        );
      } else if (message.headerType === HEADER.recordBatch) {
        if (!columns) throw corrupt(`record batch at byte ${position} before the schema`);
        await appendRecordBatch(session, tableName, columns, message.header, message.body);
      }
    }
    if (!columns) throw corrupt('no schema message');
  } finally {
    await file.close();
  }
}

function corrupt(what: string): IngestError {
  return new IngestError('corrupt_arrow', `corrupt Arrow IPC file: ${what}`);
}

async function readBytes(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead < length)
    throw corrupt(`ends at byte ${position + bytesRead}, ${length} bytes expected`);
  return buffer;
}

async function readMessage(file: FileHandle, position: number, end: number) {
  let prefix = await readBytes(file, position, 4);
  let metaStart = position + 4;
  // Since Arrow 0.15 a message starts with 0xFFFFFFFF, then the metadata length.
  if (prefix.readInt32LE(0) === -1) {
    prefix = await readBytes(file, metaStart, 4);
    metaStart += 4;
  }
  const metadataLength = prefix.readInt32LE(0);
  if (metadataLength === 0) return null; // end-of-stream marker
  if (
    metadataLength < 0 ||
    metadataLength > MAX_METADATA_BYTES ||
    metaStart + metadataLength > end
  ) {
    throw corrupt(`message at byte ${position} declares ${metadataLength} bytes of metadata`);
  }
  const metadata = await readBytes(file, metaStart, metadataLength);
  const message = FlatTable.root(
    new DataView(metadata.buffer, metadata.byteOffset, metadata.length),
  );
  const headerType = message.uint8(1);
  const header = message.table(2);
  const bodyLength = message.int64(3);
  const bodyStart = metaStart + metadataLength;
  if (!header || bodyLength < 0 || bodyStart + bodyLength > end) {
    throw corrupt(`message at byte ${position} has a body past the end of the file`);
  }
  const body = bodyLength > 0 ? await readBytes(file, bodyStart, bodyLength) : Buffer.alloc(0);
  return { headerType, header, body, next: bodyStart + bodyLength };
}

function parseSchema(schema: FlatTable): ArrowColumn[] {
  const count = schema.vector(1).length;
  return Array.from({ length: count }, (_, i) => {
    const field = schema.vectorTable(1, i);
    const name = field.string(0) ?? `column_${i + 1}`;
    const typeId = field.uint8(2);
    const type = field.table(3);
    if (field.table(4)) {
      throw new IngestError(
        'unsupported_format',
        `Arrow column "${name}" is dictionary-encoded, which is not supported yet: upload Parquet`,
      );
    }
    const column = { name, typeId, bitWidth: 0, signed: true, unit: 0 };
    switch (typeId) {
      case TYPE.null:
      case TYPE.utf8:
      case TYPE.largeUtf8:
        return { ...column, duckdbType: VARCHAR, sql: 'VARCHAR' };
      case TYPE.bool:
        return { ...column, duckdbType: BOOLEAN, sql: 'BOOLEAN' };
      case TYPE.int: {
        const bitWidth = type!.int32(0);
        const signed = type!.bool(1);
        const [duckdbType, sql] = intType(bitWidth, signed);
        return { ...column, bitWidth, signed, duckdbType, sql };
      }
      case TYPE.float: {
        const precision = type!.int16(0);
        if (precision === 0) break; // half precision
        return {
          ...column,
          bitWidth: precision === 1 ? 32 : 64,
          duckdbType: precision === 1 ? FLOAT : DOUBLE,
          sql: precision === 1 ? 'FLOAT' : 'DOUBLE',
        };
      }
      case TYPE.date:
        return { ...column, unit: type?.int16(0, 1) ?? 1, duckdbType: DATE, sql: 'DATE' };
      case TYPE.timestamp: {
        const zoned = type?.string(1) != null;
        return {
          ...column,
          unit: type?.int16(0) ?? 0,
          duckdbType: zoned ? TIMESTAMPTZ : TIMESTAMP,
          sql: zoned ? 'TIMESTAMPTZ' : 'TIMESTAMP',
        };
      }
    }
    throw new IngestError(
      'unsupported_format',
      `Arrow column "${name}" has type ${TYPE_NAMES[typeId] ?? typeId}, which the Arrow reader does not support yet: upload Parquet`,
    );
  });
}

function intType(bitWidth: number, signed: boolean): [DuckDBType, string] {
  const types: Record<number, [DuckDBType, string, DuckDBType, string]> = {
    8: [TINYINT, 'TINYINT', UTINYINT, 'UTINYINT'],
    16: [SMALLINT, 'SMALLINT', USMALLINT, 'USMALLINT'],
    32: [INTEGER, 'INTEGER', UINTEGER, 'UINTEGER'],
    64: [BIGINT, 'BIGINT', UBIGINT, 'UBIGINT'],
  };
  const found = types[bitWidth];
  if (!found) throw corrupt(`integer column of ${bitWidth} bits`);
  return signed ? [found[0], found[1]] : [found[2], found[3]];
}

async function appendRecordBatch(
  session: DuckDBSession,
  tableName: string,
  columns: ArrowColumn[],
  batch: FlatTable,
  body: Buffer,
): Promise<void> {
  if (batch.table(3)) {
    throw new IngestError(
      'unsupported_format',
      'compressed Arrow IPC (LZ4 or ZSTD buffers) is not supported yet: write it uncompressed or upload Parquet',
    );
  }
  const rows = batch.int64(0);
  let buffer = 0;
  const nextBuffer = () => {
    const offset = batch.vectorStructInt64(2, buffer, 16, 0);
    const length = batch.vectorStructInt64(2, buffer, 16, 1);
    buffer++;
    if (offset < 0 || length < 0 || offset + length > body.length) {
      throw corrupt(`buffer ${buffer - 1} lies outside its record batch`);
    }
    return body.subarray(offset, offset + length);
  };
  const values = columns.map((column, i) => {
    const nodeLength = batch.vectorStructInt64(1, i, 16, 0);
    if (nodeLength !== rows)
      throw corrupt(`column "${column.name}" has ${nodeLength} values in a batch of ${rows}`);
    return decodeColumn(column, rows, nextBuffer);
  });
  const appender = await session.connection.createAppender(tableName);
  try {
    for (let from = 0; from < rows; from += CHUNK_ROWS) {
      const to = Math.min(rows, from + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(
        columns.map((column) => column.duckdbType),
        to - from,
      );
      chunk.setColumns(values.map((column) => column.slice(from, to)));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function decodeColumn(column: ArrowColumn, rows: number, nextBuffer: () => Buffer): DuckDBValue[] {
  if (column.typeId === TYPE.null) return new Array<DuckDBValue>(rows).fill(null);
  const validity = nextBuffer();
  const isValid = (row: number) =>
    validity.length === 0 || (validity[row >> 3]! & (1 << (row & 7))) !== 0;
  const out = new Array<DuckDBValue>(rows);
  if (column.typeId === TYPE.utf8 || column.typeId === TYPE.largeUtf8) {
    const offsets = nextBuffer();
    const data = nextBuffer();
    const wide = column.typeId === TYPE.largeUtf8;
    const offsetAt = (row: number) =>
      wide ? Number(offsets.readBigInt64LE(row * 8)) : offsets.readInt32LE(row * 4);
    for (let row = 0; row < rows; row++) {
      out[row] = isValid(row) ? data.toString('utf8', offsetAt(row), offsetAt(row + 1)) : null;
    }
    return out;
  }
  const data = nextBuffer();
  for (let row = 0; row < rows; row++)
    out[row] = isValid(row) ? readValue(column, data, row) : null;
  return out;
}

function readValue(column: ArrowColumn, data: Buffer, row: number): DuckDBValue {
  switch (column.typeId) {
    case TYPE.bool:
      return (data[row >> 3]! & (1 << (row & 7))) !== 0;
    case TYPE.float:
      return column.bitWidth === 32 ? data.readFloatLE(row * 4) : data.readDoubleLE(row * 8);
    case TYPE.date:
      return dateValue(
        column.unit === 0
          ? data.readInt32LE(row * 4)
          : Number(data.readBigInt64LE(row * 8) / 86_400_000n),
      );
    case TYPE.timestamp: {
      const raw = data.readBigInt64LE(row * 8);
      const micros = column.unit === 3 ? raw / 1000n : raw * MICROS_PER_UNIT[column.unit]!;
      return column.duckdbType === TIMESTAMPTZ ? timestampTZValue(micros) : timestampValue(micros);
    }
    default:
      return readInt(column, data, row);
  }
}

function readInt(column: ArrowColumn, data: Buffer, row: number): number | bigint {
  switch (column.bitWidth) {
    case 8:
      return column.signed ? data.readInt8(row) : data.readUInt8(row);
    case 16:
      return column.signed ? data.readInt16LE(row * 2) : data.readUInt16LE(row * 2);
    case 32:
      return column.signed ? data.readInt32LE(row * 4) : data.readUInt32LE(row * 4);
    default:
      return column.signed ? data.readBigInt64LE(row * 8) : data.readBigUInt64LE(row * 8);
  }
}
