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
  /**
   * Heap cap per task thread: a task beyond it dies alone, the process lives on. (Typed-array
   * buffers live outside the heap; a failed allocation of one is an ordinary RangeError.)
   */
  readonly maxHeapMb?: number;
  /** How long an aborted task may take to stop before its thread is ended; default 5 s. */
  readonly abortGraceMs?: number;
}

/**
 * CPU-heavy work (training, scoring) runs here, off the event loop, at most `size` tasks at once
 * (the rest wait in order). Threads are kept warm between tasks of the same module — starting
 * one and loading the engine costs more than a small training — and a thread that crashes, runs
 * out of memory or ignores an abort is ended and replaced; the process lives on.
 */
export class ComputePool {
  readonly size: number;
  readonly #maxHeapMb: number | undefined;
  readonly #abortGraceMs: number;
  #active = 0;
  #closed = false;
  readonly #waiting: (() => void)[] = [];
  readonly #idle = new Map<string, Worker[]>();
  readonly #workers = new Set<Worker>();

  constructor(options: ComputePoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism() - 1);
    this.#maxHeapMb = options.maxHeapMb;
    this.#abortGraceMs = options.abortGraceMs ?? 5_000;
  }

  /**
   * Runs the task module (see `serveTask`) with `input`, which is structured-cloned. Aborting
   * `signal` asks the task to stop; a task that has not stopped after the grace period is ended.
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

  /**
   * Starts a thread for `module` now and parks it, so the first task does not wait for the thread
   * to start and load its module (about 0.6 CPU-seconds for training: the engine and DuckDB).
   */
  warm(module: URL): void {
    if (this.#closed || (this.#idle.get(module.href)?.length ?? 0) > 0) return;
    this.#park(module, this.#spawn(module));
  }

  /** Ends every thread (running tasks reject) and refuses new tasks. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#idle.clear();
    await Promise.all([...this.#workers].map((worker) => worker.terminate()));
  }

  #runInThread<I, P, R>(
    module: URL,
    input: I,
    options: { onProgress?: (data: P) => void; signal?: AbortSignal },
  ): Promise<R> {
    if (this.#closed) return Promise.reject(new ComputeTaskError('aborted', 'the pool is closed'));
    const idle = this.#idle.get(module.href)?.pop();
    const worker = idle ?? this.#spawn(module);
    return new Promise<R>((resolve, reject) => {
      let settled = false;
      let forceStop: ReturnType<typeof setTimeout> | undefined;
      const settle = (outcome: () => void, reusable: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(forceStop);
        options.signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (reusable && !this.#closed) this.#park(module, worker);
        else this.#end(worker);
        outcome();
      };
      const onAbort = () => {
        worker.postMessage({ type: 'abort' });
        forceStop = setTimeout(
          () => settle(() => reject(new ComputeTaskError('aborted', 'stopped on request')), false),
          this.#abortGraceMs,
        );
      };
      const onMessage = (message: TaskMessage<P, R>) => {
        if (message.type === 'progress') options.onProgress?.(message.data);
        else if (message.type === 'result') settle(() => resolve(message.data), true);
        else {
          const { kind, message: text } = message.error;
          settle(() => reject(new ComputeTaskError(kind, text)), true);
        }
      };
      const onError = (error: Error) =>
        settle(() => reject(new ComputeTaskError('crashed', crashMessage(error))), false);
      const onExit = (code: number) =>
        settle(
          () => reject(new ComputeTaskError('crashed', `the compute thread exited (code ${code})`)),
          false,
        );
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      // A new thread receives this once its module has subscribed: ports queue until then.
      worker.postMessage({ type: 'run', input });
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Threads alive, running or parked. */
  get threads(): number {
    return this.#workers.size;
  }

  #spawn(module: URL): Worker {
    const worker = spawnModuleWorker(
      module,
      this.#maxHeapMb ? { maxOldGenerationSizeMb: this.#maxHeapMb } : undefined,
    );
    this.#workers.add(worker);
    // A parked thread that fails (its module did not load) must not be handed a task; a running
    // one's failure also reaches its task through the listeners of #runInThread.
    const forget = () => {
      this.#workers.delete(worker);
      const idle = this.#idle.get(module.href);
      const at = idle?.indexOf(worker) ?? -1;
      if (at >= 0) idle!.splice(at, 1);
    };
    worker.on('error', forget).once('exit', forget);
    // An idle thread must not keep the process alive.
    worker.unref();
    return worker;
  }

  #park(module: URL, worker: Worker): void {
    const idle = this.#idle.get(module.href) ?? [];
    if (idle.length >= this.size) {
      this.#end(worker);
      return;
    }
    idle.push(worker);
    this.#idle.set(module.href, idle);
  }

  #end(worker: Worker): void {
    this.#workers.delete(worker);
    void worker.terminate();
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
