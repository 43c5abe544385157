import type { UploadAccepted } from '@aistudio/contracts';
import { ApiError } from '@aistudio/sdk';
import { describe, expect, it } from 'vitest';
import {
  isTransient,
  ResumableUpload,
  type ResumableProgress,
  type TusTransport,
} from './dataset-upload-resumable';

const problem = (status: number) =>
  new ApiError({
    type: 'about:blank',
    title: 'Refused',
    status,
    detail: `answered ${status}`,
  } as never);

const accepted = { dataset: { id: 'd1' } } as unknown as UploadAccepted;

function networkError(): Error {
  const error = new Error('connection dropped');
  error.name = 'NetworkError';
  return error;
}

/**
 * A stand-in tus server in memory: it keeps the bytes it got, and can drop a PATCH's connection
 * after some of its bytes arrived, as a real network does.
 */
function standInServer(options: { dropAfter?: number[] } = {}) {
  const drops = [...(options.dropAfter ?? [])];
  const state = { received: new Uint8Array(0), creates: 0, heads: 0, patches: [] as number[] };
  let finishedWith: FormData | null = null;
  const transport: TusTransport = {
    async create() {
      state.creates += 1;
      return '/api/v1/uploads/u1';
    },
    async offset() {
      state.heads += 1;
      return state.received.length;
    },
    async patch(_url, offset, chunk, onSent, signal) {
      if (signal.aborted) throw new DOMException('paused', 'AbortError');
      if (offset !== state.received.length) {
        throw problem(409);
      }
      state.patches.push(offset);
      let bytes = new Uint8Array(await chunk.arrayBuffer());
      const drop = drops.shift();
      if (drop !== undefined) bytes = bytes.subarray(0, drop);
      const joined = new Uint8Array(state.received.length + bytes.length);
      joined.set(state.received);
      joined.set(bytes, state.received.length);
      state.received = joined;
      onSent(bytes.length);
      if (drop !== undefined) throw networkError();
      return state.received.length;
    },
    async finish(_url, form) {
      finishedWith = form;
      return accepted;
    },
  };
  return { transport, state, finishedWith: () => finishedWith };
}

const file = (size: number) =>
  new Blob([Uint8Array.from({ length: size }, (_, i) => i % 251)]) as Blob;
const noWait = async () => {};

function uploadOf(
  blob: Blob,
  transport: TusTransport,
  progress: ResumableProgress[] = [],
  extra: Partial<ConstructorParameters<typeof ResumableUpload>[4]> = {},
) {
  const form = new FormData();
  form.append('license', 'CC0-1.0');
  return new ResumableUpload(
    blob,
    { projectId: 'p1', filename: 'big.csv' },
    () => form,
    transport,
    {
      onProgress: (p) => progress.push(p),
      sleep: noWait,
      chunkBytes: 100,
      ...extra,
    },
  );
}

describe('resumable upload client (against a stand-in tus server)', () => {
  it('sends the file in chunks and finishes with the form, reporting progress up to the whole file', async () => {
    const server = standInServer();
    const blob = file(350);
    const progress: ResumableProgress[] = [];
    expect(await uploadOf(blob, server.transport, progress).run(new AbortController().signal)).toBe(
      accepted,
    );
    expect(server.state.patches).toEqual([0, 100, 200, 300]);
    expect(server.state.received).toEqual(new Uint8Array(await blob.arrayBuffer()));
    expect(server.finishedWith()?.get('license')).toBe('CC0-1.0');
    const sent = progress.map((p) => p.sentBytes);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ sentBytes: 350, totalBytes: 350, retryingInMs: null });
  });

  it('after a dropped connection, waits and resumes from the offset the server reports', async () => {
    const server = standInServer({ dropAfter: [30] });
    const waits: number[] = [];
    const blob = file(250);
    const progress: ResumableProgress[] = [];
    await uploadOf(blob, server.transport, progress, {
      sleep: async (ms) => {
        waits.push(ms);
      },
      retryDelaysMs: [5, 10],
    }).run(new AbortController().signal);
    // The 30 bytes that arrived before the drop are not sent again.
    expect(server.state.patches).toEqual([0, 30, 130, 230]);
    expect(server.state.heads).toBe(1);
    expect(waits).toEqual([5]);
    expect(progress.some((p) => p.retryingInMs === 5)).toBe(true);
    expect(server.state.received).toEqual(new Uint8Array(await blob.arrayBuffer()));
  });

  it('backs off longer with each failure in a row, and gives up when the delays run out', async () => {
    const server = standInServer({ dropAfter: [0, 0, 0] });
    const waits: number[] = [];
    const upload = uploadOf(file(150), server.transport, [], {
      sleep: async (ms) => {
        waits.push(ms);
      },
      retryDelaysMs: [5, 10],
    });
    await expect(upload.run(new AbortController().signal)).rejects.toThrow('connection dropped');
    expect(waits).toEqual([5, 10]);
    expect(server.finishedWith()).toBeNull();
  });

  it('pauses on abort and resumes with the same upload from where the server stands', async () => {
    const server = standInServer();
    const blob = file(300);
    const pause = new AbortController();
    const progress: ResumableProgress[] = [];
    const upload = uploadOf(blob, server.transport, progress, {
      onProgress: (p) => {
        progress.push(p);
        if (p.sentBytes >= 100) pause.abort();
      },
    });
    await expect(upload.run(pause.signal)).rejects.toThrow('paused');
    expect(server.state.received.length).toBe(100);
    await upload.run(new AbortController().signal);
    expect(server.state.creates).toBe(1);
    expect(server.state.heads).toBe(1);
    expect(server.state.patches).toEqual([0, 100, 200]);
    expect(server.state.received).toEqual(new Uint8Array(await blob.arrayBuffer()));
  });

  it('does not retry what the server refused for good', async () => {
    const refusal = problem(413);
    const server = standInServer();
    server.transport.create = async () => {
      throw refusal;
    };
    await expect(
      uploadOf(file(10), server.transport).run(new AbortController().signal),
    ).rejects.toBe(refusal);
    expect(isTransient(refusal)).toBe(false);
    expect(isTransient(problem(503))).toBe(true);
    expect(isTransient(new TypeError('Failed to fetch'))).toBe(true);
  });
});
