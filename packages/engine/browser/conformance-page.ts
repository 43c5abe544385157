// The conformance page: starts workers, talks to them, and exposes `globalThis.conformance`.
import type { ConformanceCase } from './conformance-cases.js';
import type { ConformanceApi, PageRequest, WorkerReply } from './protocol.js';
import { describeError, fromWireError } from './wire-error.js';

type FinalReply = Exclude<WorkerReply, { type: 'progress' }>;

// Built next to this file; a variable keeps Vite from bundling the worker into the page.
const WORKER_FILE = 'conformance-worker.js';

function startWorker(): Worker {
  return new Worker(new URL(WORKER_FILE, import.meta.url), { type: 'module' });
}

/** Posts one request and resolves with the worker's final reply; progress goes to `onProgress`. */
function converse(
  worker: Worker,
  request: PageRequest,
  onProgress?: (iteration: number) => void,
): Promise<FinalReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') return onProgress?.(reply.iteration);
      stop();
      resolve(reply);
    };
    // A worker that fails to load (a bad build, a wrong MIME type) reports only here.
    const onError = (event: ErrorEvent) => {
      stop();
      reject(new Error(`worker error: ${event.message || 'the module did not load'}`));
    };
    const stop = () => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    worker.postMessage(request);
  });
}

function expectReply<T extends FinalReply['type']>(
  reply: FinalReply,
  type: T,
): Extract<FinalReply, { type: T }> {
  if (reply.type === 'failed') throw fromWireError(reply.error);
  if (reply.type !== type) throw new Error(`expected a ${type} reply, got ${reply.type}`);
  return reply as Extract<FinalReply, { type: T }>;
}

async function withWorker<T>(use: (worker: Worker) => Promise<T>): Promise<T> {
  const worker = startWorker();
  try {
    return await use(worker);
  } finally {
    worker.terminate();
  }
}

const conformance: ConformanceApi = {
  train: (c) =>
    withWorker(async (worker) => {
      const { result, inWorker } = expectReply(
        await converse(worker, { type: 'train', case: c }),
        'trained',
      );
      return { result, inWorker };
    }),

  trainAndAbort: (c, abortAtIteration, next) =>
    withWorker(async (worker) => {
      let lastProgress = 0;
      const reply = await converse(worker, { type: 'train', case: c }, (iteration) => {
        lastProgress = iteration;
        if (iteration === abortAtIteration) worker.postMessage({ type: 'abort' });
      });
      if (reply.type !== 'failed') throw new Error(`training was not aborted: ${reply.type}`);
      const error = describeError(fromWireError(reply.error));
      const after = expectReply(await converse(worker, { type: 'train', case: next }), 'trained');
      return { error, lastProgress, next: after.result };
    }),

  predictRaw: (modelJson, table) =>
    withWorker(async (worker) => {
      const reply = await converse(worker, { type: 'predict', modelJson, table });
      return expectReply(reply, 'predicted').rawHex;
    }),

  trainExpectingError: (c: ConformanceCase) =>
    withWorker(async (worker) => {
      const reply = await converse(worker, { type: 'train', case: c });
      if (reply.type !== 'failed') throw new Error(`expected an error, got ${reply.type}`);
      return describeError(fromWireError(reply.error));
    }),

  time: (c, runs) =>
    withWorker(async (worker) => {
      const { ms, modelJson } = expectReply(
        await converse(worker, { type: 'time', case: c, runs }),
        'timed',
      );
      return { ms, modelJson };
    }),
};

(globalThis as unknown as { conformance: ConformanceApi }).conformance = conformance;
