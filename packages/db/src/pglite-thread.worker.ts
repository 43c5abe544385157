// The embedded database's own thread: PGlite runs Postgres compiled to WASM on whichever thread
// calls it, so here its CPU (~40 µs per prediction-log row) no longer stalls the HTTP thread.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type ParserOptions, type Transaction } from '@electric-sql/pglite';
import type {
  PGliteThreadError,
  PGliteThreadInit,
  PGliteThreadReply,
  PGliteThreadRequest,
} from './pglite-thread.protocol.js';

interface OpenTransaction {
  tx: Transaction | null;
  decide: (commit: boolean) => void;
  settled: Promise<void>;
}

const port = parentPort!;
const { dataDir } = workerData as PGliteThreadInit;
const transactions = new Map<number, OpenTransaction>();
let nextTransaction = 1;

const reply = (message: PGliteThreadReply) => port.postMessage(message);
const fail = (id: number, error: unknown) => reply({ id, ok: false, error: toThreadError(error) });

/** Own fields that hold plain values (code, constraint, detail…); the query's options hold functions. */
function toThreadError(error: unknown): PGliteThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields: PGliteThreadError = {
    name: error.name,
    message: error.message,
    stack: error.stack,
  };
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      fields[key] = value;
    }
  }
  return fields;
}

const keepText = (value: string) => value;

function target(tx: number | null): PGlite | Transaction {
  if (tx === null) return db;
  const open = transactions.get(tx)?.tx;
  if (!open) throw new Error(`Transaction ${tx} is not open`);
  return open;
}

async function run(request: PGliteThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const parsers: ParserOptions = {};
      for (const oid of request.textTypes) parsers[oid] = keepText;
      const { rows, fields, affectedRows } = await target(request.tx).query(
        request.sql,
        request.params,
        { rowMode: request.rowMode, parsers },
      );
      return { rows, fields, affectedRows };
    }
    case 'exec': {
      const results = await target(request.tx).exec(request.sql);
      return results.map(({ rows, fields, affectedRows }) => ({ rows, fields, affectedRows }));
    }
    case 'end': {
      const open = transactions.get(request.tx);
      if (!open) throw new Error(`Transaction ${request.tx} is not open`);
      open.decide(request.commit);
      try {
        await open.settled;
      } finally {
        transactions.delete(request.tx);
      }
      return null;
    }
    case 'close':
      await db.close();
      return null;
    case 'begin':
      throw new Error('begin is answered when the transaction starts');
  }
}

/**
 * Opens a transaction and keeps it open until its `end` arrives. PGlite's transaction lock holds
 * every other statement back meanwhile, as it did on the calling thread.
 */
function begin(id: number): void {
  const txId = nextTransaction++;
  let decide!: (commit: boolean) => void;
  const decision = new Promise<boolean>((resolve) => (decide = resolve));
  const open: OpenTransaction = { tx: null, decide, settled: Promise.resolve() };
  open.settled = db.transaction(async (tx) => {
    open.tx = tx;
    transactions.set(txId, open);
    reply({ id, ok: true, value: txId });
    if (!(await decision)) await tx.rollback();
  });
  // A BEGIN that failed is the begin's error; a failed COMMIT is answered to `end`.
  open.settled.catch((error: unknown) => {
    if (!open.tx) fail(id, error);
  });
}

function serve(): void {
  port.on('message', (request: PGliteThreadRequest) => {
    if (request.op === 'begin') return begin(request.id);
    run(request).then(
      (value) => {
        reply({ id: request.id, ok: true, value });
        if (request.op === 'close') port.close();
      },
      (error: unknown) => fail(request.id, error),
    );
  });
  reply({ id: 0, ok: true, value: null });
}

let db!: PGlite;
try {
  db = await PGlite.create(dataDir ?? 'memory://');
  serve();
} catch (error) {
  // The opener ends this thread once it has the reason.
  fail(0, error);
}
