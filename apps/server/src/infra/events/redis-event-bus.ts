import { Redis } from 'ioredis';
import type { EventBus, EventListener } from './event-bus.js';

/**
 * The scale adapter: Redis pub/sub, so an event published by a worker reaches the server that
 * streams it to a browser. One connection publishes; one, in subscriber mode, listens for every
 * channel this process has listeners on. Channels are namespaced by `prefix`.
 */
export class RedisEventBus implements EventBus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #channels = new Map<
    string,
    { listeners: Set<EventListener>; subscribed: Promise<unknown> }
  >();

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void,
  ) {
    this.#publisher = new Redis(url);
    // No INFO ready check or CLIENT SETINFO on the subscriber: sent while SUBSCRIBE is under way
    // they are refused ("only subscriber commands"), an ioredis 5.x race (its issue 2037).
    this.#subscriber = new Redis(url, { enableReadyCheck: false, disableClientInfo: true });
    this.#publisher.on('error', onError);
    this.#subscriber.on('error', onError);
    this.#subscriber.on('message', (channel: string, text: string) => this.#deliver(channel, text));
  }

  #deliver(channel: string, text: string): void {
    const listeners = this.#channels.get(channel.slice(this.prefix.length))?.listeners;
    if (!listeners) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      this.onError(error);
      return;
    }
    // Copy, so a listener that unsubscribes while being called does not skip another.
    for (const listener of [...listeners]) listener(message);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.#publisher.publish(this.prefix + channel, JSON.stringify(message));
  }

  async subscribe(channel: string, listener: EventListener): Promise<() => Promise<void>> {
    let entry = this.#channels.get(channel);
    if (!entry) {
      const subscribed = this.#subscriber.subscribe(this.prefix + channel);
      this.#channels.set(channel, (entry = { listeners: new Set(), subscribed }));
    }
    const { listeners } = entry;
    listeners.add(listener);
    // Resolve only once Redis confirmed: a message published after this returns is received.
    await entry.subscribed;
    return async () => {
      if (!listeners.delete(listener) || listeners.size > 0) return;
      this.#channels.delete(channel);
      await this.#subscriber.unsubscribe(this.prefix + channel);
    };
  }

  async close(): Promise<void> {
    this.#channels.clear();
    await Promise.all(
      [this.#publisher, this.#subscriber].map((c) => c.quit().catch(() => c.disconnect())),
    );
  }
}
