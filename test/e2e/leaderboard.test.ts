import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';

let api: TestApi;
let admin: ApiClient;
const today = DateTime.now().setZone('UTC');
const monthStart = today.startOf('month');

beforeAll(async () => {
  api = await startTestApi({ ports: inProcessRollups() });
  admin = await api.as('admin');
  await admin.put('/settings', { timezone: 'UTC' });
  await admin.put('/units/org', { name: 'Org', kind: 'organization' });
  await admin.put('/units/east', { name: 'East', kind: 'team', parentId: 'org' });
  await admin.put('/units/west', { name: 'West', kind: 'team', parentId: 'org' });
  const reps = { ann: 'east', bob: 'east', cid: 'west', dan: 'west' } as const;
  for (const [id, unitId] of Object.entries(reps)) await admin.put(`/users/${id}`, { name: id, role: 'member', memberships: [{ unitId }] });
  await admin.post('/metrics', { template: 'calls-made', id: 'calls' });
  const calls = { ann: 2, bob: 4, cid: 4, dan: 1 };
  for (const [owner, count] of Object.entries(calls)) {
    await admin.post('/goals', { id: `${owner}-month`, name: owner, metricId: 'calls', owner: { type: 'user', id: owner }, period: { granularity: 'month', anchor: today.toISODate() }, target: 4 });
    for (let i = 0; i < count; i++) {
      const at = monthStart.plus({ minutes: i + 1 }).toISO()!;
      await admin.put(`/records/activity/${owner}-${i}`, { ownerId: owner, updatedAt: at, type: 'call', completedAt: at });
    }
  }
  // A goal of another period never shows on the current month's board.
  await admin.post('/goals', { id: 'ann-year', name: 'year', metricId: 'calls', owner: { type: 'user', id: 'ann' }, period: { granularity: 'year', anchor: today.toISODate() }, target: 4 });
  const trigger = await admin.post('/rollups');
  expect(trigger.status).toBe(202);
});
afterAll(async () => api.close());

describe('GET /leaderboard', () => {
  it('ranks users by percent, ties sharing a rank', async () => {
    const response = await admin.get('/leaderboard?metricId=calls&period=current-month');
    expect(response.status).toBe(200);
    expect(response.body.period).toEqual({ start: monthStart.toISODate(), end: monthStart.endOf('month').toISODate() });
    expect(response.body.items.map((i: { rank: number; owner: { id: string }; percent: number; actual: string }) => [i.rank, i.owner.id, i.percent, i.actual])).toEqual([
      [1, 'bob', 100, '4'],
      [1, 'cid', 100, '4'],
      [3, 'ann', 50, '2'],
      [4, 'dan', 25, '1'],
    ]);
  });

  it('narrows to the members of a unit and cuts at the limit', async () => {
    const west = await admin.get('/leaderboard?metricId=calls&period=current-month&unitId=west');
    expect(west.body.items.map((i: { owner: { id: string } }) => i.owner.id)).toEqual(['cid', 'dan']);
    const all = await admin.get('/leaderboard?metricId=calls&period=current-month&unitId=org&limit=5');
    expect(all.body.items).toHaveLength(4);
  });

  it('refuses an unknown period or limit with 400', async () => {
    expect((await admin.get('/leaderboard?metricId=calls&period=last-decade')).status).toBe(400);
    expect((await admin.get('/leaderboard?metricId=calls&period=current-month&limit=7')).status).toBe(400);
    expect((await admin.get('/leaderboard?period=current-month')).status).toBe(400);
  });
});
