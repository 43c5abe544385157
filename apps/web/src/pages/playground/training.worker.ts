// The playground's training thread: the engine runs here, never on the page's thread.
import {
  EngineInputError,
  evaluateModel,
  exportOnnx,
  splitForEvaluation,
  Table,
  train,
  TrainingAbortedError,
  type TrainCheckpoint,
  type TrainedModel,
  type TrainSpec,
} from '@aistudio/engine';
import type { TrainingReply, TrainingRequest } from './training-protocol';

/** The slice of DedicatedWorkerGlobalScope used here (the DOM and WebWorker libs cannot mix). */
interface WorkerScope {
  postMessage(reply: TrainingReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<TrainingRequest>) => void): void;
}

/** Why the running `train` call was aborted. */
type Intent = 'run' | 'pause' | 'stop' | 'step';

interface Job {
  readonly spec: TrainSpec;
  readonly train: Table;
  readonly test: Table;
  readonly stepDelayMs: number;
  readonly checkpointable: boolean;
  checkpoint: TrainCheckpoint | null;
  controller: AbortController;
  intent: Intent;
  running: boolean;
  trainingMs: number;
}

const scope = globalThis as unknown as WorkerScope;
let job: Job | null = null;

scope.addEventListener('message', ({ data }) => {
  if (data.type === 'start') start(data);
  else if (!job) return;
  else if (data.type === 'resume' && !job.running && job.intent === 'pause') void run(job);
  else if (data.type === 'pause' || data.type === 'stop') halt(job, data.type);
});

function start(request: Extract<TrainingRequest, { type: 'start' }>): void {
  // The page starts a fresh worker for every training, so there is never a job to replace.
  try {
    const table = Table.fromRecords(request.rows);
    const split = splitForEvaluation(table, request.spec.target, {
      testFraction: request.testFraction,
      seed: request.spec.seed ?? 0,
    });
    const algorithm = request.spec.algorithm ?? 'gbdt';
    job = {
      spec: request.spec,
      train: split.train,
      test: split.test,
      stepDelayMs: request.stepDelayMs,
      checkpointable: algorithm === 'gbdt' || algorithm === 'mlp',
      checkpoint: null,
      controller: new AbortController(),
      intent: 'run',
      running: false,
      trainingMs: 0,
    };
    scope.postMessage({
      type: 'split',
      trainRows: split.train.numRows,
      testRows: split.test.numRows,
    });
    void run(job);
  } catch (error) {
    fail(error);
  }
}

function halt(current: Job, intent: 'pause' | 'stop'): void {
  current.intent = intent;
  current.controller.abort();
  if (current.running) return;
  // Between two slow-motion steps or already paused: nothing to abort, answer now.
  if (intent === 'stop') finish(current, { type: 'stopped' });
}

async function run(current: Job): Promise<void> {
  current.running = true;
  current.intent = 'run';
  current.controller = new AbortController();
  const began = performance.now();
  try {
    const model = await train(current.spec, current.train, {
      signal: current.controller.signal,
      onProgress: (event) => {
        scope.postMessage({ type: 'progress', ...event });
        // Slow motion: stop after each checkpointed step and continue from it after a wait.
        if (current.stepDelayMs > 0 && current.checkpointable && current.intent === 'run') {
          current.intent = 'step';
          current.controller.abort();
        }
      },
      ...(current.checkpointable
        ? {
            checkpointEvery: 1,
            onCheckpoint: (checkpoint: TrainCheckpoint) => (current.checkpoint = checkpoint),
          }
        : {}),
      ...(current.checkpoint ? { resumeFrom: current.checkpoint } : {}),
    });
    current.trainingMs += performance.now() - began;
    current.running = false;
    if (job !== current) return;
    scope.postMessage({ type: 'evaluating' });
    const report = await evaluateModel(model, current.test, { seed: current.spec.seed ?? 0 });
    finish(current, {
      type: 'done',
      model,
      report,
      trainingMs: current.trainingMs,
      ...onnxOf(model),
    });
  } catch (error) {
    current.trainingMs += performance.now() - began;
    current.running = false;
    if (job !== current) return;
    if (!(error instanceof TrainingAbortedError)) return finish(current, failure(error));
    await afterAbort(current);
  }
}

async function afterAbort(current: Job): Promise<void> {
  if (current.intent === 'step') {
    await new Promise((resolve) => setTimeout(resolve, current.stepDelayMs));
    if (job !== current) return;
    // A pause or stop that arrived during the wait has set the intent.
    if (current.intent === 'step') return run(current);
  }
  if (current.intent === 'pause') {
    scope.postMessage({ type: 'paused', iteration: current.checkpoint?.iteration ?? 0 });
    return;
  }
  finish(current, { type: 'stopped' });
}

/** The ONNX export that "save to a project" uploads; some pipelines (text) have none. */
function onnxOf(model: TrainedModel): { onnx: Uint8Array | null; onnxError: string | null } {
  try {
    return { onnx: exportOnnx(model), onnxError: null };
  } catch (error) {
    return { onnx: null, onnxError: error instanceof Error ? error.message : String(error) };
  }
}

function finish(current: Job, reply: TrainingReply): void {
  if (job === current) job = null;
  scope.postMessage(reply);
}

function fail(error: unknown): void {
  job = null;
  scope.postMessage(failure(error));
}

function failure(error: unknown): TrainingReply {
  if (error instanceof EngineInputError) {
    return { type: 'failed', subject: error.subject, message: error.message };
  }
  return { type: 'failed', message: error instanceof Error ? error.message : String(error) };
}
