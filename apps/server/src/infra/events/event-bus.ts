/** Receives the messages published on a channel after it subscribed. */
export type EventListener = (message: unknown) => void;

/**
 * Fan-out of live events (run progress, state changes) from where they happen to every server
 * that streams them: in-process when embedded, Redis pub/sub at scale. Delivery is best effort;
 * what must not be lost is stored first (run events are rows) and the message only says "look".
 */
export interface EventBus {
  /** Publishes a JSON-serialisable message. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Subscribes; the returned function unsubscribes. */
  subscribe(channel: string, listener: EventListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
