import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PredictionLogRow } from './monitoring.repository.js';

export interface PredictionLogWriterOptions {
  /** Write whatever is buffered this often. */
  flushIntervalMs: number;
  /** Write at once when this many rows wait; also the most rows one INSERT carries. */
  batchRows: number;
  /** Past this many waiting rows the oldest are dropped (and counted), never blocking a request. */
  maxBufferedRows: number;
  insert: (rows: PredictionLogRow[]) => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * Buffers prediction-log rows and writes them in batches off the request path, one write at a
 * time. A slow or failing database costs dropped rows (counted), not slower predictions.
 */
export class PredictionLogWriter {
  #buffer: PredictionLogRow[] = [];
  #writing: Promise<void> | null = null;
  readonly #timer: NodeJS.Timeout;
  /** Rows lost to a full buffer or a failed write. */
  dropped = 0;
  written = 0;

  constructor(private readonly options: PredictionLogWriterOptions) {
    this.#timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    // A pending flush must not keep a finished CLI or test process alive.
    this.#timer.unref();
  }

  append(rows: readonly PredictionLogRow[]): void {
    for (const row of rows) this.#buffer.push(row);
    const over = this.#buffer.length - this.options.maxBufferedRows;
    if (over > 0) {
      this.#buffer.splice(0, over);
      this.dropped += over;
    }
    if (this.#buffer.length >= this.options.batchRows && !this.#writing) void this.flush();
  }

  /** Resolves once every row appended before the call is written (or dropped). */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
    if (this.#buffer.length === 0) return;
    const rows = this.#buffer;
    this.#buffer = [];
    this.#writing = this.#write(rows).finally(() => {
      this.#writing = null;
    });
    await this.#writing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  async #write(rows: PredictionLogRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += this.options.batchRows) {
      // Between batches, let waiting requests in: a driver that works before its promise settles
      // would otherwise run a whole backlog as one task (PGlite did, before it got its thread).
      if (i > 0) await nextTurn();
      const batch = rows.slice(i, i + this.options.batchRows);
      try {
        await this.options.insert(batch);
        this.written += batch.length;
      } catch (error) {
        this.dropped += batch.length;
        this.options.onError(error);
      }
    }
  }
}
