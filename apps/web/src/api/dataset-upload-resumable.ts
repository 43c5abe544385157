import type { UploadAccepted } from '@aistudio/contracts';
import { ApiError, unwrap } from '@aistudio/sdk';
import { currentCsrfToken } from './client';

/** Files at least this large go up resumably (tus); smaller ones in one request. */
export const RESUMABLE_THRESHOLD_BYTES = 8 * 1024 * 1024;
/** Bytes per PATCH: what a dropped connection can cost at most. */
export const CHUNK_BYTES = 8 * 1024 * 1024;
/** Waits between attempts after a network error; the last one repeats until attempts run out. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000, 30000];

/** The calls of a resumable upload (tus 1.0); `tusTransport` speaks HTTP, tests a stand-in. */
export interface TusTransport {
  /** Starts an upload described by `metadata` (tus Upload-Metadata); answers its URL. */
  create(length: number, metadata: Readonly<Record<string, string>>): Promise<string>;
  /** Bytes the server holds. */
  offset(url: string): Promise<number>;
  /** Sends `chunk` from `offset`; answers the server's new offset. */
  patch(
    url: string,
    offset: number,
    chunk: Blob,
    onSent: (bytes: number) => void,
    signal: AbortSignal,
  ): Promise<number>;
  /** Turns the complete upload into a dataset or version. */
  finish(url: string, form: FormData): Promise<UploadAccepted>;
}

/** What the dialog shows: bytes the server has, and whether a network error is being waited out. */
export interface ResumableProgress {
  sentBytes: number;
  totalBytes: number;
  /** Set while waiting to retry after a network error. */
  retryingInMs: number | null;
}

/** A network failure or a server hiccup (5xx, busy): worth retrying from the server's offset. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ApiError) {
    return error.status >= 500 || [408, 409, 423, 429].includes(error.status);
  }
  return error instanceof TypeError || (error instanceof Error && error.name === 'NetworkError');
}

/**
 * One file's resumable upload. `run` sends what the server lacks and finishes; a pause aborts its
 * signal, and the next `run` asks the server where it stands and goes on from there. After a
 * network error it waits (with backoff) and resumes the same way, without resending what arrived.
 */
export class ResumableUpload {
  #url: string | null = null;

  constructor(
    private readonly file: Blob,
    private readonly metadata: Readonly<Record<string, string>>,
    private readonly finishForm: () => FormData,
    private readonly transport: TusTransport,
    private readonly options: {
      onProgress: (progress: ResumableProgress) => void;
      sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
      retryDelaysMs?: readonly number[];
      chunkBytes?: number;
    },
  ) {}

  async run(signal: AbortSignal): Promise<UploadAccepted> {
    const total = this.file.size;
    const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
    const sleep = this.options.sleep ?? abortableSleep;
    let failures = 0;
    let offset: number | null = this.#url ? null : 0;
    for (;;) {
      try {
        this.#url ??= await this.transport.create(total, this.metadata);
        offset ??= await this.transport.offset(this.#url);
        this.#report(offset, null);
        while (offset < total) {
          const chunk = this.file.slice(offset, offset + (this.options.chunkBytes ?? CHUNK_BYTES));
          const from: number = offset;
          offset = await this.transport.patch(
            this.#url,
            from,
            chunk,
            (sent) => this.#report(from + sent, null),
            signal,
          );
          failures = 0;
          this.#report(offset, null);
        }
        return await this.transport.finish(this.#url, this.finishForm());
      } catch (error) {
        if (signal.aborted || !isTransient(error) || failures >= delays.length) throw error;
        const wait = delays[Math.min(failures, delays.length - 1)]!;
        failures += 1;
        this.#report(offset ?? 0, wait);
        await sleep(wait, signal);
        // Whatever the server kept of the failed chunk counts: ask it, never guess.
        offset = null;
      }
    }
  }

  #report(sentBytes: number, retryingInMs: number | null) {
    this.options.onProgress({ sentBytes, totalBytes: this.file.size, retryingInMs });
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new DOMException('The upload was paused.', 'AbortError'));
      },
      { once: true },
    );
  });
}

const TUS_HEADERS = { 'tus-resumable': '1.0.0' };

function writeHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const csrf = currentCsrfToken();
  return { ...TUS_HEADERS, ...(csrf ? { 'x-csrf-token': csrf } : {}), ...extra };
}

/** Answers like the SDK: the body, or ApiError with the server's problem. */
async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body =
    text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
  const copy = new Response(null, { status: response.status, statusText: response.statusText });
  return unwrap(
    Promise.resolve(
      response.ok ? { data: body as T, response: copy } : { error: body, response: copy },
    ),
  );
}

const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

/** The browser's tus calls: fetch, and XMLHttpRequest for PATCH because fetch reports no upload progress. */
export const tusTransport: TusTransport = {
  async create(length, metadata) {
    const response = await fetch('/api/v1/uploads', {
      method: 'POST',
      credentials: 'same-origin',
      headers: writeHeaders({
        'upload-length': String(length),
        'upload-metadata': Object.entries(metadata)
          .map(([key, value]) => `${key} ${base64(value)}`)
          .join(','),
      }),
    });
    if (!response.ok) await answer(response);
    return response.headers.get('location')!;
  },
  async offset(url) {
    const response = await fetch(url, {
      method: 'HEAD',
      credentials: 'same-origin',
      headers: TUS_HEADERS,
      cache: 'no-store',
    });
    if (!response.ok) await answer(response);
    return Number(response.headers.get('upload-offset'));
  },
  patch(url, offset, chunk, onSent, signal) {
    return new Promise<number>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PATCH', url);
      xhr.withCredentials = true;
      for (const [name, value] of Object.entries(
        writeHeaders({
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        }),
      )) {
        xhr.setRequestHeader(name, value);
      }
      xhr.upload.onprogress = (event) => onSent(event.loaded);
      xhr.onload = () => {
        if (xhr.status === 204) {
          resolve(Number(xhr.getResponseHeader('upload-offset')));
          return;
        }
        const response = new Response(xhr.responseText || null, {
          status: xhr.status,
          headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
        });
        answer<number>(response).then(resolve, reject);
      };
      xhr.onerror = () => {
        const error = new Error('The connection dropped while sending the file.');
        error.name = 'NetworkError';
        reject(error);
      };
      xhr.onabort = () => reject(new DOMException('The upload was paused.', 'AbortError'));
      const abort = () => xhr.abort();
      signal.addEventListener('abort', abort, { once: true });
      xhr.onloadend = () => signal.removeEventListener('abort', abort);
      xhr.send(chunk);
    });
  },
  async finish(url, form) {
    const response = await fetch(`${url}/finish`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: writeHeaders({ accept: 'application/json' }),
      body: form,
    });
    return answer<UploadAccepted>(response);
  },
};
