import { cardNetwork } from './pii-checksums.js';
import { findPii, PII_KINDS, type PiiKind } from './pii-detectors.js';
import { maskPiiValue } from './pii-masking.js';

/** How often one kind of personal data occurs in a column. */
export interface PiiKindCount {
  /** Values holding at least one occurrence. */
  rows: number;
  /** Occurrences in all (a text may hold several). */
  matches: number;
  /** `rows` over the column's non-empty values. */
  share: number;
  /** Up to three distinct occurrences, partially masked. */
  examples: string[];
}

/** Copyright notices ("©", "(c) 2019", "all rights reserved", "copyright") in a column. */
export interface CopyrightCount {
  rows: number;
  share: number;
  /** Up to three short excerpts around a notice. */
  examples: string[];
}

export interface ColumnPiiReport {
  column: string;
  rowsScanned: number;
  /** Null, undefined and empty-string values: scanned, but they hold nothing. */
  emptyValues: number;
  /** Only the kinds found. */
  kinds: Partial<Record<PiiKind, PiiKindCount>>;
  copyright: CopyrightCount | null;
}

export interface PiiScanReport {
  columns: ColumnPiiReport[];
}

const MAX_EXAMPLES = 3;
// Masked examples often coincide (u***@e***.com); stop looking for distinct ones after this many.
const MAX_EXAMPLE_TRIES = 100;
// One random number in ten passes Luhn, so a column of long integer ids "contains cards"; a real
// card column passes nearly always. Bare numbers count as cards only when most candidates pass.
const BARE_CARD_MIN_CANDIDATES = 20;
const BARE_CARD_MIN_PASS_SHARE = 0.5;

interface KindCounter {
  rows: number;
  matches: number;
  examples: Set<string>;
}

const newCounter = (): KindCounter => ({ rows: 0, matches: 0, examples: new Set() });
const COPYRIGHT = /©|\(c\)\s*(?:1[89]|20)\d\d\b|\ball rights reserved\b|\bcopyright\b/i;

/** Text of a cell as DuckDB hands it over; values that cannot hold personal data give null. */
function cellText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  // Card numbers are often stored as BIGINT.
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return null;
}

/**
 * Counts personal data and copyright notices in one column, fed a value at a time (a chunk from
 * DuckDB, a sample, a stream): memory stays constant whatever the number of rows.
 */
export class ColumnPiiScanner {
  private rowsScanned = 0;
  private emptyValues = 0;
  private readonly counts = new Map<PiiKind, KindCounter>();
  /** Values that are only digits, of a card's length and issuer prefix: Luhn decides. */
  private bareCardCandidates = 0;
  private readonly bareCards = newCounter();
  private copyrightRows = 0;
  private readonly copyrightExamples = new Set<string>();

  constructor(readonly column: string) {}

  add(value: unknown): void {
    this.rowsScanned++;
    if (value === null || value === undefined || value === '') {
      this.emptyValues++;
      return;
    }
    const text = cellText(value);
    if (text === null) return;
    if (isBareCardCandidate(text)) this.bareCardCandidates++;
    this.countPii(text);
    this.countCopyright(text);
  }

  addAll(values: Iterable<unknown>): this {
    for (const value of values) this.add(value);
    return this;
  }

  report(): ColumnPiiReport {
    const nonEmpty = this.rowsScanned - this.emptyValues;
    const share = (rows: number) => (nonEmpty === 0 ? 0 : rows / nonEmpty);
    const kinds: Partial<Record<PiiKind, PiiKindCount>> = {};
    for (const kind of PII_KINDS) {
      const count = kind === 'payment_card' ? this.cardCount() : this.counts.get(kind);
      if (!count) continue;
      kinds[kind] = {
        rows: count.rows,
        matches: count.matches,
        share: share(count.rows),
        examples: [...count.examples],
      };
    }
    return {
      column: this.column,
      rowsScanned: this.rowsScanned,
      emptyValues: this.emptyValues,
      kinds,
      copyright:
        this.copyrightRows === 0
          ? null
          : {
              rows: this.copyrightRows,
              share: share(this.copyrightRows),
              examples: [...this.copyrightExamples],
            },
    };
  }

  private countPii(text: string) {
    const matches = findPii(text);
    if (matches.length === 0) return;
    const seenKinds = new Set<PiiKind>();
    for (const match of matches) {
      const bare = match.kind === 'payment_card' && match.value === text && /^\d+$/.test(text);
      let count = bare ? this.bareCards : this.counts.get(match.kind);
      if (!count) {
        count = newCounter();
        this.counts.set(match.kind, count);
      }
      count.matches++;
      if (!seenKinds.has(match.kind)) {
        seenKinds.add(match.kind);
        count.rows++;
      }
      if (count.examples.size < MAX_EXAMPLES && count.matches <= MAX_EXAMPLE_TRIES) {
        count.examples.add(maskPiiValue(match.kind, match.value));
      }
    }
  }

  /** Card numbers found in text, plus bare numbers when the column passes the Luhn share test. */
  private cardCount(): KindCounter | undefined {
    const inText = this.counts.get('payment_card');
    const bare = this.bareCards;
    const trusted =
      bare.rows > 0 &&
      (this.bareCardCandidates < BARE_CARD_MIN_CANDIDATES ||
        bare.rows / this.bareCardCandidates >= BARE_CARD_MIN_PASS_SHARE);
    if (!trusted) return inText;
    if (!inText) return bare;
    return {
      rows: inText.rows + bare.rows,
      matches: inText.matches + bare.matches,
      examples: new Set([...inText.examples, ...bare.examples].slice(0, MAX_EXAMPLES)),
    };
  }

  private countCopyright(text: string) {
    const match = COPYRIGHT.exec(text);
    if (!match) return;
    this.copyrightRows++;
    if (this.copyrightExamples.size < MAX_EXAMPLES) {
      this.copyrightExamples.add(excerpt(text, match.index, match[0].length));
    }
  }
}

function isBareCardCandidate(text: string): boolean {
  return text.length >= 13 && text.length <= 19 && /^\d+$/.test(text) && !!cardNetwork(text);
}

function excerpt(text: string, at: number, length: number): string {
  const start = Math.max(0, at - 30);
  const end = Math.min(text.length, at + length + 30);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

/** Scans whole columns at once (tests, small samples); stream big ones through the scanner. */
export function scanColumns(columns: Record<string, Iterable<unknown>>): PiiScanReport {
  return {
    columns: Object.entries(columns).map(([name, values]) =>
      new ColumnPiiScanner(name).addAll(values).report(),
    ),
  };
}
