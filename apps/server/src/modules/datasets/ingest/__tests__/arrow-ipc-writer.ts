// A tiny Arrow IPC writer for tests only: hand-built FlatBuffers, uncompressed buffers. It lets the
// reader be tested on strings, booleans, nulls, dates and timestamps; flights-200k.arrow (written by
// the Arrow project's own tools) checks the same reader against a real file.

type Scalar = ['u8' | 'bool' | 'i16' | 'i32' | 'i64', number];
type FlatField =
  | Scalar
  | ['table', FlatFields]
  | ['string', string]
  | ['tables', FlatFields[]]
  | ['structs', Buffer]
  | null;
type FlatFields = FlatField[];

const SIZES = { u8: 1, bool: 1, i16: 2, i32: 4, i64: 8 } as const;

class Bytes {
  private chunks: number[] = [];
  get length() {
    return this.chunks.length;
  }
  pad(to: number) {
    while (this.chunks.length % to !== 0) this.chunks.push(0);
  }
  int(value: number, size: number) {
    const buffer = Buffer.alloc(size);
    if (size === 8) buffer.writeBigInt64LE(BigInt(value));
    else buffer.writeIntLE(value, 0, size);
    this.chunks.push(...buffer);
  }
  raw(bytes: Uint8Array) {
    this.chunks.push(...bytes);
  }
  patch32(at: number, value: number) {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    this.chunks.splice(at, 4, ...buffer);
  }
  toBuffer() {
    return Buffer.from(this.chunks);
  }
}

function writeTable(out: Bytes, fields: FlatFields): number {
  const offsets: number[] = [];
  let size = 4;
  for (const field of fields) {
    offsets.push(field ? size : 0);
    if (field) size += field[0] in SIZES ? SIZES[field[0] as keyof typeof SIZES] : 4;
  }
  out.pad(4);
  const vtable = out.length;
  out.int(4 + 2 * fields.length, 2);
  out.int(size, 2);
  for (const offset of offsets) out.int(offset, 2);
  out.pad(4);
  const table = out.length;
  out.int(table - vtable, 4);
  const references: [number, FlatField][] = [];
  for (const field of fields) {
    if (!field) continue;
    if (field[0] in SIZES) out.int(field[1] as number, SIZES[field[0] as keyof typeof SIZES]);
    else {
      references.push([out.length, field]);
      out.int(0, 4);
    }
  }
  for (const [slot, field] of references) out.patch32(slot, writeReferenced(out, field!) - slot);
  return table;
}

function writeReferenced(out: Bytes, field: NonNullable<FlatField>): number {
  switch (field[0]) {
    case 'table':
      return writeTable(out, field[1]);
    case 'string': {
      out.pad(4);
      const at = out.length;
      const bytes = Buffer.from(field[1]);
      out.int(bytes.length, 4);
      out.raw(bytes);
      out.raw(new Uint8Array([0]));
      return at;
    }
    case 'tables': {
      out.pad(4);
      const at = out.length;
      out.int(field[1].length, 4);
      const slots = field[1].map(() => {
        const slot = out.length;
        out.int(0, 4);
        return slot;
      });
      field[1].forEach((table, i) => out.patch32(slots[i]!, writeTable(out, table) - slots[i]!));
      return at;
    }
    case 'structs': {
      while ((out.length + 4) % 8 !== 0) out.int(0, 1);
      const at = out.length;
      out.int(field[1].length / 16, 4);
      out.raw(field[1]);
      return at;
    }
    default:
      throw new Error(`not a reference: ${field[0]}`);
  }
}

function flatBuffer(root: FlatFields): Buffer {
  const out = new Bytes();
  out.int(0, 4);
  out.patch32(0, writeTable(out, root));
  out.pad(8);
  return out.toBuffer();
}

export type TestColumn =
  | { name: string; type: 'utf8'; values: (string | null)[] }
  | { name: string; type: 'int32'; values: (number | null)[] }
  | { name: string; type: 'float64'; values: (number | null)[] }
  | { name: string; type: 'bool'; values: (boolean | null)[] }
  | { name: string; type: 'date32'; values: (number | null)[] }
  | { name: string; type: 'timestamp-ms'; values: (number | null)[] }
  | { name: string; type: 'list'; values: null[] };

