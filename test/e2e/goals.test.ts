import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, uniqueTenant, type ApiClient, type ApiResponse, type TestApi } from '../support/api.ts';

let api: TestApi;
let admin: ApiClient;

/** A tenant with an org → department → two teams, two reps, and EUR revenue + deal-count metrics. */
async function seedOrganization(client: ApiClient): Promise<void> {
  const puts: [string, unknown][] = [
    ['/settings', { timezone: 'Europe/Oslo', weekStartsOn: 1, fiscalYearStartMonth: 4, defaultCurrency: 'EUR' }],
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/units/sales', { name: 'Sales', kind: 'department', parentId: 'org' }],
    ['/units/ent', { name: 'Enterprise', kind: 'team', parentId: 'sales' }],
    ['/units/smb', { name: 'SMB', kind: 'team', parentId: 'sales' }],
    ['/users/anna', { name: 'Anna', role: 'member', memberships: [{ unitId: 'ent' }] }],
    ['/users/ben', { name: 'Ben', role: 'member', memberships: [{ unitId: 'smb' }] }],
  ];
  for (const [path, body] of puts) expect((await client.put(path, body)).status).toBeLessThan(300);
  expect((await client.post('/metrics', { template: 'revenue', id: 'revenue' })).status).toBe(201);
  expect((await client.post('/metrics', { template: 'deal-count', id: 'deals' })).status).toBe(201);
}

const yearGoal = (overrides: Record<string, unknown> = {}) => ({
  name: 'FY revenue',
  metricId: 'revenue',
  owner: { type: 'organization', id: 'org' },
  period: { start: '2026-01-01', end: '2026-12-31' },
  target: '2000000',
  ...overrides,
});

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.as('admin');
  await seedOrganization(admin);
});
afterAll(async () => api.close());

