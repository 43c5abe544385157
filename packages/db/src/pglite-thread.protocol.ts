/** What the embedded database thread is started with. */
export interface PGliteThreadInit {
  /** Directory of the database files; null keeps it in memory. */
  dataDir: string | null;
}

/** A statement for the database thread; `tx` names an open transaction, null runs outside one. */
export type PGliteThreadRequest =
  | {
      id: number;
      op: 'query';
      tx: number | null;
      sql: string;
      params: unknown[];
      rowMode: 'array' | 'object';
      /** Type OIDs the caller parses itself: the thread hands their values over as text. */
      textTypes: number[];
    }
  | { id: number; op: 'exec'; tx: number | null; sql: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/** An error as it crosses threads: name, message, stack and the driver's own fields (code…). */
export interface PGliteThreadError {
  name: string;
  message: string;
  stack?: string;
  [field: string]: unknown;
}

/** The answer to request `id`; id 0 answers the start (the database opened, or why not). */
export type PGliteThreadReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: PGliteThreadError };
