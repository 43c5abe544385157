import { open } from 'node:fs/promises';
import { IngestError } from './ingest-error.js';

/** Text encodings the ingest reads; everything but UTF-8 is transcoded before DuckDB sees it. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'latin1';

export type DetectedFormat =
  | { kind: 'parquet' | 'arrow' }
  | { kind: 'csv' | 'json' | 'jsonl'; encoding: TextEncoding; sample: string; wholeFile: boolean };

/** How much of the head is sniffed; enough for ~hundreds of CSV rows, small enough to stay cheap. */
export const SNIFF_BYTES = 256 * 1024;
// Text tables have almost no C0 control bytes; random or compressed bytes have ~9 %.
const MAX_CONTROL_SHARE = 0.01;

/**
 * Decides the format from the content (never the file name): magic bytes for binary formats,
 * then byte-order marks, UTF-8 validity and the first character for text.
 */
export async function detectFormat(path: string): Promise<DetectedFormat> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) throw new IngestError('empty_file', 'the file is empty (0 bytes)');
    const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    await file.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, 4));
    await file.read(tail, 0, tail.length, size - tail.length);
    const binary = detectBinaryFormat(head, tail, size);
    if (binary) return binary;
    const wholeFile = size <= SNIFF_BYTES;
    const encoding = detectEncoding(head, wholeFile);
    const sample = decodeSample(head, encoding, wholeFile);
    const kind = detectTextKind(sample);
    if (kind === 'jsonl') assertFirstRecordOnOneLine(sample);
    return { kind, encoding, sample, wholeFile };
  } finally {
    await file.close();
  }
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return bytes.every((byte, i) => buffer[i] === byte);
}

function detectBinaryFormat(head: Buffer, tail: Buffer, size: number): DetectedFormat | null {
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') {
    if (size < 12 || tail.toString('latin1') !== 'PAR1') {
      throw new IngestError(
        'corrupt_parquet',
        `corrupt Parquet file: it starts with PAR1 but has no PAR1 footer at byte ${size - 4} (truncated?)`,
        { byteOffset: Math.max(0, size - 4) },
      );
    }
    return { kind: 'parquet' };
  }
  if (
    head.subarray(0, 6).toString('latin1') === 'ARROW1' ||
    startsWith(head, [0xff, 0xff, 0xff, 0xff])
  ) {
    return { kind: 'arrow' };
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) && head.includes('xl/')) {
    throw new IngestError(
      'unsupported_format',
      'Excel workbook: export the sheet as CSV and upload that',
    );
  }
  const compressed: [string, number[]][] = [
    ['gzip', [0x1f, 0x8b]],
    ['zip', [0x50, 0x4b, 0x03, 0x04]],
    ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
    // "BZh" and a block size digit: a header cell starting "BZh" alone is still text.
    ['bzip2', [0x42, 0x5a, 0x68]],
    ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ];
  for (const [name, magic] of compressed) {
    const bzip2BlockSize = name !== 'bzip2' || (head[3]! >= 0x31 && head[3]! <= 0x39);
    if (startsWith(head, magic) && bzip2BlockSize) {
      throw new IngestError(
        'unsupported_format',
        `${name}-compressed file: upload the uncompressed CSV, JSON or Parquet file`,
      );
    }
  }
  return null;
}

function detectEncoding(head: Buffer, wholeFile: boolean): TextEncoding {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf-8-bom';
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  if (head.indexOf(0) === -1 && isValidUtf8(head, wholeFile)) return 'utf-8';
  rejectBinary(head);
  return 'latin1';
}

function isValidUtf8(bytes: Buffer, wholeFile: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(wholeFile ? bytes : trimPartialUtf8(bytes));
    return true;
  } catch {
    return false;
  }
}

/** Drops a multi-byte sequence cut in half at the end of the sample. */
function trimPartialUtf8(bytes: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

function rejectBinary(bytes: Buffer): void {
  let controls = 0;
  let firstControl = -1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) {
      controls++;
      if (firstControl === -1) firstControl = i;
    }
  }
  const firstNul = bytes.indexOf(0);
  if (firstNul !== -1 || controls / bytes.length > MAX_CONTROL_SHARE) {
    const at = firstNul !== -1 ? Math.min(firstNul, firstControl) : firstControl;
    throw new IngestError(
      'binary_content',
      `binary content at byte ${at}: not a CSV, JSON or Parquet file`,
      { byteOffset: at },
    );
  }
}

function decodeSample(head: Buffer, encoding: TextEncoding, wholeFile: boolean): string {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return new TextDecoder('utf-8').decode(wholeFile ? head : trimPartialUtf8(head));
    case 'utf-16le':
    case 'utf-16be': {
      const even = head.subarray(0, head.length - (head.length % 2));
      return new TextDecoder(encoding).decode(even);
    }
    case 'latin1':
      return head.toString('latin1');
  }
}

function detectTextKind(sample: string): 'csv' | 'json' | 'jsonl' {
  const first = /\S/.exec(sample)?.[0];
  if (first === '[') return 'json';
  if (first === '{') return 'jsonl';
  return 'csv';
}

/** JSON lines need one whole object per line; a pretty-printed object is refused up front. */
function assertFirstRecordOnOneLine(sample: string): void {
  const start = sample.search(/\S/);
  const end = sample.indexOf('\n', start);
  if (end === -1) return; // the first record is longer than the sample: DuckDB will judge it
  try {
    JSON.parse(sample.slice(start, end));
  } catch {
    const line = sample.slice(0, start).split('\n').length;
    throw new IngestError(
      'not_records',
      `line ${line}: a JSON object spread over several lines; upload an array of records or one object per line (JSON lines)`,
      { line },
    );
  }
}
