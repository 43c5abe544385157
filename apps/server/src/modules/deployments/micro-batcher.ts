import { Table, type Column, type Predictions } from '@aistudio/engine';

// A batch this size is scored at once; more rows wait for the next batch so latency stays flat.
const MAX_BATCH_ROWS = 256;

interface Pending {
  table: Table;
  resolve: (predictions: Predictions) => void;
  reject: (error: unknown) => void;
}

/**
 * Scores concurrent requests together: tables that arrive while the event loop is busy are
 * collected, scored as one table on the next turn (or at MAX_BATCH_ROWS), and the predictions are
 * split back by row. A batch that fails is scored again request by request, so one request's
 * error never becomes another's.
 */
export class MicroBatcher {
  #pending: Pending[] = [];
  #rows = 0;
  #scheduled = false;

  constructor(private readonly scoreTable: (table: Table) => Promise<Predictions>) {}

  score(table: Table): Promise<Predictions> {
    return new Promise<Predictions>((resolve, reject) => {
      this.#pending.push({ table, resolve, reject });
      this.#rows += table.numRows;
      if (this.#rows >= MAX_BATCH_ROWS) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate runs after the I/O already read: requests parsed in this turn join the batch.
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#rows = 0;
    this.#scheduled = false;
    if (batch.length === 0) return;
    if (batch.length === 1) {
      const [only] = batch;
      this.scoreTable(only!.table).then(only!.resolve, only!.reject);
      return;
    }
    void this.#scoreTogether(batch);
  }

  async #scoreTogether(batch: Pending[]): Promise<void> {
    let scored: Predictions;
    try {
      scored = await this.scoreTable(concatTables(batch.map((p) => p.table)));
    } catch {
      for (const p of batch) this.scoreTable(p.table).then(p.resolve, p.reject);
      return;
    }
    let from = 0;
    for (const p of batch) {
      p.resolve(slicePredictions(scored, from, from + p.table.numRows));
      from += p.table.numRows;
    }
  }
}

/** Rows `from` to `to` of a batch's predictions. */
export function slicePredictions(scored: Predictions, from: number, to: number): Predictions {
  if (scored.values) return { values: scored.values.subarray(from, to) };
  const k = scored.probabilities!.length / scored.labels!.length;
  return {
    labels: scored.labels!.slice(from, to),
    probabilities: scored.probabilities!.subarray(from * k, to * k),
  };
}

/** One table with the rows of `tables` in order; all have the same columns (the model's inputs). */
export function concatTables(tables: readonly Table[]): Table {
  const first = tables[0]!;
  return Table.fromColumnList(
    first.columns.map((column) => concatColumns(tables.map((t) => t.column(column.name)))),
  );
}

function concatColumns(columns: Column[]): Column {
  const first = columns[0]!;
  if (first.kind === 'numeric') {
    const values = new Float64Array(columns.reduce((n, c) => n + length(c), 0));
    let at = 0;
    for (const c of columns) {
      if (c.kind !== 'numeric') throw new Error(`column ${first.name} changes kind`);
      values.set(c.values, at);
      at += c.values.length;
    }
    return { kind: 'numeric', name: first.name, values };
  }
  if (first.kind === 'text') {
    return {
      kind: 'text',
      name: first.name,
      values: columns.flatMap((c) => (c.kind === 'text' ? c.values : [])),
    };
  }
  // Each request's table numbers its categories in order of appearance: recode into one dictionary.
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(columns.reduce((n, c) => n + length(c), 0));
  let at = 0;
  for (const c of columns) {
    if (c.kind !== 'categorical') throw new Error(`column ${first.name} changes kind`);
    const recode = c.categories.map((category) => {
      let code = index.get(category);
      if (code === undefined) {
        code = categories.push(category) - 1;
        index.set(category, code);
      }
      return code;
    });
    for (const code of c.codes) codes[at++] = code < 0 ? -1 : recode[code]!;
  }
  return { kind: 'categorical', name: first.name, codes, categories };
}

function length(column: Column): number {
  return column.kind === 'categorical' ? column.codes.length : column.values.length;
}
