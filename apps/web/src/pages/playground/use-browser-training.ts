import type { EvaluationReport, TrainedModel, TrainSpec } from '@aistudio/engine';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TrainingReply, TrainingRequest } from './training-protocol';

export type TrainingPhase =
  'idle' | 'training' | 'paused' | 'evaluating' | 'done' | 'stopped' | 'failed';

/** Loss per iteration; `valid` holds NaN where no validation loss was computed. */
export interface LossCurve {
  readonly iteration: number[];
  readonly train: number[];
  readonly valid: number[];
}

export interface BrowserTraining {
  readonly phase: TrainingPhase;
  readonly curve: LossCurve;
  readonly split: { trainRows: number; testRows: number } | null;
  readonly model: TrainedModel | null;
  readonly report: EvaluationReport | null;
  readonly trainingMs: number | null;
  readonly onnx: { bytes: Uint8Array | null; error: string | null } | null;
  readonly error: { subject?: string; message: string } | null;
  /** What the current training was asked: saving it to a project sends the same settings. */
  readonly trainedWith: { readonly spec: TrainSpec; readonly testFraction: number } | null;
}

const idle: BrowserTraining = {
  phase: 'idle',
  curve: { iteration: [], train: [], valid: [] },
  split: null,
  model: null,
  report: null,
  trainingMs: null,
  onnx: null,
  error: null,
  trainedWith: null,
};

/**
 * Trains in a Web Worker (one per training, ended when the next starts or the page goes) and
 * follows it: the curve grows with each progress message, drawn at most once per frame.
 */
export function useBrowserTraining() {
  const [state, setState] = useState<BrowserTraining>(idle);
  const worker = useRef<Worker | null>(null);
  const curve = useRef<LossCurve>(idle.curve);
  const frame = useRef<number | null>(null);

  const flushCurve = useCallback(() => {
    frame.current = null;
    const { iteration, train, valid } = curve.current;
    setState((s) => ({
      ...s,
      curve: { iteration: [...iteration], train: [...train], valid: [...valid] },
    }));
  }, []);

  const onReply = useCallback(
    (reply: TrainingReply) => {
      switch (reply.type) {
        case 'split':
          return setState((s) => ({ ...s, split: reply }));
        case 'progress': {
          const c = curve.current;
          c.iteration.push(reply.iteration);
          c.train.push(reply.trainLoss ?? NaN);
          c.valid.push(reply.validLoss ?? NaN);
          frame.current ??= requestAnimationFrame(flushCurve);
          return;
        }
        case 'paused': {
          // Resuming repeats the iterations after the checkpoint: drop them from the curve now.
          const c = curve.current;
          const keep = c.iteration.findIndex((i) => i > reply.iteration);
          if (keep >= 0) for (const series of [c.iteration, c.train, c.valid]) series.length = keep;
          flushCurve();
          return setState((s) => ({ ...s, phase: 'paused' }));
        }
        case 'evaluating':
          flushCurve();
          return setState((s) => ({ ...s, phase: 'evaluating' }));
        case 'done':
          return setState((s) => ({
            ...s,
            phase: 'done',
            model: reply.model,
            report: reply.report,
            trainingMs: reply.trainingMs,
            onnx: { bytes: reply.onnx, error: reply.onnxError },
          }));
        case 'stopped':
          flushCurve();
          return setState((s) => ({ ...s, phase: 'stopped' }));
        case 'failed':
          return setState((s) => ({
            ...s,
            phase: 'failed',
            error: { message: reply.message, ...(reply.subject ? { subject: reply.subject } : {}) },
          }));
      }
    },
    [flushCurve],
  );

  const end = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
  }, []);

  useEffect(() => end, [end]);

  const post = (request: TrainingRequest) => worker.current?.postMessage(request);

  const start = useCallback(
    (request: Extract<TrainingRequest, { type: 'start' }>) => {
      end();
      curve.current = { iteration: [], train: [], valid: [] };
      setState({
        ...idle,
        phase: 'training',
        trainedWith: { spec: request.spec, testFraction: request.testFraction },
      });
      const next = new Worker(new URL('./training.worker.ts', import.meta.url), {
        type: 'module',
        name: 'playground-training',
      });
      next.addEventListener('message', (event: MessageEvent<TrainingReply>) => onReply(event.data));
      next.addEventListener('error', (event) =>
        onReply({
          type: 'failed',
          message: event.message || 'the training worker failed to start',
        }),
      );
      worker.current = next;
      next.postMessage(request);
    },
    [end, onReply],
  );

  return {
    ...state,
    start,
    pause: () => post({ type: 'pause' }),
    resume: () => {
      setState((s) => ({ ...s, phase: 'training' }));
      post({ type: 'resume' });
    },
    stop: () => post({ type: 'stop' }),
  };
}
