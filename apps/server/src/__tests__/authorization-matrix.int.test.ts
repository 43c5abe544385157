import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx, splitForEvaluation, Table, train } from '@aistudio/engine';
import {
  STRONG_PASSWORD,
  createTeam,
  createTestApp,
  loginAs,
  registerUser,
  setupOwner,
  testDb,
  type Caller,
  type SignedIn,
  type TestApp,
} from './support/test-app.js';
import { postMultipart, type FilePart } from './support/multipart.js';

// Every route × every kind of caller has an expected status. Routes come from the app's own route
// table, so a new route without a rule here fails the test.

const USERS = ['outsider', 'viewer', 'member', 'admin', 'owner'] as const;
const KEYS = ['key:read', 'key:write', 'key:admin', 'key:predict'] as const;
const CALLERS = ['anonymous', ...USERS, ...KEYS] as const;
type CallerName = (typeof CALLERS)[number];
type Expected = Record<CallerName, number>;

type OrgRole = 'viewer' | 'member' | 'admin' | 'owner';
type ProjectRole = 'viewer' | 'editor' | 'owner';
const orgRank: Record<OrgRole, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };
const projectRank: Record<ProjectRole, number> = { viewer: 1, editor: 2, owner: 3 };
// In the fixture project, the org member is an editor and the org viewer a viewer; org admins and owners own it.
const userProjectRole: Record<(typeof USERS)[number], ProjectRole | null> = {
  outsider: null,
  viewer: 'viewer',
  member: 'editor',
  admin: 'owner',
  owner: 'owner',
};
const keyOrgRole: Record<(typeof KEYS)[number], OrgRole | null> = {
  'key:read': 'viewer',
  'key:write': 'member',
  'key:admin': 'admin',
  'key:predict': null,
};
const keyProjectRole: Record<(typeof KEYS)[number], ProjectRole | null> = {
  'key:read': 'viewer',
  'key:write': 'editor',
  'key:admin': 'owner',
  'key:predict': null,
};

const publicRoute = (ok: number): Expected =>
  Object.fromEntries(CALLERS.map((c) => [c, ok])) as Expected;

function sessionRoute(ok: number, onlyInstanceAdmin = false): Expected {
  const e = { anonymous: 401 } as Expected;
  for (const u of USERS) e[u] = onlyInstanceAdmin && u !== 'owner' ? 403 : ok;
  for (const k of KEYS) e[k] = 403;
  return e;
}

function orgRoute(least: OrgRole, ok: number, keys: 'scoped' | 'users-only' = 'scoped'): Expected {
  const e = { anonymous: 401, outsider: 404 } as Expected;
  for (const u of USERS) if (u !== 'outsider') e[u] = orgRank[u] >= orgRank[least] ? ok : 403;
  for (const k of KEYS) {
    const role = keyOrgRole[k];
    e[k] = keys === 'users-only' || role === null || orgRank[role] < orgRank[least] ? 403 : ok;
  }
  return e;
}

function projectRoute(least: ProjectRole, ok: number): Expected {
  const e = { anonymous: 401 } as Expected;
  for (const u of USERS) {
    const role = userProjectRole[u];
    e[u] = role === null ? 404 : projectRank[role] >= projectRank[least] ? ok : 403;
  }
  for (const k of KEYS) {
    const role = keyProjectRole[k];
    e[k] = role === null || projectRank[role] < projectRank[least] ? 403 : ok;
  }
  return e;
}

interface Fixture {
  t: TestApp;
  users: Record<(typeof USERS)[number], SignedIn>;
  keys: Record<(typeof KEYS)[number], string>;
  orgId: string;
  projectId: string;
  /** A dataset of the fixture project, with its first (ingested) version and ingest job. */
  dataset: { id: string; versionId: string; jobId: string };
}

interface Request {
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as multipart/form-data (uploads) instead of JSON. */
  multipart?: { fields: Record<string, string>; files: Record<string, FilePart> };
}

interface Rule {
  expected: Expected;
  /** Builds a request whose target is fresh, so a success for one caller cannot change the next. */
  request: (f: Fixture, caller: CallerName) => Promise<Request> | Request;
  /** The route signs out other sessions: sign everyone in again afterwards. */
  resetsSessions?: boolean;
}

let seq = 0;
const randomHash = () => randomBytes(32).toString('hex');
const fresh = (name: string) => `${name}-${seq++}`;

async function freshOrgMember(f: Fixture, role: OrgRole = 'member') {
  const user = await registerUser(f.t, fresh('Target'));
  await f.t.call('POST', `/api/v1/orgs/${f.orgId}/members`, {
    as: f.users.owner,
    body: { email: user.email, role },
  });
  return user;
}

const CSV = { fileName: 'rows.csv', content: 'x,y\n1,a\n2,b\n3,a\n' };

const tusHeaders = (headers: Record<string, string> = {}) => ({
  'tus-resumable': '1.0.0',
  ...headers,
});

/** A resumable upload of CSV (complete when asked): the caller's own if they may upload, else the owner's. */
async function uploadSession(f: Fixture, caller: CallerName, complete = false): Promise<string> {
  const mayUpload = ['member', 'admin', 'owner', 'key:write', 'key:admin'].includes(caller);
  const as = !mayUpload
    ? f.users.owner
    : caller.startsWith('key:')
      ? { apiKey: f.keys[caller as (typeof KEYS)[number]] }
      : f.users[caller as (typeof USERS)[number]];
  const created = await f.t.call('POST', '/api/v1/uploads', {
    as,
    headers: tusHeaders({
      'upload-length': String(CSV.content.length),
      'upload-metadata': `projectId ${Buffer.from(f.projectId).toString('base64')}`,
    }),
  });
  if (complete) {
    await f.t.call('PATCH', `/api/v1/uploads/${created.body.id}`, {
      as,
      body: Buffer.from(CSV.content),
      headers: tusHeaders({
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      }),
    });
  }
  return created.body.id as string;
}

/** Uploads a dataset as the owner and waits for its ingest. */
async function freshDataset(f: Fixture, license = 'CC0-1.0') {
  const reply = await postMultipart(
    f.t,
    `/api/v1/projects/${f.projectId}/datasets`,
    f.users.owner,
    { name: fresh('D'), license, attestation: '1' },
    { file: { ...CSV, content: `${CSV.content}${seq},z\n` } },
  );
  if (reply.status !== 202) throw new Error(`upload failed: ${JSON.stringify(reply.body)}`);
  await f.t.jobs.idle();
  return {
    id: reply.body.dataset.id as string,
    versionId: reply.body.version.id as string,
    jobId: reply.body.job.id as string,
  };
}

/** A pending review: a non-commercial upload, ingested. */
async function freshReview(f: Fixture) {
  const { versionId } = await freshDataset(f, 'CC-BY-NC-4.0');
  const version = await f.t.call('GET', `/api/v1/dataset-versions/${versionId}`, {
    as: f.users.owner,
  });
  return version.body.review.id as string;
}

async function freshProject(f: Fixture) {
  const p = (
    await f.t.call('POST', `/api/v1/orgs/${f.orgId}/projects`, {
      as: f.users.owner,
      body: { name: fresh('P') },
    })
  ).body;
  await f.t.call('POST', `/api/v1/projects/${p.id}/members`, {
    as: f.users.owner,
    body: { userId: f.users.member.userId, role: 'editor' },
  });
  await f.t.call('POST', `/api/v1/projects/${p.id}/members`, {
    as: f.users.owner,
    body: { userId: f.users.viewer.userId, role: 'viewer' },
  });
  return p.id as string;
}

