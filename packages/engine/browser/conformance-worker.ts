// The conformance worker: runs cases on the browser build of the engine, off the page's thread.
import * as engine from '@aistudio/engine';
import { predictRaw, runCase, timeTraining } from './conformance-cases.js';
import type { PageRequest, WorkerReply } from './protocol.js';
import { toWireError } from './wire-error.js';

/** The slice of DedicatedWorkerGlobalScope used here (the DOM and WebWorker libs cannot mix). */
interface WorkerScope {
  postMessage(reply: WorkerReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<PageRequest>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
// Proof for the test that this code did not run on the page: a worker scope has no document.
const inWorker = 'WorkerGlobalScope' in globalThis && !('document' in globalThis);
let training: AbortController | null = null;

scope.addEventListener('message', (event) => void handle(event.data));

async function handle(request: PageRequest): Promise<void> {
  if (request.type === 'abort') {
    training?.abort();
    return;
  }
  training = new AbortController();
  try {
    scope.postMessage(await answer(request, training.signal));
  } catch (error) {
    scope.postMessage({ type: 'failed', error: toWireError(error) });
  } finally {
    training = null;
  }
}

async function answer(
  request: Exclude<PageRequest, { type: 'abort' }>,
  signal: AbortSignal,
): Promise<WorkerReply> {
  if (request.type === 'predict') {
    return { type: 'predicted', rawHex: predictRaw(engine, request.modelJson, request.table) };
  }
  if (request.type === 'time') {
    const { ms, modelJson } = await timeTraining(engine, request.case, request.runs);
    return { type: 'timed', ms, modelJson };
  }
  const result = await runCase(engine, request.case, {
    signal,
    onProgress: ({ iteration }) => scope.postMessage({ type: 'progress', iteration }),
  });
  return { type: 'trained', result, inWorker };
}
