import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HistogramThreads, HistogramWorkerInit } from '@aistudio/engine';

// The worker runs the engine's built ES module: a data: URL keeps this adapter a single file
// and works the same from source (tests) and from dist.
const ENGINE_URL = new URL('../dist/index.js', import.meta.url).href;
const WORKER_SOURCE = `
import { parentPort } from 'node:worker_threads';
const { runHistogramWorker } = await import(${JSON.stringify(ENGINE_URL)});
parentPort.on('message', (init) => {
  runHistogramWorker(init);
  parentPort.postMessage('stopped');
});
parentPort.postMessage('ready');
`;

/**
 * Node worker threads that share the engine's histogram work:
 * `trainGbdt(params, table, y, { threads })`. Start it once, reuse it across trainings (one at
 * a time), and `close()` it when done. The default size leaves one core to the training thread.
 */
export class NodeHistogramThreads implements HistogramThreads {
  readonly #workers: Worker[];

  private constructor(workers: Worker[]) {
    this.#workers = workers;
  }

  /** Starts `size` workers (default: cores − 1) and waits until each has loaded the engine. */
  static async start(size = Math.max(0, cpus().length - 1)): Promise<NodeHistogramThreads> {
    const url = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);
    const workers = Array.from({ length: size }, () => new Worker(url));
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('message', () => resolve());
            worker.once('error', reject);
          }),
      ),
    );
    return new NodeHistogramThreads(workers);
  }

  get size(): number {
    return this.#workers.length;
  }

  post(index: number, init: HistogramWorkerInit): void {
    this.#workers[index]!.postMessage(init);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}