const trainingVersions = new WeakMap<Fixture, Promise<string>>();

/** A version large enough to train and evaluate on (40 rows, two classes), uploaded once. */
function trainingVersion(f: Fixture): Promise<string> {
  let version = trainingVersions.get(f);
  if (!version) {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i % 7},${i < 20 ? 'low' : 'high'}`);
    version = postMultipart(
      f.t,
      `/api/v1/projects/${f.projectId}/datasets`,
      f.users.owner,
      { name: fresh('Training'), license: 'CC0-1.0', attestation: '1' },
      { file: { fileName: 'train.csv', content: ['x,z,y', ...rows].join('\n') } },
    ).then(async (reply) => {
      await f.t.jobs.idle();
      return reply.body.version.id as string;
    });
    trainingVersions.set(f, version);
  }
  return version;
}

/** The import body of a model trained (as the browser playground does) on the training version's rows. */
async function playgroundImport(f: Fixture) {
  const rows = Array.from({ length: 40 }, (_, i) => ({
    x: i,
    z: i % 7,
    y: i < 20 ? 'low' : 'high',
  }));
  const split = splitForEvaluation(Table.fromRecords(rows), 'y', { testFraction: 0.2, seed: 0 });
  const model = await train({ target: 'y', algorithm: 'tree', seed: 0 }, split.train);
  return {
    datasetVersionId: await trainingVersion(f),
    target: 'y',
    features: ['x', 'z'],
    algorithm: 'tree',
    model,
  };
}

/** A training run, started by the owner; settled unless `settle` is false. */
async function freshRun(f: Fixture, params: Record<string, number> = { nIter: 5 }, settle = true) {
  const reply = await f.t.call('POST', `/api/v1/projects/${f.projectId}/runs`, {
    as: f.users.owner,
    body: { datasetVersionId: await trainingVersion(f), target: 'y', algorithm: 'gbdt', params },
  });
  if (reply.status !== 202) throw new Error(`run failed to start: ${JSON.stringify(reply.body)}`);
  if (settle) await f.t.jobs.idle();
  return reply.body.id as string;
}

/** A paused run: started, paused at once by the owner, settled. */
async function freshPausedRun(f: Fixture, nIter: number) {
  const id = await freshRun(f, { nIter }, false);
  await f.t.call('POST', `/api/v1/runs/${id}/pause`, { as: f.users.owner });
  await f.t.jobs.idle();
  const run = await f.t.call('GET', `/api/v1/runs/${id}`, { as: f.users.owner });
  if (run.body.status !== 'paused')
    throw new Error(`run did not pause: ${JSON.stringify(run.body)}`);
  return id;
}

/** A one-trial sweep, started by the owner and settled. */
async function freshSweep(f: Fixture) {
  const reply = await f.t.call('POST', `/api/v1/projects/${f.projectId}/sweeps`, {
    as: f.users.owner,
    body: await sweepBody(f),
  });
  if (reply.status !== 202) throw new Error(`sweep failed to start: ${JSON.stringify(reply.body)}`);
  await f.t.jobs.idle();
  return reply.body.id as string;
}

const sweepBody = async (f: Fixture) => ({
  datasetVersionId: await trainingVersion(f),
  target: 'y',
  space: { nIter: { type: 'int', low: 3, high: 5 } },
  trials: 1,
  parallelism: 1,
});

const registeredModels = new WeakMap<Fixture, Promise<{ modelId: string; runId: string }>>();

/** A model with version 1 registered from a run, made once by the owner (reads and idempotent writes share it). */
function registeredModel(f: Fixture) {
  let model = registeredModels.get(f);
  if (!model) {
    model = (async () => {
      const runId = await freshRun(f);
      const modelId = await freshModel(f);
      await f.t.call('POST', `/api/v1/models/${modelId}/versions`, {
        as: f.users.owner,
        body: { runId },
      });
      return { modelId, runId };
    })();
    registeredModels.set(f, model);
  }
  return model;
}

async function freshModel(f: Fixture) {
  const reply = await f.t.call('POST', `/api/v1/projects/${f.projectId}/models`, {
    as: f.users.owner,
    body: { name: fresh('Model') },
  });
  return reply.body.id as string;
}

let onnxFile: Promise<Buffer> | undefined;
/** A small valid ONNX file exported by the engine. */
function smallOnnx(): Promise<Buffer> {
  onnxFile ??= train(
    { target: 'y', params: { nIter: 3 } },
    Table.fromRecords(Array.from({ length: 20 }, (_, i) => ({ x: i, y: i < 10 ? 'a' : 'b' }))),
  ).then((model) => Buffer.from(exportOnnx(model)));
  return onnxFile;
}

/** A webhook of the fixture project, made by the owner; its receiver refuses connections (nothing listens on port 9). */
async function freshWebhook(f: Fixture) {
  const reply = await f.t.call('POST', `/api/v1/projects/${f.projectId}/webhooks`, {
    as: f.users.owner,
    body: { url: 'http://127.0.0.1:9/hook', events: ['alert.firing'] },
  });
  if (reply.status !== 201) throw new Error(`webhook failed: ${JSON.stringify(reply.body)}`);
  return reply.body.id as string;
}

const webhooks = new WeakMap<Fixture, Promise<{ webhookId: string; deliveryId: string }>>();

/** A webhook with one (test) delivery, made once by the owner; reads and resends share it. */
function sharedWebhook(f: Fixture) {
  let webhook = webhooks.get(f);
  if (!webhook) {
    webhook = (async () => {
      const webhookId = await freshWebhook(f);
      const test = await f.t.call('POST', `/api/v1/webhooks/${webhookId}/test`, {
        as: f.users.owner,
      });
      return { webhookId, deliveryId: test.body.id as string };
    })();
    webhooks.set(f, webhook);
  }
  return webhook;
}

/** An alert rule on the shared deployment, made by the owner. */
async function freshAlertRule(f: Fixture) {
  const reply = await f.t.call('POST', `/api/v1/projects/${f.projectId}/alert-rules`, {
    as: f.users.owner,
    body: {
      name: fresh('rule'),
      deploymentId: await sharedDeployment(f),
      metric: 'error_rate',
      condition: '>',
      threshold: 0.1,
    },
  });
  if (reply.status !== 201) throw new Error(`alert rule failed: ${JSON.stringify(reply.body)}`);
  return reply.body.id as string;
}

const alertRules = new WeakMap<Fixture, Promise<string>>();

/** One alert rule made once by the owner; reads and changes share it. */
function sharedAlertRule(f: Fixture): Promise<string> {
  let rule = alertRules.get(f);
  if (!rule) {
    rule = freshAlertRule(f);
    alertRules.set(f, rule);
  }
  return rule;
}

/** A Slack alert channel of the fixture project (nothing listens on port 9; nothing is sent). */
async function freshAlertChannel(f: Fixture) {
  const reply = await f.t.call('POST', `/api/v1/projects/${f.projectId}/alert-channels`, {
    as: f.users.owner,
    body: { kind: 'slack', name: fresh('channel'), url: 'http://127.0.0.1:9/slack' },
  });
  if (reply.status !== 201) throw new Error(`alert channel failed: ${JSON.stringify(reply.body)}`);
  return reply.body.id as string;
}

/** A webhook with one test delivery that has finished (failed: nothing listens), ready to resend. */
async function freshSettledDelivery(f: Fixture) {
  const webhookId = await freshWebhook(f);
  const test = await f.t.call('POST', `/api/v1/webhooks/${webhookId}/test`, {
    as: f.users.owner,
  });
  for (let i = 0; i < 100; i++) {
    await f.t.jobs.idle();
    const page = await f.t.call('GET', `/api/v1/webhooks/${webhookId}/deliveries`, {
      as: f.users.owner,
    });
    if (page.body.items[0]?.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { webhookId, deliveryId: test.body.id as string };
}

const deployments = new WeakMap<Fixture, Promise<string>>();

/** A deployment of the registered model's version 1, made once by the owner (reads and predictions share it). */
function sharedDeployment(f: Fixture) {
  let deployment = deployments.get(f);
  if (!deployment) {
    deployment = freshDeployment(f);
    deployments.set(f, deployment);
  }
  return deployment;
}

const batchScorings = new WeakMap<Fixture, Promise<string>>();

/** A batch scoring of the training version by the registered model, already finished. */
function sharedBatchScoring(f: Fixture): Promise<string> {
  let scoring = batchScorings.get(f);
  if (!scoring) {
    scoring = (async () => {
      const reply = await f.t.call(
        'POST',
        `/api/v1/models/${(await registeredModel(f)).modelId}/batch-scorings`,
        { as: f.users.owner, body: { version: 1, datasetVersionId: await trainingVersion(f) } },
      );
      await f.t.jobs.idle();
      return reply.body.id as string;
    })();
    batchScorings.set(f, scoring);
  }
  return scoring;
}

const predictions = new WeakMap<Fixture, Promise<string>>();

/** The id of a logged prediction of the shared deployment, made by its owner. */
function sharedPrediction(f: Fixture): Promise<string> {
  let prediction = predictions.get(f);
  if (!prediction) {
    prediction = (async () => {
      const reply = await f.t.call(
        'POST',
        `/api/v1/deployments/${await sharedDeployment(f)}/predict`,
        { as: f.users.owner, body: { records: [{ x: 3, z: 1 }] } },
      );
      return reply.body.predictionId as string;
    })();
    predictions.set(f, prediction);
  }
  return prediction;
}

const driftChecks = new WeakMap<Fixture, Promise<{ deploymentId: string; checkId: string }>>();
function sharedDriftCheck(f: Fixture) {
  let check = driftChecks.get(f);
  if (!check) {
    check = (async () => {
      const deploymentId = await sharedDeployment(f);
      const reply = await f.t.call('POST', `/api/v1/deployments/${deploymentId}/drift-checks`, {
        as: f.users.owner,
        body: {},
      });
      return { deploymentId, checkId: reply.body.id as string };
    })();
    driftChecks.set(f, check);
  }
  return check;
}

/** A deployment with a drift check schedule (fresh: DELETE removes it). */
async function scheduledDeployment(f: Fixture, shared = false) {
  const deploymentId = shared ? await sharedDeployment(f) : await freshDeployment(f);
  await f.t.call('PUT', `/api/v1/deployments/${deploymentId}/drift-schedule`, {
    as: f.users.owner,
    body: { intervalMinutes: 1440 },
  });
  return deploymentId;
}

async function freshDeployment(f: Fixture, changed = false) {
  const { modelId } = await registeredModel(f);
  const routes = [{ modelId, version: 1, weight: 100 }];
  const reply = await f.t.call('POST', `/api/v1/projects/${f.projectId}/deployments`, {
    as: f.users.owner,
    body: { name: fresh('Deployment'), routes },
  });
  if (changed) {
    await f.t.call('PATCH', `/api/v1/deployments/${reply.body.id}`, {
      as: f.users.owner,
      body: { routes },
    });
  }
  return reply.body.id as string;
}

/** Predicting: sessions with any project role, and API keys only with the `predict` scope. */
function predictRoute(): Expected {
  const e = projectRoute('viewer', 200);
  for (const k of KEYS) e[k] = k === 'key:predict' ? 200 : 403;
  return e;
}

const rules: Record<string, Rule> = {
  'GET /healthz': { expected: publicRoute(200), request: () => ({ url: '/healthz' }) },
  'GET /readyz': { expected: publicRoute(200), request: () => ({ url: '/readyz' }) },
  'GET /metrics': { expected: publicRoute(200), request: () => ({ url: '/metrics' }) },
  'GET /api/openapi.json': {
    expected: publicRoute(200),
    request: () => ({ url: '/api/openapi.json' }),
  },
  'GET /api/v1/instance': {
    expected: publicRoute(200),
    request: () => ({ url: '/api/v1/instance' }),
  },
  'PATCH /api/v1/instance': {
    expected: sessionRoute(200, true),
    request: () => ({ url: '/api/v1/instance', body: { openRegistration: true } }),
  },
  'POST /api/v1/auth/setup': {
    expected: publicRoute(409),
    request: () => ({
      url: '/api/v1/auth/setup',
      body: { email: 'late@example.com', password: STRONG_PASSWORD, name: 'Late' },
    }),
  },
  'POST /api/v1/auth/login': {
    expected: publicRoute(200),
    request: (f) => ({
      url: '/api/v1/auth/login',
      body: { email: f.users.outsider.email, password: STRONG_PASSWORD },
    }),
  },
  'POST /api/v1/auth/register': {
    expected: publicRoute(201),
    request: () => ({
      url: '/api/v1/auth/register',
      body: { email: `${fresh('reg')}@example.com`, password: STRONG_PASSWORD, name: 'Reg' },
    }),
  },
  'POST /api/v1/auth/logout': {
    expected: sessionRoute(204),
    request: () => ({ url: '/api/v1/auth/logout' }),
    resetsSessions: true,
  },
  'GET /api/v1/auth/me': {
    expected: sessionRoute(200),
    request: () => ({ url: '/api/v1/auth/me' }),
  },
  'GET /api/v1/auth/sessions': {
    expected: sessionRoute(200),
    request: () => ({ url: '/api/v1/auth/sessions' }),
  },
  'DELETE /api/v1/auth/sessions/:sessionId': {
    // Each user signs out a second session of their own.
    expected: sessionRoute(204),
    request: async (f, caller) => {
      const name = (USERS as readonly string[]).includes(caller)
        ? (caller as (typeof USERS)[number])
        : 'owner';
      const extra = await loginAs(f.t, f.users[name].email);
      const sessions = (await f.t.call('GET', '/api/v1/auth/sessions', { as: extra })).body;
      return {
        url: `/api/v1/auth/sessions/${sessions.find((s: { current: boolean }) => s.current).id}`,
      };
    },
  },
  'POST /api/v1/auth/password': {
    expected: sessionRoute(204),
    request: () => ({
      url: '/api/v1/auth/password',
      body: { currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD },
    }),
    resetsSessions: true,
  },
  'GET /api/v1/orgs': {
    expected: { ...orgRoute('viewer', 200), outsider: 200 },
    request: () => ({ url: '/api/v1/orgs' }),
  },
  'POST /api/v1/orgs': {
    expected: sessionRoute(201),
    request: () => ({ url: '/api/v1/orgs', body: { name: fresh('Org') } }),
  },
  'GET /api/v1/orgs/:orgId': {
    expected: orgRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}` }),
  },
  'PATCH /api/v1/orgs/:orgId': {
    expected: orgRoute('admin', 200),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}`, body: { name: fresh('Renamed') } }),
  },
  'GET /api/v1/orgs/:orgId/members': {
    expected: orgRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/members` }),
  },
  'POST /api/v1/orgs/:orgId/members': {
    expected: orgRoute('admin', 201),
    request: async (f) => ({
      url: `/api/v1/orgs/${f.orgId}/members`,
      body: { email: (await registerUser(f.t, fresh('New'))).email, role: 'member' },
    }),
  },
  'PATCH /api/v1/orgs/:orgId/members/:userId': {
    expected: orgRoute('admin', 200),
    request: async (f) => ({
      url: `/api/v1/orgs/${f.orgId}/members/${(await freshOrgMember(f)).userId}`,
      body: { role: 'viewer' },
    }),
  },
  'DELETE /api/v1/orgs/:orgId/members/:userId': {
    expected: orgRoute('admin', 204),
    request: async (f) => ({
      url: `/api/v1/orgs/${f.orgId}/members/${(await freshOrgMember(f)).userId}`,
    }),
  },
  'GET /api/v1/orgs/:orgId/invitations': {
    expected: orgRoute('admin', 200),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/invitations` }),
  },
  'POST /api/v1/orgs/:orgId/invitations': {
    expected: { ...orgRoute('admin', 201), ...Object.fromEntries(KEYS.map((k) => [k, 403])) },
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/invitations`, body: { role: 'member' } }),
  },
  'DELETE /api/v1/orgs/:orgId/invitations/:invitationId': {
    expected: orgRoute('admin', 204),
    request: async (f) => {
      const inv = (
        await f.t.call('POST', `/api/v1/orgs/${f.orgId}/invitations`, {
          as: f.users.owner,
          body: { role: 'viewer' },
        })
      ).body;
      return { url: `/api/v1/orgs/${f.orgId}/invitations/${inv.id}` };
    },
  },
  'POST /api/v1/invitations/accept': {
    expected: sessionRoute(200),
    request: async (f) => {
      const host = await registerUser(f.t, fresh('Host'));
      const org = (
        await f.t.call('POST', '/api/v1/orgs', { as: host, body: { name: fresh('Elsewhere') } })
      ).body;
      const inv = (
        await f.t.call('POST', `/api/v1/orgs/${org.id}/invitations`, {
          as: host,
          body: { role: 'member' },
        })
      ).body;
      return { url: '/api/v1/invitations/accept', body: { token: inv.token } };
    },
  },
  'GET /api/v1/orgs/:orgId/projects': {
    expected: orgRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/projects` }),
  },
  'POST /api/v1/orgs/:orgId/projects': {
    expected: orgRoute('member', 201),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/projects`, body: { name: fresh('Created') } }),
  },
  'GET /api/v1/projects/:projectId': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/projects/${f.projectId}` }),
  },
  'PATCH /api/v1/projects/:projectId': {
    expected: projectRoute('editor', 200),
    request: (f) => ({ url: `/api/v1/projects/${f.projectId}`, body: { description: fresh('d') } }),
  },
  'DELETE /api/v1/projects/:projectId': {
    expected: projectRoute('owner', 200),
    request: async (f) => ({ url: `/api/v1/projects/${await freshProject(f)}` }),
  },
  'POST /api/v1/projects/:projectId/restore': {
    expected: projectRoute('owner', 200),
    request: async (f) => {
      const id = await freshProject(f);
      await f.t.call('DELETE', `/api/v1/projects/${id}`, { as: f.users.owner });
      return { url: `/api/v1/projects/${id}/restore` };
    },
  },
  'POST /api/v1/projects/:projectId/transfer': {
    expected: projectRoute('owner', 200),
    request: async (f) => ({
      url: `/api/v1/projects/${await freshProject(f)}/transfer`,
      body: { userId: (await freshOrgMember(f)).userId },
    }),
  },
  'GET /api/v1/projects/:projectId/members': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/projects/${f.projectId}/members` }),
  },
  'POST /api/v1/projects/:projectId/members': {
    expected: projectRoute('owner', 201),
    request: async (f) => ({
      url: `/api/v1/projects/${f.projectId}/members`,
      body: { userId: (await freshOrgMember(f)).userId, role: 'viewer' },
    }),
  },
  'PATCH /api/v1/projects/:projectId/members/:userId': {
    expected: projectRoute('owner', 200),
    request: async (f) => {
      const user = await freshOrgMember(f);
      await f.t.call('POST', `/api/v1/projects/${f.projectId}/members`, {
        as: f.users.owner,
        body: { userId: user.userId, role: 'viewer' },
      });
      return {
        url: `/api/v1/projects/${f.projectId}/members/${user.userId}`,
        body: { role: 'editor' },
      };
    },
  },
  'DELETE /api/v1/projects/:projectId/members/:userId': {
    expected: projectRoute('owner', 204),
    request: async (f) => {
      const user = await freshOrgMember(f);
      await f.t.call('POST', `/api/v1/projects/${f.projectId}/members`, {
        as: f.users.owner,
        body: { userId: user.userId, role: 'viewer' },
      });
      return { url: `/api/v1/projects/${f.projectId}/members/${user.userId}` };
    },
  },
  'GET /api/v1/orgs/:orgId/api-keys': {
    expected: orgRoute('admin', 200),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/api-keys` }),
  },
  'POST /api/v1/orgs/:orgId/api-keys': {
    expected: orgRoute('admin', 201, 'users-only'),
    request: (f) => ({
      url: `/api/v1/orgs/${f.orgId}/api-keys`,
      body: { name: fresh('k'), scopes: ['read'] },
    }),
  },
  'DELETE /api/v1/api-keys/:keyId': {
    expected: orgRoute('admin', 204),
    request: async (f) => {
      const key = (
        await f.t.call('POST', `/api/v1/orgs/${f.orgId}/api-keys`, {
          as: f.users.owner,
          body: { name: fresh('k'), scopes: ['read'] },
        })
      ).body;
      return { url: `/api/v1/api-keys/${key.id}` };
    },
  },
  'GET /api/v1/orgs/:orgId/audit-events': {
    expected: orgRoute('admin', 200),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/audit-events` }),
  },
  'OPTIONS /api/v1/uploads': {
    expected: publicRoute(204),
    request: () => ({ url: '/api/v1/uploads' }),
  },
  'POST /api/v1/uploads': {
    expected: projectRoute('editor', 201),
    request: (f) => ({
      url: '/api/v1/uploads',
      headers: tusHeaders({
        'upload-length': '10',
        'upload-metadata': `projectId ${Buffer.from(f.projectId).toString('base64')}`,
      }),
    }),
  },
  'HEAD /api/v1/uploads/:uploadId': {
    expected: projectRoute('editor', 200),
    request: async (f, caller) => ({
      url: `/api/v1/uploads/${await uploadSession(f, caller)}`,
      headers: tusHeaders(),
    }),
  },
  'PATCH /api/v1/uploads/:uploadId': {
    expected: projectRoute('editor', 204),
    request: async (f, caller) => ({
      url: `/api/v1/uploads/${await uploadSession(f, caller)}`,
      body: Buffer.from(CSV.content),
      headers: tusHeaders({
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      }),
    }),
  },
  'DELETE /api/v1/uploads/:uploadId': {
    expected: projectRoute('editor', 204),
    request: async (f, caller) => ({
      url: `/api/v1/uploads/${await uploadSession(f, caller)}`,
      headers: tusHeaders(),
    }),
  },
  'POST /api/v1/uploads/:uploadId/finish': {
    expected: projectRoute('editor', 202),
    request: async (f, caller) => ({
      url: `/api/v1/uploads/${await uploadSession(f, caller, true)}/finish`,
      multipart: {
        fields: { name: fresh('Resumable'), license: 'CC0-1.0', attestation: '1' },
        files: {},
      },
    }),
  },
  'POST /api/v1/projects/:projectId/datasets': {
    expected: projectRoute('editor', 202),
    request: (f) => ({
      url: `/api/v1/projects/${f.projectId}/datasets`,
      multipart: {
        fields: { name: fresh('Upload'), license: 'CC0-1.0', attestation: '1' },
        files: { file: CSV },
      },
    }),
  },
  'GET /api/v1/projects/:projectId/datasets': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/projects/${f.projectId}/datasets` }),
  },
  'GET /api/v1/datasets/:datasetId': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/datasets/${f.dataset.id}` }),
  },
  'DELETE /api/v1/datasets/:datasetId': {
    expected: projectRoute('editor', 204),
    request: async (f) => ({ url: `/api/v1/datasets/${(await freshDataset(f)).id}` }),
  },
  'GET /api/v1/datasets/:datasetId/versions': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/datasets/${f.dataset.id}/versions` }),
  },
  'POST /api/v1/datasets/:datasetId/versions': {
    expected: projectRoute('editor', 202),
    request: (f) => ({
      url: `/api/v1/datasets/${f.dataset.id}/versions`,
      multipart: { fields: { license: 'CC0-1.0', attestation: '1' }, files: { file: CSV } },
    }),
  },
  'GET /api/v1/dataset-versions/:versionId': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/dataset-versions/${f.dataset.versionId}` }),
  },
  'GET /api/v1/dataset-versions/:versionId/preview': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/dataset-versions/${f.dataset.versionId}/preview` }),
  },
  'GET /api/v1/dataset-versions/:versionId/profile': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/dataset-versions/${f.dataset.versionId}/profile` }),
  },
  'GET /api/v1/dataset-versions/:versionId/download': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/dataset-versions/${f.dataset.versionId}/download` }),
  },
  'GET /api/v1/datasets/:datasetId/validation-rules': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/datasets/${f.dataset.id}/validation-rules` }),
  },
  'POST /api/v1/datasets/:datasetId/validation-rules': {
    expected: projectRoute('editor', 201),
    request: (f) => ({
      url: `/api/v1/datasets/${f.dataset.id}/validation-rules`,
      body: { kind: 'not_null', column: 'x' },
    }),
  },
  'DELETE /api/v1/datasets/:datasetId/validation-rules/:ruleId': {
    expected: projectRoute('editor', 204),
    request: async (f) => {
      const rule = await f.t.call('POST', `/api/v1/datasets/${f.dataset.id}/validation-rules`, {
        as: f.users.owner,
        body: { kind: 'unique', column: 'x' },
      });
      return { url: `/api/v1/datasets/${f.dataset.id}/validation-rules/${rule.body.id}` };
    },
  },
  'POST /api/v1/datasets/:datasetId/versions/:version/validation': {
    expected: projectRoute('editor', 200),
    request: (f) => ({ url: `/api/v1/datasets/${f.dataset.id}/versions/1/validation` }),
  },
  'PATCH /api/v1/datasets/:datasetId/versions/:version/schema': {
    expected: projectRoute('editor', 200),
    request: (f) => ({
      url: `/api/v1/datasets/${f.dataset.id}/versions/1/schema`,
      body: { overrides: [{ column: 'y', role: 'feature' }] },
    }),
  },
  'GET /api/v1/datasets/:datasetId/diff': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/datasets/${f.dataset.id}/diff?from=1&to=1` }),
  },
  'POST /api/v1/projects/:projectId/sql': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({
      url: `/api/v1/projects/${f.projectId}/sql`,
      body: { query: 'SELECT 1 AS one' },
    }),
  },
  'POST /api/v1/dataset-versions/:versionId/mask': {
    expected: projectRoute('editor', 202),
    request: async (f) => ({
      url: `/api/v1/dataset-versions/${(await freshDataset(f)).versionId}/mask`,
      body: { columns: [{ name: 'y', method: 'redact' }] },
    }),
  },
  'POST /api/v1/projects/:projectId/sql/save': {
    expected: projectRoute('editor', 202),
    request: (f) => ({
      url: `/api/v1/projects/${f.projectId}/sql/save`,
      body: { query: 'SELECT 1 AS one', datasetName: 'saved-one' },
    }),
  },
  'GET /api/v1/instance/denied-hashes': {
    expected: sessionRoute(200, true),
    request: () => ({ url: '/api/v1/instance/denied-hashes' }),
  },
  'POST /api/v1/instance/denied-hashes': {
    expected: sessionRoute(201, true),
    request: () => ({
      url: '/api/v1/instance/denied-hashes',
      body: { sha256: randomHash(), reason: 'known prohibited content' },
    }),
  },
  'DELETE /api/v1/instance/denied-hashes/:deniedHashId': {
    expected: sessionRoute(204, true),
    request: async (f) => {
      const added = await f.t.call('POST', '/api/v1/instance/denied-hashes', {
        as: f.users.owner,
        body: { sha256: randomHash(), reason: 'to remove' },
      });
      return { url: `/api/v1/instance/denied-hashes/${added.body.id}` };
    },
  },
  'POST /api/v1/projects/:projectId/experiments': {
    expected: projectRoute('editor', 201),
    request: (f) => ({
      url: `/api/v1/projects/${f.projectId}/experiments`,
      body: { name: fresh('Experiment') },
    }),
  },
  'GET /api/v1/projects/:projectId/experiments': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/projects/${f.projectId}/experiments` }),
  },
  'GET /api/v1/experiments/:experimentId': {
    expected: projectRoute('viewer', 200),
    request: async (f) => {
      const run = await f.t.call('GET', `/api/v1/runs/${await freshRun(f)}`, { as: f.users.owner });
      return { url: `/api/v1/experiments/${run.body.experimentId}` };
    },
  },
  'POST /api/v1/projects/:projectId/runs': {
    expected: projectRoute('editor', 202),
    request: async (f) => ({
      url: `/api/v1/projects/${f.projectId}/runs`,
      body: { datasetVersionId: await trainingVersion(f), target: 'y', algorithm: 'tree' },
    }),
  },
  'POST /api/v1/projects/:projectId/runs/import': {
    expected: projectRoute('editor', 201),
    request: async (f) => ({
      url: `/api/v1/projects/${f.projectId}/runs/import`,
      body: await playgroundImport(f),
    }),
  },
  'POST /api/v1/projects/:projectId/runs/estimate': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/projects/${f.projectId}/runs/estimate`,
      body: { datasetVersionId: await trainingVersion(f), target: 'y' },
    }),
  },
  'GET /api/v1/projects/:projectId/runs': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({
      url: `/api/v1/projects/${f.projectId}/runs?filter=metrics.accuracy%20%3E%200`,
    }),
  },
  'GET /api/v1/runs/:runId': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/runs/${await freshRun(f)}` }),
  },
  'PATCH /api/v1/runs/:runId': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({
      url: `/api/v1/runs/${await freshRun(f)}`,
      body: { notes: 'checked' },
    }),
  },
  'DELETE /api/v1/runs/:runId': {
    expected: projectRoute('editor', 204),
    request: async (f) => ({ url: `/api/v1/runs/${await freshRun(f)}` }),
  },
  'POST /api/v1/runs/:runId/cancel': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({ url: `/api/v1/runs/${await freshPausedRun(f, 3_000)}/cancel` }),
  },
  'POST /api/v1/runs/:runId/pause': {
    expected: projectRoute('editor', 200),
    // Paused, then resumed by the owner: queued or running when the caller pauses it.
    request: async (f) => {
      const id = await freshPausedRun(f, 3_000);
      await f.t.call('POST', `/api/v1/runs/${id}/resume`, { as: f.users.owner });
      return { url: `/api/v1/runs/${id}/pause` };
    },
  },
  'POST /api/v1/runs/:runId/resume': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({ url: `/api/v1/runs/${await freshPausedRun(f, 3_000)}/resume` }),
  },
  'GET /api/v1/runs/:runId/metrics': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/runs/${await freshRun(f)}/metrics` }),
  },
  'GET /api/v1/runs/:runId/evaluation': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/runs/${await freshRun(f)}/evaluation` }),
  },
  'GET /api/v1/runs/:runId/artifacts/:name': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/runs/${await freshRun(f)}/artifacts/model.json` }),
  },
  'POST /api/v1/projects/:projectId/sweeps': {
    expected: projectRoute('editor', 202),
    request: async (f) => ({
      url: `/api/v1/projects/${f.projectId}/sweeps`,
      body: await sweepBody(f),
    }),
  },
  'GET /api/v1/runs/:runId/trials': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/runs/${await freshSweep(f)}/trials` }),
  },
  'GET /api/v1/runs/:runId/events': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/runs/${await freshRun(f)}/events` }),
  },
  'POST /api/v1/projects/:projectId/models': {
    expected: projectRoute('editor', 201),
    request: (f) => ({
      url: `/api/v1/projects/${f.projectId}/models`,
      body: { name: fresh('Registered') },
    }),
  },
  'GET /api/v1/projects/:projectId/models': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/projects/${f.projectId}/models?search=model` }),
  },
  'GET /api/v1/models/:modelId': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/models/${(await registeredModel(f)).modelId}` }),
  },
  'PATCH /api/v1/models/:modelId': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}`,
      body: { description: fresh('d') },
    }),
  },
  'DELETE /api/v1/models/:modelId': {
    expected: projectRoute('editor', 204),
    request: async (f) => ({ url: `/api/v1/models/${await freshModel(f)}` }),
  },
  'POST /api/v1/models/:modelId/versions': {
    expected: projectRoute('editor', 201),
    request: async (f) => {
      const { modelId, runId } = await registeredModel(f);
      return { url: `/api/v1/models/${modelId}/versions`, body: { runId } };
    },
  },
  'POST /api/v1/models/:modelId/versions/onnx': {
    expected: projectRoute('editor', 201),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/versions/onnx`,
      multipart: {
        fields: { license: 'MIT' },
        files: { file: { fileName: 'model.onnx', content: await smallOnnx() } },
      },
    }),
  },
  'GET /api/v1/models/:modelId/versions': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/versions`,
    }),
  },
  'GET /api/v1/models/:modelId/versions/:version': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/versions/1`,
    }),
  },
  'PATCH /api/v1/models/:modelId/versions/:version': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/versions/1`,
      body: { tags: { checked: fresh('by') } },
    }),
  },
  'GET /api/v1/models/:modelId/versions/:version/card': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/versions/1/card`,
    }),
  },
  'GET /api/v1/models/:modelId/versions/:version/card/download': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/versions/1/card/download`,
    }),
  },
  'PUT /api/v1/models/:modelId/versions/:version/card': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/versions/1/card`,
      body: { markdown: `---\nlicense: cc0-1.0\n---\n# ${fresh('Card')}\n` },
    }),
  },
  'GET /api/v1/models/:modelId/versions/:version/lineage': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/versions/1/lineage`,
    }),
  },
  'GET /api/v1/dataset-versions/:versionId/lineage': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/dataset-versions/${f.dataset.versionId}/lineage` }),
  },
  'GET /api/v1/models/:modelId/versions/:version/download': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/versions/1/download?format=json`,
    }),
  },
  'POST /api/v1/models/:modelId/versions/:version/licence-override': {
    // Project readers reach the version; only org admins (and admin keys) may override.
    expected: orgRoute('admin', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/versions/1/licence-override`,
      body: { reason: 'the data owner allowed commercial use in writing' },
    }),
  },
  'PUT /api/v1/models/:modelId/aliases/:alias': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/aliases/champion`,
      body: { version: 1 },
    }),
  },
  'DELETE /api/v1/models/:modelId/aliases/:alias': {
    expected: projectRoute('editor', 204),
    request: async (f) => {
      const { modelId } = await registeredModel(f);
      const alias = fresh('a');
      await f.t.call('PUT', `/api/v1/models/${modelId}/aliases/${alias}`, {
        as: f.users.owner,
        body: { version: 1 },
      });
      return { url: `/api/v1/models/${modelId}/aliases/${alias}` };
    },
  },
  'GET /api/v1/models/:modelId/aliases/:alias/history': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/aliases/champion/history`,
    }),
  },
  'POST /api/v1/projects/:projectId/deployments': {
    expected: projectRoute('editor', 201),
    request: async (f) => ({
      url: `/api/v1/projects/${f.projectId}/deployments`,
      body: {
        name: fresh('Deployment'),
        routes: [{ modelId: (await registeredModel(f)).modelId, version: 1, weight: 100 }],
      },
    }),
  },
  'GET /api/v1/projects/:projectId/deployments': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/projects/${f.projectId}/deployments` }),
  },
  'GET /api/v1/deployments/:deploymentId': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/deployments/${await sharedDeployment(f)}` }),
  },
  'PATCH /api/v1/deployments/:deploymentId': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({
      url: `/api/v1/deployments/${await sharedDeployment(f)}`,
      body: { routes: [{ modelId: (await registeredModel(f)).modelId, version: 1, weight: 100 }] },
    }),
  },
  'POST /api/v1/deployments/:deploymentId/rollback': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({
      url: `/api/v1/deployments/${await freshDeployment(f, true)}/rollback`,
    }),
  },
  'DELETE /api/v1/deployments/:deploymentId': {
    expected: projectRoute('editor', 204),
    request: async (f) => ({ url: `/api/v1/deployments/${await freshDeployment(f)}` }),
  },
  'POST /api/v1/deployments/:deploymentId/predict': {
    expected: predictRoute(),
    request: async (f) => ({
      url: `/api/v1/deployments/${await sharedDeployment(f)}/predict`,
      body: { records: [{ x: 3, z: 1 }] },
    }),
  },
  'POST /api/v1/deployments/:deploymentId/invocations': {
    expected: predictRoute(),
    request: async (f) => ({
      url: `/api/v1/deployments/${await sharedDeployment(f)}/invocations`,
      body: { dataframe_records: [{ x: 3, z: 1 }] },
    }),
  },
  'POST /api/v1/deployments/:deploymentId/feedback': {
    expected: predictRoute(),
    // Sending a label again overwrites it, so every allowed caller gets 200.
    request: async (f) => ({
      url: `/api/v1/deployments/${await sharedDeployment(f)}/feedback`,
      body: { predictionId: await sharedPrediction(f), label: 'low' },
    }),
  },
  'GET /api/v1/deployments/:deploymentId/metrics': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/deployments/${await sharedDeployment(f)}/metrics?window=1h`,
    }),
  },
  'GET /api/v1/deployments/:deploymentId/performance': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/deployments/${await sharedDeployment(f)}/performance?window=24h`,
    }),
  },
  'POST /api/v1/models/:modelId/batch-scorings': {
    // Reads the model, writes a dataset version: editors.
    expected: projectRoute('editor', 202),
    request: async (f) => ({
      url: `/api/v1/models/${(await registeredModel(f)).modelId}/batch-scorings`,
      body: { version: 1, datasetVersionId: await trainingVersion(f) },
    }),
  },
  'GET /api/v1/batch-scorings/:batchScoringId': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/batch-scorings/${await sharedBatchScoring(f)}` }),
  },
  'POST /api/v1/batch-scorings/:batchScoringId/cancel': {
    // The shared scoring has finished: an editor gets past authorization to the 409.
    expected: projectRoute('editor', 409),
    request: async (f) => ({
      url: `/api/v1/batch-scorings/${await sharedBatchScoring(f)}/cancel`,
    }),
  },
  'POST /api/v1/deployments/:deploymentId/drift-checks': {
    expected: projectRoute('editor', 202),
    request: async (f) => ({
      url: `/api/v1/deployments/${await sharedDeployment(f)}/drift-checks`,
      body: { window: '1h' },
    }),
  },
  'GET /api/v1/deployments/:deploymentId/drift-checks': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/deployments/${(await sharedDriftCheck(f)).deploymentId}/drift-checks`,
    }),
  },
  'GET /api/v1/deployments/:deploymentId/drift-checks/:checkId': {
    expected: projectRoute('viewer', 200),
    request: async (f) => {
      const { deploymentId, checkId } = await sharedDriftCheck(f);
      return { url: `/api/v1/deployments/${deploymentId}/drift-checks/${checkId}` };
    },
  },
  'PUT /api/v1/deployments/:deploymentId/drift-schedule': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({
      url: `/api/v1/deployments/${await sharedDeployment(f)}/drift-schedule`,
      body: { intervalMinutes: 1440, window: '24h' },
    }),
  },
  'GET /api/v1/deployments/:deploymentId/drift-schedule': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({
      url: `/api/v1/deployments/${await scheduledDeployment(f, true)}/drift-schedule`,
    }),
  },
  'DELETE /api/v1/deployments/:deploymentId/drift-schedule': {
    expected: projectRoute('editor', 204),
    request: async (f) => ({
      url: `/api/v1/deployments/${await scheduledDeployment(f)}/drift-schedule`,
    }),
  },
  'POST /api/v1/projects/:projectId/webhooks': {
    expected: projectRoute('owner', 201),
    request: (f) => ({
      url: `/api/v1/projects/${f.projectId}/webhooks`,
      body: { url: 'http://127.0.0.1:9/hook', events: ['alert.firing'] },
    }),
  },
  'GET /api/v1/projects/:projectId/webhooks': {
    expected: projectRoute('owner', 200),
    request: (f) => ({ url: `/api/v1/projects/${f.projectId}/webhooks` }),
  },
  'GET /api/v1/webhooks/:webhookId': {
    expected: projectRoute('owner', 200),
    request: async (f) => ({ url: `/api/v1/webhooks/${(await sharedWebhook(f)).webhookId}` }),
  },
  'PATCH /api/v1/webhooks/:webhookId': {
    expected: projectRoute('owner', 200),
    request: async (f) => ({
      url: `/api/v1/webhooks/${(await sharedWebhook(f)).webhookId}`,
      body: { description: fresh('hook') },
    }),
  },
  'DELETE /api/v1/webhooks/:webhookId': {
    expected: projectRoute('owner', 204),
    request: async (f) => ({ url: `/api/v1/webhooks/${await freshWebhook(f)}` }),
  },
  'POST /api/v1/webhooks/:webhookId/rotate-secret': {
    expected: projectRoute('owner', 200),
    request: async (f) => ({
      url: `/api/v1/webhooks/${(await sharedWebhook(f)).webhookId}/rotate-secret`,
    }),
  },
  'GET /api/v1/webhooks/:webhookId/deliveries': {
    expected: projectRoute('owner', 200),
    request: async (f) => ({
      url: `/api/v1/webhooks/${(await sharedWebhook(f)).webhookId}/deliveries`,
    }),
  },
  'POST /api/v1/webhooks/:webhookId/deliveries/:deliveryId/resend': {
    expected: projectRoute('owner', 202),
    request: async (f) => {
      const { webhookId, deliveryId } = await freshSettledDelivery(f);
      return { url: `/api/v1/webhooks/${webhookId}/deliveries/${deliveryId}/resend` };
    },
  },
  'POST /api/v1/webhooks/:webhookId/test': {
    expected: projectRoute('owner', 202),
    request: async (f) => ({
      url: `/api/v1/webhooks/${(await sharedWebhook(f)).webhookId}/test`,
    }),
  },
  'POST /api/v1/projects/:projectId/alert-rules': {
    expected: projectRoute('editor', 201),
    request: async (f) => ({
      url: `/api/v1/projects/${f.projectId}/alert-rules`,
      body: {
        name: fresh('rule'),
        deploymentId: await sharedDeployment(f),
        metric: 'latency_p95',
        condition: '>',
        threshold: 500,
      },
    }),
  },
  'GET /api/v1/projects/:projectId/alert-rules': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/projects/${f.projectId}/alert-rules` }),
  },
  'GET /api/v1/alert-rules/:ruleId': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/alert-rules/${await sharedAlertRule(f)}` }),
  },
  'PATCH /api/v1/alert-rules/:ruleId': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({
      url: `/api/v1/alert-rules/${await sharedAlertRule(f)}`,
      body: { severity: 'critical' },
    }),
  },
  'DELETE /api/v1/alert-rules/:ruleId': {
    expected: projectRoute('editor', 204),
    request: async (f) => ({ url: `/api/v1/alert-rules/${await freshAlertRule(f)}` }),
  },
  'GET /api/v1/alert-rules/:ruleId/events': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/alert-rules/${await sharedAlertRule(f)}/events` }),
  },
  'POST /api/v1/projects/:projectId/alert-channels': {
    expected: projectRoute('editor', 201),
    request: (f) => ({
      url: `/api/v1/projects/${f.projectId}/alert-channels`,
      body: { kind: 'webhook', name: fresh('channel'), url: 'http://127.0.0.1:9/alerts' },
    }),
  },
  'GET /api/v1/projects/:projectId/alert-channels': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/projects/${f.projectId}/alert-channels` }),
  },
  'GET /api/v1/alert-channels/:channelId': {
    expected: projectRoute('viewer', 200),
    request: async (f) => ({ url: `/api/v1/alert-channels/${await freshAlertChannel(f)}` }),
  },
  'PATCH /api/v1/alert-channels/:channelId': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({
      url: `/api/v1/alert-channels/${await freshAlertChannel(f)}`,
      body: { name: fresh('channel') },
    }),
  },
  'POST /api/v1/alert-channels/:channelId/test': {
    expected: projectRoute('editor', 200),
    request: async (f) => ({ url: `/api/v1/alert-channels/${await freshAlertChannel(f)}/test` }),
  },
  'DELETE /api/v1/alert-channels/:channelId': {
    expected: projectRoute('editor', 204),
    request: async (f) => ({ url: `/api/v1/alert-channels/${await freshAlertChannel(f)}` }),
  },
  'GET /api/v1/orgs/:orgId/usage': {
    expected: orgRoute('admin', 200),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/usage` }),
  },
  'GET /api/v1/jobs/:jobId': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/jobs/${f.dataset.jobId}` }),
  },
  'GET /api/v1/jobs/:jobId/logs': {
    expected: projectRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/jobs/${f.dataset.jobId}/logs` }),
  },
  'GET /api/v1/licenses': {
    expected: { ...publicRoute(200), anonymous: 401 },
    request: () => ({ url: '/api/v1/licenses' }),
  },
  'GET /api/v1/attestation': {
    expected: { ...publicRoute(200), anonymous: 401 },
    request: () => ({ url: '/api/v1/attestation' }),
  },
  'GET /api/v1/orgs/:orgId/reviews': {
    expected: orgRoute('admin', 200),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/reviews` }),
  },
  'GET /api/v1/reviews/:reviewId/preview': {
    expected: orgRoute('admin', 200),
    request: async (f) => ({ url: `/api/v1/reviews/${await freshReview(f)}/preview` }),
  },
  'POST /api/v1/reviews/:reviewId/approve': {
    expected: orgRoute('admin', 200),
    request: async (f) => ({
      url: `/api/v1/reviews/${await freshReview(f)}/approve`,
      body: { reason: 'research use agreed with the data owner' },
    }),
  },
  'GET /api/v1/orgs/:orgId/pii-policy': {
    expected: orgRoute('viewer', 200),
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/pii-policy` }),
  },
  'PUT /api/v1/orgs/:orgId/pii-policy': {
    expected: orgRoute('admin', 200),
    // The defaults again: later rules upload data through this org.
    request: (f) => ({ url: `/api/v1/orgs/${f.orgId}/pii-policy`, body: { kinds: {} } }),
  },
  'POST /api/v1/reviews/:reviewId/reject': {
    expected: orgRoute('admin', 200),
    request: async (f) => ({
      url: `/api/v1/reviews/${await freshReview(f)}/reject`,
      body: { reason: 'commercial project' },
    }),
  },
};

// Routes outside /api/v1 (docs UI and its assets) are public by rule; each must answer anonymously.
const concreteUrl = (url: string) => url.replace('*', 'index.html');

describe(`authorization matrix [${testDb}]`, () => {
  let f: Fixture;

  beforeAll(async () => {
    // Webhook deliveries go to a closed loopback port: one quick failed attempt each.
    const t = await createTestApp({ WEBHOOKS_ALLOW_LOOPBACK: 'true', WEBHOOKS_MAX_ATTEMPTS: '1' });
    const owner = await setupOwner(t);
    const outsider = await registerUser(t, 'Outsider');
    const viewer = await registerUser(t, 'Viewer');
    const member = await registerUser(t, 'Member');
    const admin = await registerUser(t, 'Admin');
    const orgId = await createTeam(t, owner, [
      { user: viewer, role: 'viewer' },
      { user: member, role: 'member' },
      { user: admin, role: 'admin' },
    ]);
    const key = async (scopes: string[]) =>
      (
        await t.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
          as: owner,
          body: { name: scopes.join('+'), scopes },
        })
      ).body.secret as string;
    f = {
      t,
      orgId,
      projectId: '',
      dataset: { id: '', versionId: '', jobId: '' },
      users: { outsider, viewer, member, admin, owner },
      keys: {
        'key:read': await key(['read']),
        'key:write': await key(['read', 'write']),
        'key:admin': await key(['admin']),
        'key:predict': await key(['predict']),
      },
    };
    f.projectId = await freshProject(f);
    f.dataset = await freshDataset(f);
  }, 120_000);
  afterAll(() => f.t.close());

  function callerFor(name: CallerName): Caller | undefined {
    if (name === 'anonymous') return undefined;
    if (name.startsWith('key:')) return { apiKey: f.keys[name as (typeof KEYS)[number]] };
    return f.users[name as (typeof USERS)[number]];
  }

  it('has a rule for every registered API route, and no rule for a route that does not exist', () => {
    const registered = f.t.routes.filter(
      (r) =>
        r.url.startsWith('/api/v1/') ||
        r.url in { '/healthz': 1, '/readyz': 1, '/metrics': 1, '/api/openapi.json': 1 },
    );
    const keys = registered.map((r) => `${r.method} ${r.url}`);
    expect(
      keys.filter((k) => !(k in rules)),
      'routes without an authorization rule',
    ).toEqual([]);
    expect(
      Object.keys(rules).filter((k) => !keys.includes(k)),
      'rules for routes that do not exist',
    ).toEqual([]);
  });

  it('answers anonymous callers on every non-API route (docs UI and assets)', async () => {
    const others = f.t.routes.filter((r) => !(`${r.method} ${r.url}` in rules));
    expect(others.every((r) => r.auth === 'public')).toBe(true);
    for (const route of others) {
      const reply = await f.t.call(route.method as 'GET', concreteUrl(route.url));
      expect(reply.status, `${route.method} ${route.url}`).toBeLessThan(400);
    }
  });

  for (const [route, rule] of Object.entries(rules)) {
    it(`enforces ${route}`, async () => {
      const [method, pattern] = route.split(' ') as [
        'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT' | 'HEAD' | 'OPTIONS',
        string,
      ];
      const actual = {} as Expected;
      for (const caller of CALLERS) {
        const request = await rule.request(f, caller);
        expect(
          request.url.startsWith(pattern.split(':')[0]!),
          `${route} builds a matching URL`,
        ).toBe(true);
        const as = callerFor(caller);
        const reply = request.multipart
          ? await postMultipart(
              f.t,
              request.url,
              as ?? {},
              request.multipart.fields,
              request.multipart.files,
            )
          : await f.t.call(method, request.url, {
              as,
              body: request.body,
              headers: request.headers,
            });
        actual[caller] = reply.status;
        if (rule.resetsSessions && caller !== 'anonymous' && !caller.startsWith('key:')) {
          const name = caller as (typeof USERS)[number];
          f.users[name] = { ...f.users[name], ...(await loginAs(f.t, f.users[name].email)) };
        }
      }
      expect(actual).toEqual(rule.expected);
    });
  }
});
