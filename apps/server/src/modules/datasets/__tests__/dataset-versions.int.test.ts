import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMultipart } from '../../../__tests__/support/multipart.js';
import {
  createTeam,
  createTestApp,
  registerUser,
  setupOwner,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';

// Made-up rows, written for this test.
const V1 = [
  'id,species,mass_g,code',
  '1,Adelie,3750,A1',
  '2,Gentoo,5700,B2',
  '3,Chinstrap,3500,C3',
  '4,Adelie,,D4',
].join('\n');
// Rows 1 and 2 stay, 3 and 4 go, two rows with id 5 arrive; a column is added.
const V2 = [
  'id,species,mass_g,code,island',
  '1,Adelie,3750,A1,Torgersen',
  '2,Gentoo,5700,B2,Biscoe',
  '5,Adelie,9999,E5,Dream',
  '5,Gentoo,4100,x,Dream',
].join('\n');

describe(`dataset validation rules, schema overrides and version diff [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let orgId: string;
  let datasetId: string;
  let foreignDatasetId: string;

  async function upload(as: SignedIn, url: string, content: string, name?: string) {
    const fields: Record<string, string> = { license: 'CC0-1.0', attestation: '1' };
    if (name) fields.name = name;
    const reply = await postMultipart(t, url, as, fields, {
      file: { fileName: 'birds.csv', content },
    });
    expect(reply.status).toBe(202);
    await t.jobs.idle();
    return reply.body as { dataset: { id: string }; version: { id: string } };
  }

  const rules = (as: SignedIn, body?: unknown, dataset = datasetId) =>
    body === undefined
      ? t.call('GET', `/api/v1/datasets/${dataset}/validation-rules`, { as })
      : t.call('POST', `/api/v1/datasets/${dataset}/validation-rules`, { as, body });
  const version = async (number: number) => {
    const page = await t.call('GET', `/api/v1/datasets/${datasetId}/versions`, { as: viewer });
    return page.body.items.find((v: { number: number }) => v.number === number);
  };
  const patchSchema = (as: SignedIn, number: number, body: unknown, dataset = datasetId) =>
    t.call('PATCH', `/api/v1/datasets/${dataset}/versions/${number}/schema`, { as, body });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t);
    viewer = await registerUser(t, 'Vera Viewer');
    outsider = await registerUser(t, 'Otto Outsider');
    orgId = await createTeam(t, owner, [{ user: viewer, role: 'viewer' }]);
    const project = await t.call('POST', `/api/v1/orgs/${orgId}/projects`, {
      as: owner,
      body: { name: 'Colony' },
    });
    await t.call('POST', `/api/v1/projects/${project.body.id}/members`, {
      as: owner,
      body: { userId: viewer.userId, role: 'viewer' },
    });
    datasetId = (await upload(owner, `/api/v1/projects/${project.body.id}/datasets`, V1, 'birds'))
      .dataset.id;
    // The outsider's own org, project and dataset: another tenant as far as the owner goes.
    const foreignOrg = await t.call('POST', '/api/v1/orgs', {
      as: outsider,
      body: { name: 'Else' },
    });
    const foreignProject = await t.call('POST', `/api/v1/orgs/${foreignOrg.body.id}/projects`, {
      as: outsider,
      body: { name: 'Theirs' },
    });
    foreignDatasetId = (
      await upload(outsider, `/api/v1/projects/${foreignProject.body.id}/datasets`, V1, 'theirs')
    ).dataset.id;
  }, 120_000);
  afterAll(() => t.close());

  describe('validation rules', () => {
    it('attaches rules, lists them in order and records each in the audit log', async () => {
      const created = [];
      for (const body of [
        { kind: 'unique', column: 'id' },
        { kind: 'between', column: 'mass_g', min: 3000, max: 6000, mostly: 0.7 },
        { kind: 'matches_regex', column: 'code', pattern: '^[A-Z][0-9]$' },
        { kind: 'in_set', column: 'species', values: ['Adelie', 'Gentoo', 'Chinstrap'] },
      ]) {
        const reply = await rules(owner, body);
        expect(reply.status).toBe(201);
        created.push(reply.body);
      }
      expect(created[0]).toMatchObject({ datasetId, rule: { kind: 'unique', mostly: 1 } });
      const listed = await rules(viewer);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual(created.map((r) => r.id));
      const audit = await t.call(
        'GET',
        `/api/v1/orgs/${orgId}/audit-events?action=dataset.validation_rule.create`,
        { as: owner },
      );
      expect(audit.body.items).toHaveLength(4);
    });

    it('refuses bad rules with a 400 naming the field', async () => {
      const cases: [unknown, string][] = [
        [{ kind: 'looks_fine', column: 'id' }, 'body.kind'],
        [{ kind: 'not_null', column: 'id', mostly: 1.5 }, 'body.mostly'],
        [{ kind: 'between', column: 'mass_g' }, 'body.min'],
        [{ kind: 'between', column: 'mass_g', min: 9, max: 1 }, 'body.min'],
        [{ kind: 'in_set', column: 'species', values: [] }, 'body.values'],
        [{ kind: 'type', column: 'id', type: 'complex' }, 'body.type'],
        [{ kind: 'not_null', column: 'island' }, 'body.column'],
        [{ kind: 'matches_regex', column: 'code', pattern: '([A-Z' }, 'body.pattern'],
        [{ kind: 'not_null', column: 'id', extra: true }, 'body.extra'],
      ];
      for (const [body, field] of cases) {
        const reply = await rules(owner, body);
        expect(reply.status, JSON.stringify(body)).toBe(400);
        expect(reply.headers['content-type']).toContain('application/problem+json');
        expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });

    it('lets a viewer read rules but not change them', async () => {
      expect((await rules(viewer, { kind: 'not_null', column: 'id' })).status).toBe(403);
      const [first] = (await rules(viewer)).body.items;
      const reply = await t.call(
        'DELETE',
        `/api/v1/datasets/${datasetId}/validation-rules/${first.id}`,
        { as: viewer },
      );
      expect(reply.status).toBe(403);
    });

    it("answers 404 for another tenant's dataset and for a rule of another dataset", async () => {
      expect((await rules(owner, undefined, foreignDatasetId)).status).toBe(404);
      expect(
        (await rules(owner, { kind: 'not_null', column: 'id' }, foreignDatasetId)).status,
      ).toBe(404);
      const theirs = await rules(outsider, { kind: 'not_null', column: 'id' }, foreignDatasetId);
      expect(theirs.status).toBe(201);
      const crossed = await t.call(
        'DELETE',
        `/api/v1/datasets/${datasetId}/validation-rules/${theirs.body.id}`,
        { as: owner },
      );
      expect(crossed.status).toBe(404);
      const stolen = await t.call(
        'DELETE',
        `/api/v1/datasets/${foreignDatasetId}/validation-rules/${theirs.body.id}`,
        { as: owner },
      );
      expect(stolen.status).toBe(404);
    });

    it('evaluates the rules on demand and stores the results with the version', async () => {
      const reply = await t.call('POST', `/api/v1/datasets/${datasetId}/versions/1/validation`, {
        as: owner,
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ trigger: 'manual', passed: 4, failed: 0 });
      const stored = await version(1);
      expect(stored.validation.results.map((r: { success: boolean }) => r.success)).toEqual([
        true,
        true,
        true,
        true,
      ]);
      const profile = await t.call('GET', `/api/v1/dataset-versions/${stored.id}/profile`, {
        as: viewer,
      });
      expect(
        profile.body.quality.components.find((c: { name: string }) => c.name === 'validity'),
      ).toMatchObject({ score: 1, detail: '4 of 4 rules pass' });
      expect(
        (
          await t.call('POST', `/api/v1/datasets/${datasetId}/versions/1/validation`, {
            as: viewer,
          })
        ).status,
      ).toBe(403);
      const missing = await t.call('POST', `/api/v1/datasets/${datasetId}/versions/9/validation`, {
        as: owner,
      });
      expect(missing.status).toBe(404);
      expect(missing.body.errors[0].field).toBe('params.version');
    });

    it('evaluates the rules during ingest of every new version', async () => {
      await upload(owner, `/api/v1/datasets/${datasetId}/versions`, V2);
      const v2 = await version(2);
      expect(v2.status).toBe('ready');
      expect(v2.validation).toMatchObject({ trigger: 'ingest', passed: 2, failed: 2 });
      const byKind = Object.fromEntries(
        v2.validation.results.map((r: { rule: { kind: string } }) => [r.rule.kind, r]),
      );
      expect(byKind.unique).toMatchObject({
        success: false,
        evaluated: 4,
        failed: 2,
        observedShare: 0.5,
        failingExamples: [
          { row: 3, value: '5' },
          { row: 4, value: '5' },
        ],
        error: null,
      });
      expect(byKind.between).toMatchObject({ success: true, observedShare: 0.75 });
      expect(byKind.matches_regex).toMatchObject({
        success: false,
        failingExamples: [{ row: 4, value: 'x' }],
      });
      expect(byKind.in_set.success).toBe(true);
    });

    it('deletes a rule; stored results keep the rule they evaluated', async () => {
      const [first] = (await rules(owner)).body.items;
      const reply = await t.call(
        'DELETE',
        `/api/v1/datasets/${datasetId}/validation-rules/${first.id}`,
        { as: owner },
      );
      expect(reply.status).toBe(204);
      expect((await rules(owner)).body.items).toHaveLength(3);
      expect((await version(2)).validation.results[0]).toMatchObject({
        ruleId: first.id,
        rule: { kind: 'unique', column: 'id' },
      });
      const again = await t.call(
        'DELETE',
        `/api/v1/datasets/${datasetId}/validation-rules/${first.id}`,
        { as: owner },
      );
      expect(again.status).toBe(404);
    });
  });

  describe('schema overrides', () => {
    it('stores type and role overrides and answers with the effective schema', async () => {
      const reply = await patchSchema(owner, 2, {
        overrides: [
          { column: 'species', role: 'target' },
          { column: 'mass_g', type: 'float' },
          { column: 'island', role: 'ignore' },
        ],
      });
      expect(reply.status).toBe(200);
      const column = (name: string) =>
        reply.body.schema.find((c: { name: string }) => c.name === name);
      expect(column('species')).toMatchObject({ role: 'target' });
      expect(column('mass_g')).toMatchObject({ type: 'float', reason: 'user override' });
      expect(column('island')).toMatchObject({ role: 'ignore' });
      expect(reply.body.schemaOverrides).toHaveLength(3);
      const profile = await t.call('GET', `/api/v1/dataset-versions/${reply.body.id}/profile`, {
        as: viewer,
      });
      expect(profile.body.columns.find((c: { name: string }) => c.name === 'mass_g')).toMatchObject(
        { type: 'float' },
      );
      expect(
        profile.body.columns.find((c: { name: string }) => c.name === 'species'),
      ).toMatchObject({ role: 'target' });
      // A later patch changes one column and keeps the others' overrides.
      const next = await patchSchema(owner, 2, { overrides: [{ column: 'island' }] });
      expect(next.status).toBe(200);
      expect(next.body.schemaOverrides.map((o: { column: string }) => o.column)).toEqual([
        'species',
        'mass_g',
      ]);
      const stored = await t.call('GET', `/api/v1/dataset-versions/${next.body.id}`, {
        as: viewer,
      });
      expect(stored.body.schema.filter((c: { role: string }) => c.role === 'target')).toMatchObject(
        [{ name: 'species' }],
      );
      expect(stored.body.schema.find((c: { name: string }) => c.name === 'island').role).not.toBe(
        'ignore',
      );
    });

    it('keeps one target when another column becomes the target', async () => {
      const moved = await patchSchema(owner, 2, {
        overrides: [{ column: 'island', role: 'target' }],
      });
      expect(moved.status).toBe(200);
      const targets = (body: { schema: { name: string; role: string }[] }) =>
        body.schema.filter((c) => c.role === 'target').map((c) => c.name);
      expect(targets(moved.body)).toEqual(['island']);
      const later = await patchSchema(owner, 2, {
        overrides: [{ column: 'code', role: 'ignore' }],
      });
      expect(later.status).toBe(200);
      expect(targets(later.body)).toEqual(['island']);
      expect(later.body.schemaOverrides).toEqual([
        { column: 'mass_g', type: 'float' },
        { column: 'island', role: 'target' },
        { column: 'code', role: 'ignore' },
      ]);
      const back = await patchSchema(owner, 2, {
        overrides: [
          { column: 'species', role: 'target' },
          { column: 'island' },
          { column: 'code' },
        ],
      });
      expect(targets(back.body)).toEqual(['species']);
    });

    it('carries the overrides to the next version where its data still fits them', async () => {
      // mass_g is no longer numeric, so its float override no longer fits; the target still does.
      const v3 = V2.replace('9999', 'heavy');
      await upload(owner, `/api/v1/datasets/${datasetId}/versions`, v3);
      const carried = await version(3);
      expect(carried.status).toBe('ready');
      expect(carried.schemaOverrides).toEqual([{ column: 'species', role: 'target' }]);
      const column = (name: string) =>
        carried.schema.find((c: { name: string }) => c.name === name);
      expect(column('species').role).toBe('target');
      expect(column('mass_g').type).not.toBe('float');
    });

    it('refuses a type some values cannot take, naming the column and counting them', async () => {
      const reply = await patchSchema(owner, 2, {
        overrides: [{ column: 'code', type: 'integer' }],
      });
      expect(reply.status).toBe(422);
      expect(reply.body.errors).toEqual([
        {
          field: 'body.overrides.0.type',
          message: 'column "code" cannot be integer: 4 of 4 values do not convert; row 1 has "A1"',
        },
      ]);
    });

    it('refuses bad overrides with a 400 naming the field', async () => {
      const cases: [unknown, string][] = [
        [{ overrides: [{ column: 'nope', type: 'text' }] }, 'body.overrides.0.column'],
        [{ overrides: [{ column: 'id', type: 'decimal' }] }, 'body.overrides.0.type'],
        [{ overrides: [{ column: 'id', role: 'label' }] }, 'body.overrides.0.role'],
        [{ overrides: [{ column: 'species', role: 'time' }] }, 'body.overrides.0.role'],
        [
          {
            overrides: [
              { column: 'id', role: 'feature' },
              { column: 'id', role: 'ignore' },
            ],
          },
          'body.overrides.1.column',
        ],
        [{ columns: [] }, 'body.columns'],
      ];
      for (const [body, field] of cases) {
        const reply = await patchSchema(owner, 2, body);
        expect(reply.status, JSON.stringify(body)).toBe(400);
        expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });

    it('lets only editors change the schema, and hides other tenants', async () => {
      const body = { overrides: [{ column: 'id', role: 'identifier' }] };
      expect((await patchSchema(viewer, 2, body)).status).toBe(403);
      expect((await patchSchema(owner, 1, body, foreignDatasetId)).status).toBe(404);
      expect((await patchSchema(outsider, 2, body)).status).toBe(404);
      expect((await patchSchema(owner, 7, body)).status).toBe(404);
    });
  });

  describe('version diff', () => {
    const diff = (as: SignedIn, query: string, dataset = datasetId) =>
      t.call('GET', `/api/v1/datasets/${dataset}/diff?${query}`, { as });

    it('reports schema changes, profile deltas and rows added and removed', async () => {
      const reply = await diff(viewer, 'from=1&to=2');
      expect(reply.status).toBe(200);
      const body = reply.body;
      expect(body.from).toMatchObject({ number: 1, rowCount: 4, columnCount: 4 });
      expect(body.to).toMatchObject({ number: 2, rowCount: 4, columnCount: 5 });
      expect(body.schema.added).toMatchObject([{ name: 'island' }]);
      expect(body.schema.removed).toEqual([]);
      // mass_g became float by override on version 2; species is its target.
      expect(body.schema.changed.map((c: { name: string }) => c.name)).toEqual(
        expect.arrayContaining(['mass_g', 'species']),
      );
      const mass = body.columns.find((c: { name: string }) => c.name === 'mass_g');
      expect(mass.missingShare).toEqual({ from: 0.25, to: 0, delta: -0.25 });
      expect(mass.mean.from).toBeCloseTo((3750 + 5700 + 3500) / 3, 6);
      expect(mass.mean.to).toBeCloseTo((3750 + 5700 + 9999 + 4100) / 4, 6);
      expect(mass.distinct).toMatchObject({ from: 3, to: 4, delta: 1 });
      expect(body.columns.find((c: { name: string }) => c.name === 'species').mean).toBeNull();
      expect(body.rows).toEqual({
        compared: true,
        reason: null,
        comparedColumns: ['id', 'species', 'mass_g', 'code'],
        added: 2,
        removed: 2,
        unchanged: 2,
      });
    });

    it('refuses a missing or bad version number with a problem naming it', async () => {
      const missing = await diff(viewer, 'from=1');
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain(
        'querystring.to',
      );
      expect((await diff(viewer, 'from=0&to=2')).status).toBe(400);
      const unknown = await diff(viewer, 'from=1&to=5');
      expect(unknown.status).toBe(404);
      expect(unknown.body.errors[0].field).toBe('querystring.to');
    });

    it("answers 404 for another tenant's dataset", async () => {
      expect((await diff(owner, 'from=1&to=1', foreignDatasetId)).status).toBe(404);
      expect((await diff(outsider, 'from=1&to=2')).status).toBe(404);
    });
  });
});
