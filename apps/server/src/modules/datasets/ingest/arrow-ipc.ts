import { open, type FileHandle } from 'node:fs/promises';
import {
  ARROW_HEADER,
  ArrowFormatError,
  checkMetadataLength,
  corruptArrow,
  decodeRecordBatch,
  messageFrame,
  parseArrowSchema,
  footerEnd,
  parseFooterSchema,
  parseMessage,
  type ArrowCell,
  type ArrowField,
} from '@aistudio/engine';
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
import { IngestError } from './ingest-error.js';

const CHUNK_ROWS = 2048; // DuckDB's vector size: a data chunk holds at most this many rows

/**
 * Reads an Arrow IPC file or stream (uncompressed; flat columns of ints, floats, bools, strings,
 * dates and timestamps) message by message into a new DuckDB table, so memory holds one record
 * batch at a time. DuckDB has no Arrow reader offline (its arrow extension is not bundled); the
 * decoding is the engine's, which `Table.fromArrow` shares.
 */
export async function loadArrowIpc(
  session: DuckDBSession,
  path: string,
  tableName: string,
): Promise<void> {
  try {
    await streamIntoTable(session, path, tableName);
  } catch (error) {
    if (!(error instanceof ArrowFormatError)) throw error;
    const code = error.reason === 'corrupt' ? 'corrupt_arrow' : 'unsupported_format';
    throw new IngestError(code, error.detail);
  }
}

async function streamIntoTable(session: DuckDBSession, path: string, tableName: string) {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const isFile = (await readBytes(file, 0, 6)).toString('latin1') === 'ARROW1';
    // The file format ends with a footer (flatbuffer, int32 length, magic) after the stream.
    const footerLength = isFile ? (await readBytes(file, size - 10, 4)).readInt32LE(0) : 0;
    const end = footerEnd(isFile, size, footerLength);
    let position = isFile ? 8 : 0;
    let fields: ArrowField[] | null = null;
    const createTable = async (schema: ArrowField[]) => {
      fields = schema;
      const definitions = schema.map(
        (field) => `${quoteIdentifier(field.name)} ${duckdbTypeOf(field)[1]}`,
      );
      await session.run(`CREATE TABLE ${tableName} (${definitions.join(', ')})`);
    };
    const footerSchema =
      end < size - 10 ? parseFooterSchema(await readBytes(file, end, footerLength)) : null;
    if (footerSchema) await createTable(footerSchema);
    while (position + 4 <= end) {
      const message = await readMessage(file, position, end);
      if (!message) break;
      position = message.next;
      if (message.headerType === ARROW_HEADER.schema) {
        if (!fields) await createTable(parseArrowSchema(message.header));
      } else if (message.headerType === ARROW_HEADER.dictionaryBatch) {
        throw new IngestError(
          'unsupported_format',
          'dictionary-encoded Arrow columns are not supported yet: decode them (e.g. pyarrow Table.cast) or upload Parquet',
        );
      } else if (message.headerType === ARROW_HEADER.recordBatch) {
        if (!fields) throw corruptArrow(`record batch at byte ${position} before the schema`);
        const columns = decodeRecordBatch(fields, message.header, message.body);
        await appendColumns(session, tableName, fields, columns);
      }
    }
    if (!fields) throw corruptArrow('no schema message');
  } finally {
    await file.close();
  }
}

async function readBytes(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead < length)
    throw corruptArrow(`ends at byte ${position + bytesRead}, ${length} bytes expected`);
  return buffer;
}

async function readMessage(file: FileHandle, position: number, end: number) {
  const frame = messageFrame(await readBytes(file, position, Math.min(8, end - position)));
  if (!frame) return null;
  const metaStart = position + frame.metadataStart;
  checkMetadataLength(frame.length, position, metaStart, end);
  const metadata = await readBytes(file, metaStart, frame.length);
  const { headerType, header, bodyLength } = parseMessage(metadata);
  const bodyStart = metaStart + frame.length;
  if (!header || bodyLength < 0 || bodyStart + bodyLength > end) {
    throw corruptArrow(`message at byte ${position} has a body past the end of the file`);
  }
  const body = bodyLength > 0 ? await readBytes(file, bodyStart, bodyLength) : Buffer.alloc(0);
  return { headerType, header, body, next: bodyStart + bodyLength };
}

const INT_TYPES: Record<number, [DuckDBType, string, DuckDBType, string]> = {
  8: [TINYINT, 'TINYINT', UTINYINT, 'UTINYINT'],
  16: [SMALLINT, 'SMALLINT', USMALLINT, 'USMALLINT'],
  32: [INTEGER, 'INTEGER', UINTEGER, 'UINTEGER'],
  64: [BIGINT, 'BIGINT', UBIGINT, 'UBIGINT'],
};

function duckdbTypeOf(field: ArrowField): [DuckDBType, string] {
  switch (field.type) {
    case 'null':
    case 'utf8':
      return [VARCHAR, 'VARCHAR'];
    case 'bool':
      return [BOOLEAN, 'BOOLEAN'];
    case 'int': {
      const [signed, signedSql, unsigned, unsignedSql] = INT_TYPES[field.bitWidth]!;
      return field.signed ? [signed, signedSql] : [unsigned, unsignedSql];
    }
    case 'float':
      return field.bitWidth === 32 ? [FLOAT, 'FLOAT'] : [DOUBLE, 'DOUBLE'];
    case 'date':
      return [DATE, 'DATE'];
    case 'timestamp':
      return field.timezone !== null ? [TIMESTAMPTZ, 'TIMESTAMPTZ'] : [TIMESTAMP, 'TIMESTAMP'];
  }
}

/** The engine's cell as DuckDB takes it: dates are days, timestamps microseconds. */
function duckdbValue(field: ArrowField, cell: ArrowCell): DuckDBValue {
  if (cell === null) return null;
  if (field.type === 'date') return dateValue(cell as number);
  if (field.type === 'timestamp') {
    return field.timezone !== null
      ? timestampTZValue(cell as bigint)
      : timestampValue(cell as bigint);
  }
  return cell;
}

async function appendColumns(
  session: DuckDBSession,
  tableName: string,
  fields: readonly ArrowField[],
  columns: readonly ArrowCell[][],
): Promise<void> {
  const types = fields.map((field) => duckdbTypeOf(field)[0]);
  const rows = columns[0]?.length ?? 0;
  const appender = await session.connection.createAppender(tableName);
  try {
    for (let from = 0; from < rows; from += CHUNK_ROWS) {
      const to = Math.min(rows, from + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(types, to - from);
      chunk.setColumns(
        columns.map((cells, i) =>
          cells.slice(from, to).map((cell) => duckdbValue(fields[i]!, cell)),
        ),
      );
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
