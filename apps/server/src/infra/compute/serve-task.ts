import { parentPort } from 'node:worker_threads';
import type { TaskErrorData, TaskMessage } from './compute-pool.js';

/** What a task function gets besides its input. */
export interface TaskContext<P> {
  /** Aborted when the pool's caller aborts. */
  readonly signal: AbortSignal;
  progress(data: P): void;
}

/**
 * The worker-thread side of `ComputePool.run`: call it once at the top of a task module. The
 * thread then runs tasks one after another; a thrown error becomes the task's error, and
 * `classify` tells user errors from internal ones.
 */
export function serveTask<I, P, R>(
  task: (input: I, context: TaskContext<P>) => Promise<R>,
  classify: (error: unknown) => TaskErrorData,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveTask runs in a worker thread');
  let controller = new AbortController();
  const post = (message: TaskMessage<P, R>) => port.postMessage(message);
  port.on('message', (message: { type: 'run'; input: I } | { type: 'abort' }) => {
    if (message.type === 'abort') {
      controller.abort();
      return;
    }
    controller = new AbortController();
    task(message.input, {
      signal: controller.signal,
      progress: (data) => post({ type: 'progress', data }),
    }).then(
      (data) => post({ type: 'result', data }),
      (error: unknown) => post({ type: 'error', error: classify(error) }),
    );
  });
}
