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

// The ranking rules (ties, no percent last, a unit's members, the limit, the run's calendar) are
// test/use-cases/results/read-leaderboard.test.ts's; here the route's answer and its errors.
describe('GET /leaderboard', () => {
  it("answers 200 with the current month's board of the metric, ranked", async () => {
    const response = await admin.get('/leaderboard?metricId=calls&period=current-month&unitId=west&limit=5');
    expect(response.status).toBe(200);
    const current = (await admin.get('/rollups?limit=1')).body.items[0];
    expect(response.body).toEqual({
      period: { start: monthStart.toISODate(), end: monthStart.endOf('month').toISODate() },
      runId: current.runId,
      asOf: expect.any(String),
      items: [
        { rank: 1, owner: { type: 'user', id: 'cid' }, goalId: 'cid-month', percent: 100, actual: '4', target: '4' },
        { rank: 2, owner: { type: 'user', id: 'dan' }, goalId: 'dan-month', percent: 25, actual: '1', target: '4' },
      ],
    });
  });

  it('refuses an unknown period or limit with 400, and an unknown unit with 404', async () => {
    expect((await admin.get('/leaderboard?metricId=calls&period=last-decade')).status).toBe(400);
    expect((await admin.get('/leaderboard?metricId=calls&period=current-month&limit=7')).status).toBe(400);
    expect((await admin.get('/leaderboard?period=current-month')).status).toBe(400);
    const unknown = await admin.get('/leaderboard?metricId=calls&period=current-month&unitId=nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'not_found', message: 'No unit nowhere in this tenant' } });
  });
});
