import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Goal } from '../../core/model/goal.ts';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { batchWrite, putRequest } from '../../functions/store/batch-write.ts';
import { toItem as goalItem } from '../../functions/store/goal-repository.ts';
import { startTestApi, uniqueTenant, type ApiClient, type ApiResponse, type TestApi } from '../support/api.ts';
import { dynamoDbCallsOf } from '../support/ddb-calls.ts';
import { goalFixture } from '../support/goal-fixture.ts';

/**
 * Lists cost what they return (API.md, Conventions, Lists): a page costs a bounded number of reads
 * however many items the caller may not see, and a cursor is opaque — it names nothing the caller
 * may not read and works only for the tenant, caller and query it was given to.
 */

let api: TestApi;
let admin: ApiClient;

const period = { start: '2026-01-01', end: '2026-12-31' };
const hiddenGoal = (i: number): Goal =>
  goalFixture(`hidden-${String(i).padStart(4, '0')}`, { name: `Hidden ${i}`, metricId: 'deals', owner: { type: 'team', id: 'rivals' }, target: '10' });

const get = (client: ApiClient, path: string, cursor?: string | null) =>
  client.get(`${path}${path.includes('?') ? '&' : '?'}limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);

beforeAll(async () => {
  api = await startTestApi({ ports: inProcessRollups() });
  admin = await api.as('admin');
  for (const [path, body] of [
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/units/team', { name: 'Team', kind: 'team', parentId: 'org' }],
    ['/units/rivals', { name: 'Rivals', kind: 'team', parentId: 'org' }],
    ['/users/nora', { name: 'Nora', role: 'member', memberships: [] }],
    ['/users/ivan', { name: 'Ivan', role: 'member', memberships: [{ unitId: 'team' }] }],
  ] as const) expect((await admin.put(path, body)).status).toBe(201);
  expect((await admin.post('/metrics', { template: 'deal-count', id: 'deals' })).status).toBe(201);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'revenue' })).status).toBe(201);
  // 2,000 goals of a team neither Nora (a member of no unit) nor Ivan (of another team) may see; written as the repository stores them.
  await batchWrite(Array.from({ length: 2000 }, (_, i) => putRequest(goalItem(admin.tenant, hiddenGoal(i)))));
  expect((await admin.post('/goals', { id: 'team-goal', name: 'Team', metricId: 'deals', owner: { type: 'team', id: 'team' }, period, target: 5 })).status).toBe(201);
  for (let run = 0; run < 2; run++) expect((await admin.post('/rollups', {})).status).toBe(202);
}, 120_000);
afterAll(async () => api.close());

describe('a list page costs a bounded number of DynamoDB calls', () => {
  it('walks 2,000 goals a member may not see in a few pages of at most 3 goal Queries each, and ends', async () => {
    // Prepare
    const nora = await api.as('member', { user: 'nora' });
    await get(nora, '/goals'); // the process reads the table's cursor key once; not a cost of the page

    // Act: follow the cursors to the end.
    const pages: { items: number; calls: string[] }[] = [];
    let cursor: string | null = null;
    do {
      const { result, calls }: { result: ApiResponse; calls: string[] } = await dynamoDbCallsOf(() => get(nora, '/goals', cursor));
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      pages.push({ items: result.body.items.length, calls });
      cursor = result.body.nextCursor;
    } while (cursor !== null && pages.length < 50);

    // Assess: the access scope (settings, units, the caller) plus at most 3 Queries of goals a page.
    expect(cursor).toBeNull();
    expect(pages.every((page) => page.items === 0)).toBe(true);
    expect(pages.length).toBeLessThanOrEqual(3);
    for (const { calls } of pages) {
      expect(calls.length, `${calls.length} calls: ${calls.slice(0, 12).join()}`).toBeLessThanOrEqual(6);
      expect(calls.filter((name) => name === 'QueryCommand').length).toBeLessThanOrEqual(4);
    }
  });

  it.each(['/goals', '/goals?metricId=deals'])('%s: pages a few visible goals among hidden ones, each exactly once, when pages fill in the middle of a read', async (path) => {
    // Prepare: Ivan sees his team's goal and every 7th of 60 more; the rest belong to the rivals.
    const ivan = await api.as('member', { user: 'ivan' });
    const mixed = Array.from({ length: 60 }, (_, i) =>
      goalFixture(`mix-${String(i).padStart(2, '0')}`, { metricId: 'deals', target: '10', owner: { type: 'team', id: i % 7 === 0 ? 'team' : 'rivals' } }),
    );
    await batchWrite(mixed.map((g) => putRequest(goalItem(admin.tenant, g))));
    const visible = [...mixed.filter((g) => g.owner.id === 'team').map((g) => g.id), 'team-goal'].sort();

    // Act
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: ApiResponse = await ivan.get(`${path}${path.includes('?') ? '&' : '?'}limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...response.body.items.map((g: Goal) => g.id));
      cursor = response.body.nextCursor;
    } while (cursor !== null && ++pages < 50);

    // Assess
    expect(seen.sort()).toEqual(visible);
  });

  it('still fills a page of a list the caller sees whole with one Query', async () => {
    const first = await get(admin, '/goals');
    const { result, calls } = await dynamoDbCallsOf(() => admin.get(`/goals?limit=100&cursor=${encodeURIComponent(first.body.nextCursor)}`));
    expect(result.body.items).toHaveLength(100);
    expect(calls).toEqual(['QueryCommand']);
  });
});

