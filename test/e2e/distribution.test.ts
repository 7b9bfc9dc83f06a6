import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';

let api: TestApi;
let admin: ApiClient;

const sum = (targets: string[]) => targets.reduce((total, t) => total + BigInt(t.replace('.', '')), 0n);

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.as('admin');
  const puts: [string, unknown][] = [
    ['/settings', { timezone: 'Europe/Oslo', defaultCurrency: 'EUR' }],
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/units/t1', { name: 'Team 1', kind: 'team', parentId: 'org' }],
    ['/units/t2', { name: 'Team 2', kind: 'team', parentId: 'org' }],
    ['/units/t3', { name: 'Team 3', kind: 'team', parentId: 'org' }],
    ['/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 't1' }] }],
    ['/users/bob', { name: 'Bob', role: 'member', memberships: [{ unitId: 't2' }] }],
  ];
  for (const [path, body] of puts) expect((await admin.put(path, body)).status).toBeLessThan(300);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'rev' })).status).toBe(201);
  expect((await admin.post('/goals', { id: 'root', name: 'FY', metricId: 'rev', owner: { type: 'organization', id: 'org' }, period: { start: '2026-01-01', end: '2026-12-31' }, target: '100.00' })).status).toBe(201);
});
afterAll(async () => api.close());

const teams = ['t1', 't2', 't3'].map((id) => ({ owner: { type: 'team', id } }));

