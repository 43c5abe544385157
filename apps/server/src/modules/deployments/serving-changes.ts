import { randomUUID } from 'node:crypto';
import type { EventBus } from '../../infra/events/event-bus.js';

const CHANNEL = 'serving-changes';

/** A committed change that makes cached serving state stale. */
export type ServingChange =
  | { type: 'deployment'; deploymentId: string }
  | { type: 'model-versions-deleted'; versionIds: string[] };

export type ServingChangeListener = (change: ServingChange) => void;

/**
 * Change notices for the serving caches of every replica. A notice reaches this process's
 * listeners before `publish` returns, so the replica that made a change never answers from a
 * stale entry, and the other replicas through the event bus (Redis pub/sub at scale).
 */
export class ServingChanges {
  readonly #listeners = new Set<ServingChangeListener>();
  // Our own notices come back from the bus; they were delivered locally already.
  readonly #origin = randomUUID();

  constructor(
    private readonly bus: EventBus,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Subscribes to the bus; resolves once notices from other replicas are received. */
  async start(): Promise<void> {
    await this.bus.subscribe(CHANNEL, (message) => {
      const notice = message as { origin?: unknown; change?: ServingChange };
      if (notice.origin !== this.#origin && isServingChange(notice.change)) {
        this.#deliver(notice.change);
      }
    });
  }

  /** Call after the change committed. A bus failure is logged: the change itself stands. */
  async publish(change: ServingChange): Promise<void> {
    this.#deliver(change);
    await this.bus.publish(CHANNEL, { origin: this.#origin, change }).catch(this.onError);
  }

  listen(listener: ServingChangeListener): void {
    this.#listeners.add(listener);
  }

  #deliver(change: ServingChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

function isServingChange(value: unknown): value is ServingChange {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as Record<string, unknown>;
  if (change.type === 'deployment') return typeof change.deploymentId === 'string';
  return (
    change.type === 'model-versions-deleted' &&
    Array.isArray(change.versionIds) &&
    change.versionIds.every((id) => typeof id === 'string')
  );
}