describe('POST /goals', () => {
  it('creates a goal with exact values at the metric scale and an ETag', async () => {
    const response = await admin.post('/goals', yearGoal({ id: 'g-create', stretchTarget: 2400000.5, bonus: { amount: 1000, currency: 'JPY' } }));
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body).toMatchObject({
      id: 'g-create',
      target: '2000000.00',
      stretchTarget: '2400000.50',
      bonus: { amount: '1000', currency: 'JPY' },
      parentId: null,
      rollupMode: 'owner',
      filter: null,
      locked: false,
      version: 1,
      period: { start: '2026-01-01', end: '2026-12-31' },
    });
    expect((await admin.get('/goals/g-create')).body).toEqual(response.body);
  });

  it('gives a goal without an id a ULID', async () => {
    const response = await admin.post('/goals', yearGoal());
    expect(response.status).toBe(201);
    expect(response.body.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('refuses unknown fields, listing each one', async () => {
    const response = await admin.post('/goals', yearGoal({ colour: 'red', locked: true }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.colour', 'body.locked']);
  });

  it.each([
    ['a metric that does not exist', { metricId: 'nope' }, 'body.metricId'],
    ['a period that ends before it starts', { period: { start: '2026-05-01', end: '2026-04-01' } }, 'body.period'],
    ['an impossible date', { period: { start: '2026-02-30', end: '2026-03-31' } }, 'body.period'],
    ['an id outside the id pattern', { id: 'has space' }, 'body.id'],
  ])('refuses %s with 400', async (_what, overrides, path) => {
    const response = await admin.post('/goals', yearGoal(overrides));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.some((d: { path: string }) => d.path.startsWith(path))).toBe(true);
  });

  it('refuses a duplicate id with 409 and keeps the first goal', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-dup', name: 'First' }));
    const response = await admin.post('/goals', yearGoal({ id: 'g-dup', name: 'Second' }));
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('conflict');
    expect((await admin.get('/goals/g-dup')).body.name).toBe('First');
  });

  it('lets only admins create goals for now', async () => {
    for (const role of ['member', 'manager', 'integration'] as const) {
      const client = await api.as(role);
      const response = await client.post('/goals', yearGoal({ id: `g-${role}` }));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
      expect((await admin.get(`/goals/g-${role}`)).status).toBe(404);
    }
  });
});

describe('PATCH /goals/{id}', () => {
  it('changes fields, bumps the version and honours If-Match', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-patch' }));
    const changed = await admin.patch('/goals/g-patch', { name: 'Renamed', target: 2100000 }, { 'if-match': '"1"' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Renamed', target: '2100000.00', version: 2 });
    expect(changed.headers.get('etag')).toBe('"2"');

    const stale = await admin.patch('/goals/g-patch', { name: 'Stale' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('precondition_failed');
    expect((await admin.get('/goals/g-patch')).body.name).toBe('Renamed');
  });

  it('refuses a parent change that would create a cycle with 409', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-a' }));
    await admin.post('/goals', yearGoal({ id: 'g-b', parentId: 'g-a' }));
    await admin.post('/goals', yearGoal({ id: 'g-c', parentId: 'g-b' }));
    const cycle = await admin.patch('/goals/g-a', { parentId: 'g-c' });
    expect(cycle.status).toBe(409);
    expect(cycle.body.error.code).toBe('conflict');
    expect(cycle.body.error.details).toEqual([{ path: 'body.parentId', message: 'g-c is below this goal' }]);
    const self = await admin.patch('/goals/g-a', { parentId: 'g-a' });
    expect(self.status).toBe(409);
    expect((await admin.get('/goals/g-a')).body).toMatchObject({ parentId: null, version: 1 });
  });

  it('answers 404 for a goal that does not exist and 400 for an empty patch value', async () => {
    expect((await admin.patch('/goals/none', { name: 'x' })).status).toBe(404);
    expect((await admin.patch('/goals/g-patch', { name: '' })).status).toBe(400);
  });
});

describe('locking', () => {
  it('refuses target, period and metric changes on a locked goal with 423 but allows a rename', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-lock' }));
    const locked = await admin.post('/goals/g-lock/lock');
    expect(locked.status).toBe(200);
    expect(locked.body).toMatchObject({ locked: true, version: 2 });

    for (const patch of [{ target: 1 }, { stretchTarget: 5 }, { period: { start: '2026-01-01', end: '2026-06-30' } }]) {
      const response = await admin.patch('/goals/g-lock', patch);
      expect(response.status).toBe(423);
      expect(response.body.error.code).toBe('locked');
      // The field that caused it, so a form can say so beside it.
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual([`body.${Object.keys(patch)[0]}`]);
    }
    expect((await admin.patch('/goals/g-lock', { name: 'Still editable' })).status).toBe(200);
    expect((await admin.get('/goals/g-lock')).body).toMatchObject({ target: '2000000.00', name: 'Still editable' });

    expect((await admin.post('/goals/g-lock/unlock')).body.locked).toBe(false);
    expect((await admin.patch('/goals/g-lock', { target: 1 })).status).toBe(200);
  });

  it('refuses to delete a locked goal with 423', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-lock-delete' }));
    await admin.post('/goals/g-lock-delete/lock');
    const response = await admin.delete('/goals/g-lock-delete');
    expect(response.status).toBe(423);
    expect(response.body.error.code).toBe('locked');
    expect((await admin.get('/goals/g-lock-delete')).status).toBe(200);
  });

  it('refuses lock and unlock to a member without canLockTargets', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-lock-member' }));
    const member = await api.as('member', { user: 'anna' });
    const response = await member.post('/goals/g-lock-member/lock');
    expect(response.status).toBe(403);
    expect((await admin.get('/goals/g-lock-member')).body.locked).toBe(false);
  });
});

describe('DELETE /goals/{id}', () => {
  it('answers 204 and the goal is gone', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-del' }));
    const response = await admin.delete('/goals/g-del');
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect((await admin.get('/goals/g-del')).status).toBe(404);
  });

  it('honours If-Match', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-del-version' }));
    expect((await admin.delete('/goals/g-del-version', { 'if-match': '"7"' })).status).toBe(412);
    expect((await admin.get('/goals/g-del-version')).status).toBe(200);
  });
});

