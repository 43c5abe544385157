import { Worker } from 'node:worker_threads';
import type { ParserOptions, QueryOptions, Results } from '@electric-sql/pglite';
import type {
  PGliteThreadError,
  PGliteThreadInit,
  PGliteThreadReply,
  PGliteThreadRequest,
} from './pglite-thread.protocol.js';

type Request = PGliteThreadRequest extends infer R
  ? R extends PGliteThreadRequest
    ? Omit<R, 'id'>
    : never
  : never;

/** The statements Drizzle's PGlite driver runs, bound to one open transaction or to none. */
export interface PGliteThreadSession {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
}

/** The part of a PGlite transaction Drizzle uses, run on the database thread. */
export interface PGliteThreadTransaction extends PGliteThreadSession {
  rollback(): Promise<void>;
  readonly closed: boolean;
}

/** Rebuilds a database error on this thread with its SQLSTATE `code`, `constraint`, `detail`…. */
function fromThreadError({ name, message, stack, ...fields }: PGliteThreadError): Error {
  const error = Object.assign(new Error(message), fields);
  error.name = name;
  if (stack) error.stack = stack;
  return error;
}

/** Applies the caller's parsers to the values the thread left as text for them. */
function parseColumns<T>(result: Results<T>, parsers: ParserOptions, rowMode: string): Results<T> {
  const columns = result.fields.flatMap((field, index) => {
    const parse = parsers[field.dataTypeID];
    return parse ? [{ key: rowMode === 'array' ? index : field.name, parse }] : [];
  });
  if (columns.length === 0) return result;
  for (const row of result.rows as Record<string | number, unknown>[]) {
    for (const { key, parse } of columns) {
      const value = row[key];
      if (typeof value === 'string') row[key] = parse(value);
    }
  }
  return result;
}

/** The worker's module: built JavaScript beside this file, or the TypeScript source under tests. */
function startWorker(init: PGliteThreadInit): Worker {
  const source = import.meta.url.endsWith('.ts');
  const entry = new URL(`./pglite-thread.worker.${source ? 'ts' : 'js'}`, import.meta.url);
  if (!source) return new Worker(entry, { workerData: init });
  // Tests run the sources: the thread registers tsx first, so it runs the code the test reads.
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: init });
}

/**
 * Embedded PostgreSQL (PGlite) on its own worker thread, shaped like the PGlite client as far as
 * Drizzle's PGlite driver uses it (`query`, `transaction`), so its CPU leaves the HTTP thread.
 * Statements are messages; a transaction keeps PGlite's single connection until it ends, as it
 * does in-process. The thread holds the process open only while a statement is under way.
 */
export class PGliteThread implements PGliteThreadSession {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
  #nextId = 1;
  #stopped: Error | null = null;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: PGliteThreadReply) => this.#settle(reply));
    worker.on('error', (error) => this.#stop(error));
    worker.on('exit', (code) => this.#stop(new Error(`exited with code ${code}`)));
  }

  /** Starts the thread and opens the database in it (files under `dataDir`, or in memory). */
  static async start(dataDir: string | null): Promise<PGliteThread> {
    const thread = new PGliteThread(startWorker({ dataDir }));
    thread.#worker.ref();
    try {
      await new Promise((resolve, reject) => thread.#pending.set(0, { resolve, reject }));
    } catch (error) {
      await thread.#worker.terminate();
      throw error;
    }
    thread.#worker.unref();
    return thread;
  }

  async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(null, sql, params, options);
  }

  async exec(sql: string): Promise<Results[]> {
    return (await this.#send({ op: 'exec', tx: null, sql })) as Results[];
  }

  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(fn: (tx: PGliteThreadTransaction) => Promise<T>): Promise<T> {
    const txId = (await this.#send({ op: 'begin' })) as number;
    let closed = false;
    const check = () => {
      if (closed) throw new Error('Transaction is closed');
    };
    const tx: PGliteThreadTransaction = {
      query: <R>(sql: string, params: unknown[] = [], options?: QueryOptions) => {
        check();
        return this.#query<R>(txId, sql, params, options);
      },
      exec: async (sql) => {
        check();
        return (await this.#send({ op: 'exec', tx: txId, sql })) as Results[];
      },
      rollback: async () => {
        check();
        closed = true;
        await this.#send({ op: 'end', tx: txId, commit: false });
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      if (!closed) {
        closed = true;
        // The caller's error says what went wrong; a failed rollback (the thread gone) would hide it.
        await this.#send({ op: 'end', tx: txId, commit: false }).catch(() => {});
      }
      throw error;
    }
    if (!closed) {
      closed = true;
      await this.#send({ op: 'end', tx: txId, commit: true });
    }
    return result;
  }

  /** Closes the database and ends the thread. */
  async close(): Promise<void> {
    if (this.#stopped) return;
    const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    await this.#send({ op: 'close' });
    // Held open until the thread is gone, so a caller awaiting close() gets to its next line.
    this.#worker.ref();
    await exited;
  }

  async #query<T>(
    tx: number | null,
    sql: string,
    params: unknown[],
    options: QueryOptions = {},
  ): Promise<Results<T>> {
    const parsers = options.parsers ?? {};
    const rowMode = options.rowMode ?? 'object';
    const result = (await this.#send({
      op: 'query',
      tx,
      sql,
      params,
      rowMode,
      textTypes: Object.keys(parsers).map(Number),
    })) as Results<T>;
    return parseColumns(result, parsers, rowMode);
  }

  #send(request: Request): Promise<unknown> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    if (this.#pending.size === 0) this.#worker.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as PGliteThreadRequest);
    });
  }

  #settle(reply: PGliteThreadReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(fromThreadError(reply.error));
  }

  /** The thread is gone (closed, crashed): what waits on it and what comes later fails. */
  #stop(cause: Error): void {
    this.#stopped ??= new Error('The embedded database thread stopped', { cause });
    for (const { reject } of this.#pending.values()) reject(this.#stopped);
    this.#pending.clear();
  }
}
