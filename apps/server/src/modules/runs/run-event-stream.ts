import type { FastifyReply, FastifyRequest } from 'fastify';
import { RUN_FINAL_STATUSES, type RunStatus } from '@aistudio/contracts';
import type { RunEventLog } from './run-events.js';

const PAGE = 500;
/** Comment lines keep proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;
/** A missed announcement (Redis restart, dropped message) costs at most this much latency. */
const POLL_MS = 3_000;

/**
 * Streams a run's event log as Server-Sent Events from `afterSeq`: what is stored first, then
 * what is appended, read from the log whenever an announcement arrives (or the poll fires), so
 * every client sees every event once and in order. Ends after a final state.
 */
export async function streamRunEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  runId: string,
  afterSeq: number,
  events: RunEventLog,
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write('retry: 2000\n\n');

  let cursor = afterSeq;
  let closed = false;
  let reading: Promise<void> | null = null;
  let again = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    clearInterval(poll);
    void unsubscribe().catch(() => {});
    raw.end();
  };
  const readOnce = async () => {
    for (;;) {
      const rows = await events.after(runId, cursor, PAGE);
      for (const row of rows) {
        if (closed) return;
        raw.write(
          `id: ${row.seq}\ndata: ${JSON.stringify({ type: row.type, ...(row.data as object) })}\n\n`,
        );
        cursor = row.seq;
        const status = (row.data as { status?: RunStatus }).status;
        if (row.type === 'state' && status && RUN_FINAL_STATUSES.includes(status)) {
          close();
          return;
        }
      }
      if (rows.length < PAGE) return;
    }
  };
  // One reader at a time; a wake-up during a read schedules one more read after it.
  const pump = (): void => {
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = readOnce()
      .catch(() => close())
      .finally(() => {
        reading = null;
        if (again) {
          again = false;
          pump();
        }
      });
  };
  const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
  const poll = setInterval(pump, POLL_MS);
  const unsubscribe = await events.subscribe(runId, pump);
  request.raw.on('close', close);
  pump();
}