describe('POST /goals/{id}/cascade', () => {
  it('divides equally with parts that add up exactly, and updates the same children when run again', async () => {
    const first = await admin.post('/goals/root/cascade', { method: 'equal', assignees: teams });
    expect(first.status).toBe(200);
    expect(first.body.items.map((g: { target: string }) => g.target)).toEqual(['33.34', '33.33', '33.33']);
    expect(first.body.items.every((g: { parentId: string; metricId: string; period: unknown }) => g.parentId === 'root' && g.metricId === 'rev')).toBe(true);

    const again = await admin.post('/goals/root/cascade', { method: 'weighted', assignees: teams.map((t, i) => ({ ...t, weight: i + 1 })) });
    expect(again.status).toBe(200);
    const targets = again.body.items.map((g: { target: string }) => g.target);
    expect(targets).toEqual(['16.67', '33.33', '50.00']);
    expect(sum(targets)).toBe(10000n);
    expect(again.body.items.map((g: { id: string }) => g.id)).toEqual(first.body.items.map((g: { id: string }) => g.id));
    expect((await admin.get('/goals?parentId=root')).body.items).toHaveLength(3);
  });

  it('refuses a locked child’s new target with 423 and changes nothing', async () => {
    const children = (await admin.get('/goals?parentId=root&ownerType=team')).body.items;
    // Team 1's target changes from the weighted 16.67 to an equal 33.34 (another team's might not change).
    const locked = children.find((g: { owner: { id: string } }) => g.owner.id === 't1');
    expect(locked.target).toBe('16.67');
    await admin.post(`/goals/${locked.id}/lock`);
    const response = await admin.post('/goals/root/cascade', { method: 'equal', assignees: teams });
    expect(response.status).toBe(423);
    const after = (await admin.get('/goals?parentId=root&ownerType=team')).body.items;
    expect(after.map((g: { target: string }) => g.target)).toEqual(children.map((g: { target: string }) => g.target));
    await admin.post(`/goals/${locked.id}/unlock`);
  });

  it.each([
    ['weighted without weights', { method: 'weighted', assignees: teams }],
    ['manual without targets', { method: 'manual', assignees: teams }],
    ['no assignees', { method: 'equal', assignees: [] }],
    ['an unknown method', { method: 'random', assignees: teams }],
  ])('refuses %s with 400', async (_what, body) => {
    const before = (await admin.get('/goals?parentId=root')).body.items;
    const response = await admin.post('/goals/root/cascade', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect((await admin.get('/goals?parentId=root')).body.items).toEqual(before);
  });

  it('answers 404 for a missing or foreign goal and 403 for a member', async () => {
    expect((await admin.post('/goals/none/cascade', { method: 'equal', assignees: teams })).status).toBe(404);
    const outsider = await api.as('admin', { tenant: uniqueTenant() });
    expect((await outsider.post('/goals/root/cascade', { method: 'equal', assignees: teams })).status).toBe(404);
    expect((await (await api.as('member')).post('/goals/root/cascade', { method: 'equal', assignees: teams })).status).toBe(403);
  });
});

describe('POST /goals/{id}/periods', () => {
  it('creates twelve monthly children that add up exactly to the target', async () => {
    await admin.post('/goals', { id: 'ann-fy', name: 'Ann FY', metricId: 'rev', owner: { type: 'user', id: 'ann' }, period: { start: '2026-01-01', end: '2026-12-31' }, target: '1000.00' });
    const response = await admin.post('/goals/ann-fy/periods', { granularity: 'month', method: 'equal' });
    expect(response.status).toBe(200);
    const items = response.body.items as { period: { start: string; end: string }; target: string; owner: unknown }[];
    expect(items).toHaveLength(12);
    expect(items[1]!.period).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(sum(items.map((g) => g.target))).toBe(100000n);
    expect(items.every((g) => JSON.stringify(g.owner) === JSON.stringify({ type: 'user', id: 'ann' }))).toBe(true);
  });

  it('refuses custom weights that do not match the number of sub-periods with 400', async () => {
    const response = await admin.post('/goals/ann-fy/periods', { granularity: 'quarter', method: 'custom', weights: [1, 2] });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });
});

describe('?dryRun=true', () => {
  type Child = { id: string; owner: unknown; period: unknown; target: string; name: string; parentId: string };
  const tenantGoals = async () => (await admin.get('/goals?limit=500')).body.items;
  const shown = (items: Child[]) => items.map((g) => [g.owner, g.period, g.target, g.name, g.parentId]);
  const cascade = { method: 'equal', assignees: teams };
  const quarters = { granularity: 'quarter', method: 'equal' };

  beforeAll(async () => {
    for (const id of ['dry-cascade', 'dry-periods']) {
      const goal = { id, name: id, metricId: 'rev', owner: { type: 'organization', id: 'org' }, period: { start: '2026-01-01', end: '2026-12-31' }, target: '100000.01' };
      expect((await admin.post('/goals', goal)).status).toBe(201);
    }
  });

  it.each([
    ['cascade', '/goals/dry-cascade/cascade', cascade, ['33333.34', '33333.34', '33333.33']],
    ['periods', '/goals/dry-periods/periods', quarters, ['25000.01', '25000.00', '25000.00', '25000.00']],
  ])('%s: answers the children and their exact sum as the real call then stores them, and stores nothing', async (_route, path, body, targets) => {
    // Prepare
    const before = await tenantGoals();

    // Act
    const preview = await admin.post(`${path}?dryRun=true`, body);
    const after = await tenantGoals();
    const real = await admin.post(path, body);

    // Assess
    expect(preview.status).toBe(200);
    expect(after).toEqual(before);
    expect(preview.body.parentId).toBe(path.split('/')[2]);
    expect(preview.body.items.map((g: Child) => g.target)).toEqual(targets);
    expect(preview.body.sum).toBe('100000.01');
    expect(real.status).toBe(200);
    expect(shown(preview.body.items)).toEqual(shown(real.body.items));
    expect(real.body.sum).toBe('100000.01');
    expect((await admin.get(`/goals?parentId=${preview.body.parentId}`)).body.items).toHaveLength(targets.length);
  });

  it('refuses a member (403) and what the real call refuses (400), and an unknown dryRun value (400), storing nothing', async () => {
    // Prepare
    const member = await api.as('member');
    const before = await tenantGoals();

    // Act
    const answers = [
      await member.post('/goals/dry-cascade/cascade?dryRun=true', cascade),
      await member.post('/goals/dry-periods/periods?dryRun=true', quarters),
      await admin.post('/goals/dry-cascade/cascade?dryRun=true', { method: 'manual', assignees: teams }),
      await admin.post('/goals/dry-periods/periods?dryRun=true', { granularity: 'quarter', method: 'custom', weights: [1, 2] }),
      await admin.post('/goals/dry-periods/periods?dryRun=yes', quarters),
    ];

    // Assess
    expect(answers.map((r) => r.status)).toEqual([403, 403, 400, 400, 400]);
    expect(answers[2]!.body.error.details.map((d: { path: string }) => d.path)).toContain('body.assignees.0.target');
    expect(await tenantGoals()).toEqual(before);
  });
});

describe('POST /metrics/{id}/preview', () => {
  it('returns the values and matching record ids without storing anything', async () => {
    const client = await api.as('admin', { tenant: uniqueTenant('preview') });
    await client.put('/settings', { timezone: 'Europe/Oslo' });
    await client.put('/units/org', { name: 'Org', kind: 'organization' });
    await client.put('/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'org' }] });
    await client.post('/metrics', { template: 'revenue', id: 'gbp', currency: 'GBP' });
    const deal = (id: string, status: string, amount: string, currency: string, at: string) =>
      ({ recordType: 'deal', id, ownerId: 'ann', updatedAt: at, status, amount, currency, closedAt: at, expectedCloseAt: at });
    await client.post('/records/batch', { records: [
      deal('won-gbp', 'won', '10.00', 'GBP', '2026-03-10T10:00:00Z'),
      deal('won-usd', 'won', '1000.00', 'USD', '2026-03-11T10:00:00Z'),
      deal('open-gbp', 'open', '5.00', 'GBP', '2026-03-12T10:00:00Z'),
      deal('late-gbp', 'won', '7.00', 'GBP', '2026-04-01T10:00:00Z'),
    ] });
    const response = await client.post('/metrics/gbp/preview', { period: { granularity: 'month', anchor: '2026-03-15' }, owner: { type: 'user', id: 'ann' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ period: { start: '2026-03-01', end: '2026-03-31' }, actual: '10.00', inProgress: '5.00', skippedRecords: 1, recordsRead: 4 });
    expect(response.body.recordIds.sort()).toEqual(['open-gbp', 'won-gbp']);
    expect((await client.get('/goals')).body.items).toEqual([]);
  });

  it('answers 404 for a foreign metric and 400 for a bad owner type', async () => {
    const outsider = await api.as('admin', { tenant: uniqueTenant() });
    expect((await outsider.post('/metrics/rev/preview', { period: { granularity: 'month', anchor: '2026-03-15' }, owner: { type: 'user', id: 'ann' } })).status).toBe(404);
    expect((await admin.post('/metrics/rev/preview', { period: { granularity: 'month', anchor: '2026-03-15' }, owner: { type: 'planet', id: 'x' } })).status).toBe(400);
  });
});
