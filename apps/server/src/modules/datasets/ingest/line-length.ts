import { createReadStream } from 'node:fs';
import { IngestError } from './ingest-error.js';

/**
 * Fails on the first line longer than maxBytes, reading the file in chunks. DuckDB enforces this
 * itself for CSV (max_line_size) but not for JSON lines, where one giant record would be held whole.
 */
export async function assertLineLengths(path: string, maxBytes: number): Promise<void> {
  let line = 1;
  let lineLength = 0;
  for await (const chunk of createReadStream(path, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); ; newline = chunk.indexOf(10, start)) {
      const end = newline === -1 ? chunk.length : newline;
      lineLength += end - start;
      if (lineLength > maxBytes) {
        throw new IngestError(
          'line_too_long',
          `line ${line}: longer than the limit of ${maxBytes} bytes`,
          { line },
        );
      }
      if (newline === -1) break;
      line++;
      lineLength = 0;
      start = newline + 1;
    }
  }
}