describe('a list cursor is opaque and bound to its tenant, caller and query', () => {
  it('reveals no id of a goal the caller may not see', async () => {
    const ivan = await api.as('member', { user: 'ivan' });
    const seen = new Set<string>();
    let cursor: string | null = null;
    const cursors: string[] = [];
    do {
      const response: ApiResponse = await get(ivan, '/goals', cursor);
      for (const goal of response.body.items) seen.add(goal.id);
      cursor = response.body.nextCursor;
      if (cursor) cursors.push(cursor);
    } while (cursor !== null);
    expect(seen.has('team-goal')).toBe(true);
    expect([...seen].filter((id) => id.startsWith('hidden-'))).toEqual([]);
    expect((await admin.get('/goals?limit=500')).body.items.length).toBe(500);
    expect(cursors.length).toBeGreaterThan(0);
    for (const text of cursors) {
      const decoded = Buffer.from(text, 'base64url').toString('latin1');
      expect(decoded).not.toMatch(/hidden-|mix-|goal#|t#/);
    }
  });

  const lists = ['/goals', '/units', '/users', '/metrics', '/rollups'];

  it.each(lists)('%s: answers 400 to its cursor from another caller, role or tenant, and to a cursor of another query', async (path) => {
    // Prepare
    const cursor = (await get(admin, path)).body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const otherAdmin = await api.as('admin', { user: 'u-admin-2' });
    const manager = await api.as('manager', { user: 'u-admin' });
    const foreign = await api.as('admin', { tenant: uniqueTenant('foreign') });
    const otherQuery = path === '/goals' ? '/goals?ownerType=team' : path === '/units' ? '/goals' : '/units';

    // Act
    const again = await get(admin, path, cursor);
    const refused = [await get(otherAdmin, path, cursor), await get(manager, path, cursor), await get(foreign, path, cursor), await get(admin, otherQuery, cursor)];

    // Assess
    expect(again.status).toBe(200);
    for (const response of refused) {
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual(['query.cursor']);
    }
  });

  it('lets the page size change between pages of one query', async () => {
    const first = await get(admin, '/users');
    const second = await admin.get(`/users?limit=5&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.status).toBe(200);
    expect([first.body.items[0].id, ...second.body.items.map((u: { id: string }) => u.id)].sort()).toEqual(['ivan', 'nora']);
  });
});
