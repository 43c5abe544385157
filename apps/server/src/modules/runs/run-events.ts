import type { RunEvent } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { EventBus } from '../../infra/events/event-bus.js';
import { RunsRepository } from './runs.repository.js';

/** The bus channel on which "run X has new events" is announced. */
export const runChannel = (runId: string) => `run:${runId}`;

/**
 * Appends run events to the run's event log (the source of truth SSE replays) and then tells
 * listening servers to read it; a lost announcement costs latency, never an event.
 */
export class RunEventLog {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  /**
   * Appends and announces. Inside a transaction pass `tx` and call `announce` after the commit:
   * an announcement of rows not yet committed would send readers to find nothing.
   */
  async append(runId: string, events: RunEvent[], tx?: Db): Promise<void> {
    if (events.length === 0) return;
    await new RunsRepository(tx ?? this.db).appendEvents(
      runId,
      events.map(({ type, ...data }) => ({ type, data })),
    );
    if (!tx) await this.announce(runId);
  }

  announce(runId: string): Promise<void> {
    return this.bus.publish(runChannel(runId), null);
  }

  /** Stored events after sequence number `afterSeq`, in order. */
  after(runId: string, afterSeq: number, limit: number) {
    return new RunsRepository(this.db).eventsAfter(runId, afterSeq, limit);
  }

  subscribe(runId: string, listener: () => void): Promise<() => Promise<void>> {
    return this.bus.subscribe(runChannel(runId), listener);
  }
}

/** Buffered progress is looked at this often… */
const PROGRESS_TICK_MS = 250;
/** …and written once this many points wait, or the oldest has waited `PROGRESS_MAX_WAIT_MS`. */
const PROGRESS_MIN_BATCH = 8;
const PROGRESS_MAX_WAIT_MS = 1000;

/**
 * Buffers per-iteration progress of a running job and writes it in batches — a small GBDT does
 * hundreds of iterations a second — as metric points and progress events. Each write costs a few
 * statements whatever its size (metric points, the run's progress, events, then every SSE
 * reader's read), so a slow run's points wait up to a second to share one: writing a 1M-row GBDT's
 * 3 iterations a second every 250 ms cost ~0.7 CPU-s on the PGlite thread, once a second ~0.1.
 * A log line marks a phase (data read, training done) and is written at once.
 */
export class ProgressRecorder {
  #pending: Extract<RunEvent, { type: 'progress' | 'log' }>[] = [];
  #oldestPendingAt = 0;
  #timer: ReturnType<typeof setInterval>;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly runId: string,
    private readonly db: Db,
    private readonly events: RunEventLog,
    private readonly onError: (error: unknown) => void,
    intervalMs = PROGRESS_TICK_MS,
    /** Runs after each stored batch with its progress (a sweep's pruner looks at it here). */
    private readonly afterWrite?: (
      progress: Extract<RunEvent, { type: 'progress' }>[],
    ) => Promise<void>,
  ) {
    // A sweep trial's progress is not held back: its pruner can stop a poor trial only as early
    // as it sees the trial's losses.
    const batches = !afterWrite;
    this.#timer = setInterval(() => {
      const waited = Date.now() - this.#oldestPendingAt;
      if (
        !batches ||
        this.#pending.length >= PROGRESS_MIN_BATCH ||
        waited >= PROGRESS_MAX_WAIT_MS
      ) {
        void this.flush();
      }
    }, intervalMs);
  }

  push(progress: {
    iteration: number;
    total: number | null;
    trainLoss?: number;
    validLoss?: number;
  }) {
    if (this.#pending.length === 0) this.#oldestPendingAt = Date.now();
    this.#pending.push({
      type: 'progress',
      iteration: progress.iteration,
      total: progress.total,
      trainLoss: progress.trainLoss ?? null,
      validLoss: progress.validLoss ?? null,
    });
  }

  log(message: string, level: 'info' | 'warn' | 'error' = 'info') {
    this.#pending.push({ type: 'log', level, message });
    void this.flush();
  }

  /** Writes what is buffered; calls are serialised so events keep their order. */
  flush(): Promise<void> {
    const batch = this.#pending.splice(0);
    if (batch.length === 0) return this.#writing;
    this.#writing = this.#writing
      .then(() => this.#write(batch))
      .catch((error: unknown) => this.onError(error));
    return this.#writing;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  async #write(batch: Extract<RunEvent, { type: 'progress' | 'log' }>[]): Promise<void> {
    const repo = new RunsRepository(this.db);
    const progress = batch.filter((e) => e.type === 'progress');
    const points = progress.flatMap((p) => [
      ...(p.trainLoss === null
        ? []
        : [{ name: 'train_loss', step: p.iteration, value: p.trainLoss }]),
      ...(p.validLoss === null
        ? []
        : [{ name: 'valid_loss', step: p.iteration, value: p.validLoss }]),
    ]);
    await repo.appendMetrics(
      this.runId,
      points.filter((p) => Number.isFinite(p.value)),
    );
    const last = progress.at(-1);
    if (last) {
      await repo.updateRun(this.runId, {
        progress: {
          iteration: last.iteration,
          total: last.total,
          trainLoss: last.trainLoss,
          validLoss: last.validLoss,
        },
      });
    }
    await this.events.append(this.runId, batch);
    if (this.afterWrite && progress.length > 0) await this.afterWrite(progress);
  }
}
