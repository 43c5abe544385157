/** A compute task for the pool's tests: echoes, reports progress, hogs the heap, or spins. */
import { serveTask } from '../../serve-task.js';

type Input =
  | { mode: 'echo'; value: number; steps: number }
  | { mode: 'hog' }
  | { mode: 'spin'; honoursAbort: boolean }
  | { mode: 'refuse' };

serveTask<Input, number, number>(
  async (input, { signal, progress }) => {
    if (input.mode === 'echo') {
      for (let step = 1; step <= input.steps; step++) progress(step);
      return input.value * 2;
    }
    if (input.mode === 'hog') {
      const hog: object[] = [];
      for (;;) hog.push({ values: Array.from({ length: 1000 }, (_, i) => ({ i })) });
    }
    if (input.mode === 'refuse') throw new RangeError('no such thing');
    progress(0);
    for (;;) {
      if (input.honoursAbort && signal.aborted) throw new Error('stopped');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  },
  (error) =>
    error instanceof RangeError
      ? { kind: 'input', message: error.message }
      : { kind: 'aborted', message: (error as Error).message },
);
