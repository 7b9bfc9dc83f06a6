import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';
import { expectError, expectUnchanged, listAll, snapshot } from './expect-api.ts';

const yearGoal = (metricId: string, ownerType: string, ownerId: string) => ({
  name: 'Annual revenue',
  metricId,
  owner: { type: ownerType, id: ownerId },
  period: { granularity: 'year', anchor: '2026-01-01' },
  target: '1000',
});

describe('units', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  /** An admin of a tenant of its own with an organization `org` and a department `sales` under it. */
  async function organization(): Promise<ApiClient> {
    const admin = await api.as('admin', { tenant: uniqueTenant('units') });
    expect((await admin.put('/units/org', { name: 'Acme', kind: 'organization' })).status).toBe(201);
    expect((await admin.put('/units/sales', { name: 'Sales', kind: 'department', parentId: 'org' })).status).toBe(201);
    return admin;
  }

  describe('PUT /units/{id}', () => {
    it('creates a unit with 201, version 1 and ETag "1", and GET returns it', async () => {
      // Prepare
      const admin = await organization();

      // Act
      const response = await admin.put('/units/team-a', { name: 'Enterprise', kind: 'team', parentId: 'sales', managerIds: ['u-1', 'u-2'] });

      // Assess
      const unit = { id: 'team-a', name: 'Enterprise', kind: 'team', parentId: 'sales', managerIds: ['u-1', 'u-2'], version: 1 };
      expect(response.status).toBe(201);
      expect(response.body).toEqual(unit);
      expect(response.headers.get('etag')).toBe('"1"');
      const stored = await admin.get('/units/team-a');
      expect(stored.status).toBe(200);
      expect(stored.body).toEqual(unit);
      expect(stored.headers.get('etag')).toBe('"1"');
    });

    it('replaces an existing unit with 200 and the next version', async () => {
      // Prepare
      const admin = await organization();
      await admin.put('/units/team-a', { name: 'Enterprise', kind: 'team', parentId: 'sales', managerIds: ['u-1'] });

      // Act
      const response = await admin.put('/units/team-a', { name: 'Enterprise North', kind: 'team', parentId: 'org' });

      // Assess
      const unit = { id: 'team-a', name: 'Enterprise North', kind: 'team', parentId: 'org', managerIds: [], version: 2 };
      expect(response.status).toBe(200);
      expect(response.body).toEqual(unit);
      expect(response.headers.get('etag')).toBe('"2"');
      expect((await admin.get('/units/team-a')).body).toEqual(unit);
    });

    it('honours a matching If-Match and answers 412 precondition_failed to a stale one', async () => {
      // Prepare
      const admin = await organization();
      const matching = await admin.put('/units/sales', { name: 'Sales EMEA', kind: 'department', parentId: 'org' }, { 'if-match': '"1"' });
      const before = await snapshot(admin, '/units/sales');

      // Act
      const stale = await admin.put('/units/sales', { name: 'Sales APAC', kind: 'department', parentId: 'org' }, { 'if-match': '"1"' });

      // Assess
      expect(matching.status).toBe(200);
      expect(matching.body.version).toBe(2);
      expectError(stale, 412, 'precondition_failed');
      await expectUnchanged(admin, '/units/sales', before);
    });

    it('answers 409 conflict to a parent that would close a cycle', async () => {
      // Prepare
      const admin = await organization();
      await admin.put('/units/team-a', { name: 'Enterprise', kind: 'team', parentId: 'sales' });
      await admin.put('/units/pod-1', { name: 'Pod 1', kind: 'team', parentId: 'team-a' });
      const before = await snapshot(admin, '/units/sales');

      // Act
      const response = await admin.put('/units/sales', { name: 'Sales', kind: 'department', parentId: 'pod-1' });

      // Assess
      expectError(response, 409, 'conflict');
      await expectUnchanged(admin, '/units/sales', before);
    });

    it('answers 400 validation_failed with one detail per problem, unknown fields listed one by one', async () => {
      // Prepare
      const admin = await organization();
      const before = await snapshot(admin, '/units/sales');

      // Act
      const response = await admin.put('/units/sales', {
        name: '',
        kind: 'division',
        parentId: 'not an id',
        managerIds: ['ok', 'bad id'],
        colour: 'blue',
        version: 7,
      });

      // Assess
      expectError(response, 400, 'validation_failed', {
        paths: ['body.name', 'body.kind', 'body.parentId', 'body.managerIds.1', 'body.colour', 'body.version'],
      });
      await expectUnchanged(admin, '/units/sales', before);
    });

    it('answers 400 validation_failed when name or kind is missing', async () => {
      // Prepare
      const admin = await organization();

      // Act
      const response = await admin.put('/units/team-q', {});

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['body.name', 'body.kind'] });
      expectError(await admin.get('/units/team-q'), 404, 'not_found');
    });

    it('answers 400 validation_failed to an id outside the id pattern', async () => {
      // Prepare
      const admin = await organization();
      const tooLong = 'u'.repeat(129);

      // Act
      const spaced = await admin.put('/units/bad%20id', { name: 'Bad', kind: 'team', parentId: 'sales' });
      const long = await admin.put(`/units/${tooLong}`, { name: 'Long', kind: 'team', parentId: 'sales' });
      const longest = await admin.put(`/units/${'u'.repeat(128)}`, { name: 'Longest', kind: 'team', parentId: 'sales' });

      // Assess
      expectError(spaced, 400, 'validation_failed', { paths: ['params.id'] });
      expectError(long, 400, 'validation_failed', { paths: ['params.id'] });
      expect(longest.status).toBe(201);
      expect((await admin.get('/units?limit=500')).body.items.map((u: { id: string }) => u.id).sort()).toEqual(['org', 'sales', 'u'.repeat(128)].sort());
    });
  });

  describe('GET /units/{id}', () => {
    it('answers 404 not_found to an unknown id and to an id of another tenant', async () => {
      // Prepare
      const first = await organization();
      await first.put('/units/first-only', { name: 'First only', kind: 'department', parentId: 'org' });
      const second = await organization();

      // Act
      const unknown = await second.get('/units/nope');
      const foreign = await second.get('/units/first-only');

      // Assess
      expectError(unknown, 404, 'not_found');
      expectError(foreign, 404, 'not_found');
    });

    it('answers 400 validation_failed to a malformed id', async () => {
      // Prepare
      const admin = await organization();

      // Act
      const response = await admin.get('/units/caf%C3%A9');

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['params.id'] });
    });
  });

  describe('GET /units', () => {
    it("lists the tenant's units and none of another tenant's", async () => {
      // Prepare
      const first = await organization();
      await first.put('/units/first-only', { name: 'First only', kind: 'department', parentId: 'org' });
      const second = await organization();
      await second.put('/units/team-2', { name: 'Team 2', kind: 'team', parentId: 'sales' });

      // Act
      const response = await second.get('/units');

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.nextCursor).toBeNull();
      expect(response.body.items.map((u: { id: string }) => u.id).sort()).toEqual(['org', 'sales', 'team-2']);
      expect(response.body.items.find((u: { id: string }) => u.id === 'team-2')).toEqual({
        id: 'team-2',
        name: 'Team 2',
        kind: 'team',
        parentId: 'sales',
        managerIds: [],
        version: 1,
      });
    });

    it('pages with limit and cursor, every unit exactly once', async () => {
      // Prepare
      const admin = await organization();
      for (let i = 0; i < 5; i++) await admin.put(`/units/team-${i}`, { name: `Team ${i}`, kind: 'team', parentId: 'sales' });

      // Act
      const first = await admin.get('/units?limit=2');
      const all = await listAll(admin, '/units', 2);

      // Assess
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      expect(all.pages).toBeGreaterThanOrEqual(4);
      expect(all.items.map((u: { id: string }) => u.id).sort()).toEqual(['org', 'sales', 'team-0', 'team-1', 'team-2', 'team-3', 'team-4']);
    });

    it('answers 400 validation_failed to a limit outside 1–500 and to unknown query parameters', async () => {
      // Prepare
      const admin = await organization();

      // Act
      const zero = await admin.get('/units?limit=0');
      const tooMany = await admin.get('/units?limit=501');
      const word = await admin.get('/units?limit=ten');
      const fraction = await admin.get('/units?limit=1.5');
      const unknown = await admin.get('/units?kind=team');
      const most = await admin.get('/units?limit=500');

      // Assess
      expectError(zero, 400, 'validation_failed', { paths: ['query.limit'] });
      expectError(tooMany, 400, 'validation_failed', { paths: ['query.limit'] });
      expectError(word, 400, 'validation_failed', { paths: ['query.limit'] });
      expectError(fraction, 400, 'validation_failed', { paths: ['query.limit'] });
      expectError(unknown, 400, 'validation_failed', { paths: ['query.kind'] });
      expect(most.status).toBe(200);
    });

    it('answers 400 validation_failed to a forged cursor and to a cursor of another tenant', async () => {
      // Prepare
      const first = await organization();
      const second = await organization();
      const firstPage = await first.get('/units?limit=1');
      const forged = Buffer.from(JSON.stringify({ pk: `t#${first.tenant}`, sk: 'unit#org' })).toString('base64url');

      // Act
      const garbage = await second.get('/units?cursor=not-a-cursor');
      const foreign = await second.get(`/units?limit=1&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`);
      const forgedForeign = await second.get(`/units?cursor=${forged}`);

      // Assess
      expectError(garbage, 400, 'validation_failed', { paths: ['query.cursor'] });
      expectError(foreign, 400, 'validation_failed', { paths: ['query.cursor'] });
      expectError(forgedForeign, 400, 'validation_failed', { paths: ['query.cursor'] });
    });
  });

  describe('DELETE /units/{id}', () => {
    it('deletes a leaf unit with 204 and no body; it is gone afterwards', async () => {
      // Prepare
      const admin = await organization();
      await admin.put('/units/team-a', { name: 'Enterprise', kind: 'team', parentId: 'sales' });

      // Act
      const response = await admin.delete('/units/team-a');

      // Assess
      expect(response.status).toBe(204);
      expect(response.body).toBeUndefined();
      expectError(await admin.get('/units/team-a'), 404, 'not_found');
      expect((await admin.get('/units')).body.items.map((u: { id: string }) => u.id).sort()).toEqual(['org', 'sales']);
    });

    it('answers 409 conflict while the unit owns goals, and deletes it once the goal is gone', async () => {
      // Prepare
      const admin = await organization();
      await admin.put('/units/team-a', { name: 'Enterprise', kind: 'team', parentId: 'sales' });
      const metric = await admin.post('/metrics', { template: 'revenue', currency: 'EUR' });
      const goal = await admin.post('/goals', yearGoal(metric.body.id, 'team', 'team-a'));
      expect(goal.status).toBe(201);
      const before = await snapshot(admin, '/units/team-a');

      // Act
      const refused = await admin.delete('/units/team-a');
      const stillThere = await snapshot(admin, '/units/team-a');
      expect((await admin.delete(`/goals/${goal.body.id}`)).status).toBe(204);
      const accepted = await admin.delete('/units/team-a');

      // Assess
      expectError(refused, 409, 'conflict');
      expect(stillThere).toEqual(before);
      expect(accepted.status).toBe(204);
    });

    it('answers 412 precondition_failed to a stale If-Match and keeps the unit', async () => {
      // Prepare
      const admin = await organization();
      await admin.put('/units/team-a', { name: 'Enterprise', kind: 'team', parentId: 'sales' });
      await admin.put('/units/team-a', { name: 'Enterprise 2', kind: 'team', parentId: 'sales' });
      const before = await snapshot(admin, '/units/team-a');

      // Act
      const response = await admin.delete('/units/team-a', { 'if-match': '"1"' });

      // Assess
      expectError(response, 412, 'precondition_failed');
      await expectUnchanged(admin, '/units/team-a', before);
    });

    it('answers 404 not_found to an unknown id and to an id of another tenant, deleting nothing', async () => {
      // Prepare
      const first = await organization();
      await first.put('/units/first-only', { name: 'First only', kind: 'department', parentId: 'org' });
      const before = await snapshot(first, '/units/first-only');
      const second = await organization();

      // Act
      const unknown = await second.delete('/units/nope');
      const foreign = await second.delete('/units/first-only');

      // Assess
      expectError(unknown, 404, 'not_found');
      expectError(foreign, 404, 'not_found');
      await expectUnchanged(first, '/units/first-only', before);
    });
  });
});
