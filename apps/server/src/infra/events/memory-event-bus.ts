import type { EventBus, EventListener } from './event-bus.js';

/** The embedded adapter: one process sees every event, so a map of listeners is enough. */
export class MemoryEventBus implements EventBus {
  readonly #listeners = new Map<string, Set<EventListener>>();

  publish(channel: string, message: unknown): Promise<void> {
    // Copy, so a listener that unsubscribes while being called does not skip another.
    for (const listener of [...(this.#listeners.get(channel) ?? [])]) listener(message);
    return Promise.resolve();
  }

  subscribe(channel: string, listener: EventListener): Promise<() => Promise<void>> {
    let listeners = this.#listeners.get(channel);
    if (!listeners) this.#listeners.set(channel, (listeners = new Set()));
    listeners.add(listener);
    return Promise.resolve(() => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#listeners.delete(channel);
      return Promise.resolve();
    });
  }

  close(): Promise<void> {
    this.#listeners.clear();
    return Promise.resolve();
  }
}
