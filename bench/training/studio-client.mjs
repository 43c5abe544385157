// The bench's HTTP client of a running studio: the owner account and a project, dataset uploads,
// runs started over the REST API and followed over their Server-Sent Events stream.
import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import path from 'node:path';

const PASSWORD = 'quartz-meadow-lantern-77';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class StudioClient {
  #base;
  #session = {};

  constructor(base) {
    this.#base = base;
  }

  /** Creates the instance owner, an org and a project; later calls act as that owner. */
  async setUp() {
    const res = await fetch(`${this.#base}/api/v1/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: PASSWORD, name: 'Bench' }),
    });
    if (!res.ok) throw new Error(`setup: ${res.status} ${await res.text()}`);
    const cookie = res.headers.get('set-cookie').split(';')[0];
    this.#session = { cookie, 'x-csrf-token': (await res.json()).csrfToken };
    const org = await this.call('POST', '/api/v1/orgs', { name: 'Bench org' });
    const project = await this.call('POST', `/api/v1/orgs/${org.id}/projects`, {
      name: 'Training bench',
    });
    this.projectId = project.id;
    this.attestation = String((await this.call('GET', '/api/v1/attestation')).version);
  }

  async call(method, url, body) {
    const res = await fetch(`${this.#base}${url}`, {
      method,
      headers: { ...this.#session, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  /** The bytes of a download (a model file, a dataset version). */
  async bytes(url) {
    const res = await fetch(`${this.#base}${url}`, { headers: this.#session });
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  /** Uploads a file as a new dataset; resolves with the accepted version's id. */
  async upload(filePath, license) {
    const form = new FormData();
    form.set('name', path.basename(filePath));
    form.set('license', license);
    form.set('attestation', this.attestation);
    form.set('file', await openAsBlob(filePath), path.basename(filePath));
    const res = await fetch(`${this.#base}/api/v1/projects/${this.projectId}/datasets`, {
      method: 'POST',
      headers: this.#session,
      body: form,
    });
    if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
    return (await res.json()).version.id;
  }

  /** Polls the version every `pollMs` until ingest made it `ready`; fails on any other end. */
  async waitReady(versionId, pollMs = 50) {
    for (;;) {
      const version = await this.call('GET', `/api/v1/dataset-versions/${versionId}`);
      if (version.status === 'ready') return version;
      if (version.status !== 'processing') {
        throw new Error(`version ${versionId} is ${version.status}: ${version.error ?? ''}`);
      }
      await sleep(pollMs);
    }
  }

  startRun(body) {
    return this.call('POST', `/api/v1/projects/${this.projectId}/runs`, body);
  }

  getRun(runId) {
    return this.call('GET', `/api/v1/runs/${runId}`);
  }

  /**
   * Follows a run's SSE stream to its final state. Each event is stamped with the time it
   * arrived (ms since `since`), which gives the timeline of queue, read, train and finish.
   */
  async followRun(runId, since) {
    const res = await fetch(`${this.#base}/api/v1/runs/${runId}/events`, {
      headers: this.#session,
    });
    if (!res.ok) throw new Error(`events: ${res.status} ${await res.text()}`);
    const timeline = [];
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      const at = performance.now() - since;
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (data) timeline.push({ atMs: at, event: JSON.parse(data) });
      }
    }
    const last = timeline.at(-1)?.event;
    if (last?.type !== 'state' || last.status !== 'succeeded') {
      throw new Error(`run ${runId} ended ${JSON.stringify(last)}`);
    }
    return timeline;
  }

  /** Polls the project's run list until every one of `runIds` is final; resolves with them. */
  async waitAllFinal(runIds, pollMs = 250) {
    const wanted = new Set(runIds);
    for (;;) {
      const page = await this.call('GET', `/api/v1/projects/${this.projectId}/runs?limit=100`);
      const final = page.items.filter(
        (run) => wanted.has(run.id) && ['succeeded', 'failed', 'cancelled'].includes(run.status),
      );
      if (final.length === wanted.size) return final;
      await sleep(pollMs);
    }
  }

  /** SHA-256 of one of a run's stored artifacts, as served. */
  async artifactSha256(runId, name) {
    const res = await fetch(`${this.#base}/api/v1/runs/${runId}/artifacts/${name}`, {
      headers: this.#session,
    });
    if (!res.ok) throw new Error(`artifact ${name}: ${res.status}`);
    return createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex');
  }
}

/**
 * Splits the run's wall time by the events it streamed, stamped on arrival: the boundaries are
 * the state changes and the log lines that mark phases, which the server writes at once.
 */
export function runPhases(timeline, acceptedMs) {
  const at = (match) => timeline.find(({ event }) => match(event))?.atMs ?? NaN;
  const running = at((e) => e.type === 'state' && e.status === 'running');
  const read = at((e) => e.type === 'log' && e.message.startsWith('read '));
  const trained = at((e) => e.type === 'log' && e.message.startsWith('training done'));
  const finished = at((e) => e.type === 'state' && e.status === 'succeeded');
  return {
    endToEndMs: finished,
    segments: {
      createRequest: acceptedMs,
      queueAndClaim: running - acceptedMs,
      threadStartReadAndSplit: read - running,
      train: trained - read,
      evaluateExportAndStore: finished - trained,
    },
  };
}
