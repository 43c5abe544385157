/** Where progress goes: stderr, so stdout carries only the result (a table, or JSON). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 2000;
const BAR_WIDTH = 24;

/**
 * A progress bar redrawn in place on a terminal (count/total, the caller's detail such as the
 * loss, ETA), or plain lines when stderr is a file or a pipe: one per tenth of the work, or every
 * two seconds when the total is unknown, so logs stay short.
 */
export class ProgressReporter {
  readonly #stream: ProgressStream;
  readonly #label: string;
  readonly #now: () => number;
  readonly #count: (units: number) => string;
  #started: number | null = null;
  #lastDraw = -Infinity;
  #lastTenth = 0;
  #barShown = false;

  /** `count` writes a number of units (default: as is; a time budget passes formatDuration). */
  constructor(
    stream: ProgressStream,
    label: string,
    options: { now?: () => number; count?: (units: number) => string } = {},
  ) {
    this.#stream = stream;
    this.#label = label;
    this.#now = options.now ?? Date.now;
    this.#count = options.count ?? String;
  }

  /** `done` of `total` units (null: unknown), with a short detail such as "loss 0.123". */
  update(done: number, total: number | null, detail: string): void {
    const now = this.#now();
    this.#started ??= now;
    const finished = total !== null && done >= total;
    const line = this.#format(done, total, detail, now);
    if (this.#stream.isTTY) {
      if (!finished && now - this.#lastDraw < REDRAW_MS) return;
      this.#lastDraw = now;
      // A line longer than the terminal would wrap, and \r could then no longer redraw it.
      this.#stream.write(`\r\x1b[2K${line.slice(0, (this.#stream.columns || 80) - 1)}`);
      this.#barShown = true;
      return;
    }
    const tenth = total ? Math.floor((10 * done) / total) : 0;
    const due = total ? tenth > this.#lastTenth : now - this.#lastDraw >= PLAIN_EVERY_MS;
    if (!due) return;
    this.#lastTenth = tenth;
    this.#lastDraw = now;
    this.#stream.write(`${line}\n`);
  }

  /** A line of its own (the bar is cleared first and redrawn by the next update). */
  log(text: string): void {
    this.#clearBar();
    this.#stream.write(`${text}\n`);
  }

  /** Ends the bar's line so later output starts on a fresh one. */
  finish(): void {
    if (this.#barShown) this.#stream.write('\n');
    this.#barShown = false;
  }

  #clearBar(): void {
    if (!this.#barShown) return;
    this.#stream.write('\r\x1b[2K');
    this.#barShown = false;
    this.#lastDraw = -Infinity;
  }

  #format(done: number, total: number | null, detail: string, now: number): string {
    const elapsed = now - (this.#started ?? now);
    const parts = [this.#label];
    if (total) {
      const share = Math.min(1, done / total);
      if (this.#stream.isTTY) {
        const filled = Math.round(share * BAR_WIDTH);
        parts.push(`[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`);
      }
      parts.push(`${this.#count(done)}/${this.#count(total)}`);
    } else {
      parts.push(this.#count(done));
    }
    if (detail) parts.push(detail);
    if (total && done > 0 && done < total) {
      parts.push(`ETA ${formatDuration((elapsed / done) * (total - done))}`);
    } else {
      parts.push(formatDuration(elapsed));
    }
    return parts.join('  ');
  }
}

/** 850ms, 12.3s, 4m05s: short and readable for progress and summaries. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