function typeOf(column: TestColumn): [number, FlatFields] {
  switch (column.type) {
    case 'utf8':
      return [5, []];
    case 'int32':
      return [
        2,
        [
          ['i32', 32],
          ['bool', 1],
        ],
      ];
    case 'float64':
      return [3, [['i16', 2]]];
    case 'bool':
      return [6, []];
    case 'date32':
      return [8, [['i16', 0]]];
    case 'timestamp-ms':
      return [10, [['i16', 1]]];
    case 'list':
      return [12, []];
  }
}

function message(headerType: number, header: FlatFields, bodyLength: number): Buffer {
  const metadata = flatBuffer([
    ['i16', 4],
    ['u8', headerType],
    ['table', header],
    ['i64', bodyLength],
  ]);
  const prefix = Buffer.alloc(8);
  prefix.writeInt32LE(-1, 0);
  prefix.writeInt32LE(metadata.length, 4);
  return Buffer.concat([prefix, metadata]);
}

function pad8(buffer: Buffer): Buffer {
  return Buffer.concat([buffer, Buffer.alloc((8 - (buffer.length % 8)) % 8)]);
}

function columnBuffers(column: TestColumn): Buffer[] {
  const rows = column.values.length;
  const validity = Buffer.alloc(Math.ceil(rows / 8));
  column.values.forEach((value, row) => {
    if (value !== null) validity[row >> 3]! |= 1 << (row & 7);
  });
  switch (column.type) {
    case 'utf8': {
      const offsets = Buffer.alloc(4 * (rows + 1));
      const parts = column.values.map((value) => Buffer.from(value ?? ''));
      parts.reduce((end, part, row) => {
        offsets.writeInt32LE(end + part.length, 4 * (row + 1));
        return end + part.length;
      }, 0);
      return [validity, offsets, Buffer.concat(parts)];
    }
    case 'bool': {
      const bits = Buffer.alloc(Math.ceil(rows / 8));
      column.values.forEach((value, row) => {
        if (value) bits[row >> 3]! |= 1 << (row & 7);
      });
      return [validity, bits];
    }
    case 'int32':
    case 'date32': {
      const data = Buffer.alloc(4 * rows);
      column.values.forEach((value, row) => data.writeInt32LE(value ?? 0, 4 * row));
      return [validity, data];
    }
    case 'float64': {
      const data = Buffer.alloc(8 * rows);
      column.values.forEach((value, row) => data.writeDoubleLE(value ?? 0, 8 * row));
      return [validity, data];
    }
    case 'timestamp-ms': {
      const data = Buffer.alloc(8 * rows);
      column.values.forEach((value, row) => data.writeBigInt64LE(BigInt(value ?? 0), 8 * row));
      return [validity, data];
    }
    case 'list':
      return [validity];
  }
}

/** One schema message and one record batch, as an Arrow IPC stream (or file, with `asFile`). */
export function arrowIpc(columns: TestColumn[], asFile = false): Buffer {
  const schema = message(
    1,
    [
      ['i16', 0],
      [
        'tables',
        columns.map((column): FlatFields => {
          const [typeId, type] = typeOf(column);
          return [
            ['string', column.name],
            ['bool', 1],
            ['u8', typeId],
            ['table', type],
          ];
        }),
      ],
    ],
    0,
  );
  const buffers = columns.flatMap(columnBuffers).map(pad8);
  const rows = columns[0]!.values.length;
  const nodes = Buffer.alloc(16 * columns.length);
  columns.forEach((column, i) => {
    nodes.writeBigInt64LE(BigInt(rows), 16 * i);
    nodes.writeBigInt64LE(
      BigInt(column.values.filter((value) => value === null).length),
      16 * i + 8,
    );
  });
  const layout = Buffer.alloc(16 * buffers.length);
  buffers.reduce((offset, buffer, i) => {
    layout.writeBigInt64LE(BigInt(offset), 16 * i);
    layout.writeBigInt64LE(BigInt(buffer.length), 16 * i + 8);
    return offset + buffer.length;
  }, 0);
  const body = Buffer.concat(buffers);
  const batch = message(
    3,
    [
      ['i64', rows],
      ['structs', nodes],
      ['structs', layout],
    ],
    body.length,
  );
  const endOfStream = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
  const stream = Buffer.concat([schema, batch, body, endOfStream]);
  if (!asFile) return stream;
  const footerLength = Buffer.alloc(4); // an empty footer: the reader walks the stream part
  return Buffer.concat([Buffer.from('ARROW1\0\0'), stream, footerLength, Buffer.from('ARROW1')]);
}
