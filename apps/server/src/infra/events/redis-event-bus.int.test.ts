import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisEventBus } from './redis-event-bus.js';

const url = process.env.REDIS_URL;

describe.skipIf(!url)('RedisEventBus (REDIS_URL)', () => {
  const buses: RedisEventBus[] = [];
  const prefix = `aistudio-test-${randomUUID().slice(0, 8)}:`;
  const open = () => {
    const bus = new RedisEventBus(url!, prefix, (error) => {
      throw error;
    });
    buses.push(bus);
    return bus;
  };
  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
  });

  it('delivers a message published by one process to a listener in another', async () => {
    const [server, worker] = [open(), open()];
    const received: unknown[] = [];
    await server.subscribe('run:1', (message) => received.push(message));
    await worker.publish('run:1', { type: 'metrics', step: 3, loss: 0.25 });
    await expect.poll(() => received).toEqual([{ type: 'metrics', step: 3, loss: 0.25 }]);
  });

  it('delivers to every listener of the channel and to no other channel', async () => {
    const [a, b] = [open(), open()];
    const first: unknown[] = [];
    const second: unknown[] = [];
    const other: unknown[] = [];
    await a.subscribe('run:2', (m) => first.push(m));
    await a.subscribe('run:2', (m) => second.push(m));
    await a.subscribe('run:3', (m) => other.push(m));
    await b.publish('run:2', 'hello');
    await expect.poll(() => [first, second]).toEqual([['hello'], ['hello']]);
    expect(other).toEqual([]);
  });

  it('stops delivering after unsubscribe', async () => {
    const [a, b] = [open(), open()];
    const received: unknown[] = [];
    const unsubscribe = await a.subscribe('run:4', (m) => received.push(m));
    await b.publish('run:4', 1);
    await expect.poll(() => received).toEqual([1]);
    await unsubscribe();
    // A later listener proves the second message was published and delivered meanwhile.
    const witness: unknown[] = [];
    await a.subscribe('run:4', (m) => witness.push(m));
    await b.publish('run:4', 2);
    await expect.poll(() => witness).toEqual([2]);
    expect(received).toEqual([1]);
  });
});
