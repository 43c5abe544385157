import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from './spawn-worker.js';

/** What a compute task posts back: progress of its own shape, then one result or one error. */
export type TaskMessage<P, R> =
  | { readonly type: 'progress'; readonly data: P }
  | { readonly type: 'result'; readonly data: R }
  | { readonly type: 'error'; readonly error: TaskErrorData };

export interface TaskErrorData {
  /** `input`: the task refused its input (a user error); `aborted`: it stopped on request. */
  readonly kind: 'input' | 'aborted' | 'internal';
  readonly message: string;
}

/** A task that failed inside its worker thread, or whose thread died (out of memory, crash). */
export class ComputeTaskError extends Error {
  override readonly name = 'ComputeTaskError';
  constructor(
    readonly kind: TaskErrorData['kind'] | 'crashed',
    message: string,
  ) {
    super(message);
  }
}

export interface ComputePoolOptions {
  /** Tasks running at once; default cores − 1, at least 1, so the event loop keeps a core. */
  readonly size?: number;
  /** Heap cap per task thread: a task beyond it dies alone, the process lives on. */
  readonly maxHeapMb?: number;
}

/**
 * CPU-heavy work (training, scoring) runs here, off the event loop: each task gets a fresh
 * worker thread — its memory is returned when it ends and an out-of-memory kills only that
 * thread — and at most `size` run at once; the rest wait in order.
 */
export class ComputePool {
  readonly size: number;
  readonly #maxHeapMb: number | undefined;
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #workers = new Set<Worker>();

  constructor(options: ComputePoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism() - 1);
    this.#maxHeapMb = options.maxHeapMb;
  }

  /**
   * Runs the task module with `input` (structured-cloned; pass `transfer` to move buffers). The
   * module reads its input from `workerData`-less messages: see `serveTask`. Aborting `signal`
   * posts `{ type: 'abort' }` so the task can stop cleanly, then terminates it if it does not.
   */
  async run<I, P, R>(
    module: URL,
    input: I,
    options: { onProgress?: (data: P) => void; signal?: AbortSignal } = {},
  ): Promise<R> {
    await this.#acquire(options.signal);
    try {
      return await this.#runInThread<I, P, R>(module, input, options);
    } finally {
      this.#release();
    }
  }

  /** Terminates running tasks (they reject) and refuses new ones. */
  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((worker) => worker.terminate()));
  }

  #runInThread<I, P, R>(
    module: URL,
    input: I,
    options: { onProgress?: (data: P) => void; signal?: AbortSignal },
  ): Promise<R> {
    const worker = spawnModuleWorker(
      module,
      this.#maxHeapMb ? { maxOldGenerationSizeMb: this.#maxHeapMb } : undefined,
    );
    this.#workers.add(worker);
    return new Promise<R>((resolve, reject) => {
      let settled = false;
      let forceStop: ReturnType<typeof setTimeout> | undefined;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(forceStop);
        options.signal?.removeEventListener('abort', onAbort);
        this.#workers.delete(worker);
        void worker.terminate();
        outcome();
      };
      const onAbort = () => {
        worker.postMessage({ type: 'abort' });
        // A task stuck in a long step gets a grace period, then its thread is ended.
        forceStop = setTimeout(
          () => settle(() => reject(new ComputeTaskError('aborted', 'stopped on request'))),
          5_000,
        );
      };
      worker.on('message', (message: TaskMessage<P, R> | 'ready') => {
        if (message === 'ready') {
          worker.postMessage({ type: 'run', input });
          return;
        }
        if (message.type === 'progress') options.onProgress?.(message.data);
        else if (message.type === 'result') settle(() => resolve(message.data));
        else {
          const { kind, message: text } = message.error;
          settle(() => reject(new ComputeTaskError(kind, text)));
        }
      });
      worker.on('error', (error) =>
        settle(() => reject(new ComputeTaskError('crashed', crashMessage(error)))),
      );
      worker.on('exit', (code) =>
        settle(() =>
          reject(new ComputeTaskError('crashed', `the compute thread exited (code ${code})`)),
        ),
      );
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #acquire(signal?: AbortSignal): Promise<void> {
    if (this.#active < this.size) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.#active++;
        resolve();
      };
      const onAbort = () => {
        const at = this.#waiting.indexOf(grant);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(new ComputeTaskError('aborted', 'stopped before it started'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(grant);
    });
  }

  #release(): void {
    this.#active--;
    this.#waiting.shift()?.();
  }
}

function crashMessage(error: Error): string {
  if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return 'ran out of memory (raise COMPUTE_MAX_HEAP_MB or use fewer rows or features)';
  }
  return error.message;
}