describe('GET /goals', () => {
  let client: ApiClient;
  beforeAll(async () => {
    client = await api.as('admin', { tenant: uniqueTenant('list') });
    await seedOrganization(client);
    await client.post('/goals', yearGoal({ id: 'l-org' }));
    await client.post('/goals', yearGoal({ id: 'l-ent', parentId: 'l-org', owner: { type: 'team', id: 'ent' } }));
    await client.post('/goals', yearGoal({ id: 'l-smb', parentId: 'l-org', owner: { type: 'team', id: 'smb' }, period: { start: '2026-07-01', end: '2026-12-31' } }));
    await client.post('/goals', yearGoal({ id: 'l-anna-deals', metricId: 'deals', owner: { type: 'user', id: 'anna' }, target: 10 }));
    await client.post('/goals', yearGoal({ id: 'l-anna-rev', owner: { type: 'user', id: 'anna' }, period: { start: '2026-01-01', end: '2026-03-31' } }));
  });
  const ids = (response: { body: { items: { id: string }[] } }) => response.body.items.map((g) => g.id).sort();

  it('pages with limit and cursor through every goal exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: ApiResponse = await client.get(`/goals?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.items.map((g: { id: string }) => g.id));
      cursor = response.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.sort()).toEqual(['l-anna-deals', 'l-anna-rev', 'l-ent', 'l-org', 'l-smb']);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('refuses bad limits, unknown filters and cursors from elsewhere with 400', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=abc', 'colour=red', 'cursor=not-a-cursor', 'activeOn=2026-13-01', 'ownerType=planet']) {
      const response = await client.get(`/goals?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    const otherTenantCursor = (await admin.get('/goals?limit=1')).body.nextCursor;
    expect((await client.get(`/goals?cursor=${encodeURIComponent(otherTenantCursor)}`)).status).toBe(400);
  });
});

describe('tenant isolation', () => {
  it('answers 404 for another tenant’s goal on every goal route and leaves it unchanged', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-private' }));
    const outsider = await api.as('admin', { tenant: uniqueTenant('other') });
    expect((await outsider.get('/goals/g-private')).status).toBe(404);
    expect((await outsider.patch('/goals/g-private', { name: 'Hijacked' })).status).toBe(404);
    expect((await outsider.delete('/goals/g-private')).status).toBe(404);
    expect((await outsider.post('/goals/g-private/lock')).status).toBe(404);
    expect((await outsider.get('/goals')).body.items).toEqual([]);
    expect((await admin.get('/goals/g-private')).body).toMatchObject({ name: 'FY revenue', version: 1, locked: false });
  });
});

describe('concurrent writes', () => {
  it('lets exactly one of several PATCHes with the same If-Match win; the others get 412', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-race' }));
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => admin.patch('/goals/g-race', { name: `Writer ${i}` }, { 'if-match': '"1"' })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    const winner = responses.find((r) => r.status === 200)!;
    expect((await admin.get('/goals/g-race')).body).toMatchObject({ name: winner.body.name, version: 2 });
  });

  it('applies every PATCH without If-Match, one after the other', async () => {
    await admin.post('/goals', yearGoal({ id: 'g-race-free' }));
    const responses = await Promise.all(Array.from({ length: 3 }, (_, i) => admin.patch('/goals/g-race-free', { description: `d${i}` })));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await admin.get('/goals/g-race-free')).body.version).toBe(4);
  });

  it('creates a unit once when several PUTs without If-Match race', async () => {
    const responses = await Promise.all(Array.from({ length: 3 }, () => admin.put('/units/race-team', { name: 'Race', kind: 'team', parentId: 'org' })));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect((await admin.get('/units/race-team')).body.version).toBe(3);
  });
});
