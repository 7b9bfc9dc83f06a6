import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';

/**
 * POST /rollups as a manager, over HTTP: 202 for a goal it may see, 403 in the contract's shape for
 * one it may not. The rules (which goals, which hierarchies, a run over nothing) are
 * test/use-cases/rollups/trigger-rollup.test.ts's and compute-run.test.ts's. Tenant: org → dept →
 * teams A and B; `mgr` manages team A and is a member of dept, so it sees the organization's and
 * the department's goals, team A's and Ann's — not team B's nor Bob's.
 */

let api: TestApi;
let admin: ApiClient;
let mgr: ApiClient;
const period = { start: '2025-01-01', end: '2025-12-31' };
const at = (day: string) => `2025-03-${day}T12:00:00Z`;

const goal = (id: string, owner: { type: string; id: string }, parentId: string | null = null) => ({
  id, name: id, metricId: 'rev', owner, period, target: '100.00', parentId,
});
const deal = (id: string, ownerId: string, amount: string) => ({ ownerId, updatedAt: at('10'), status: 'won', amount, currency: 'EUR', closedAt: at('10') });

/** Triggers a run as `client`; the dispatcher below runs it before POST /rollups answers. */
async function rollup(client: ApiClient, body: unknown = {}) {
  const trigger = await client.post('/rollups', body);
  expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
  return (await client.get(`/rollups/${trigger.body.runId}`)).body;
}
const actual = async (id: string) => (await admin.get(`/goals/${id}/progress`)).body.actual as string;

beforeAll(async () => {
  api = await startTestApi({ ports: inProcessRollups() });
  admin = await api.as('admin');
  mgr = await api.as('manager', { user: 'mgr' });
  const puts: [string, unknown][] = [
    ['/settings', { timezone: 'UTC', defaultCurrency: 'EUR', stopRollupDaysAfterEnd: 3650 }],
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/units/dept', { name: 'Dept', kind: 'department', parentId: 'org' }],
    ['/users/mgr', { name: 'Mgr', role: 'manager', memberships: [{ unitId: 'dept' }] }],
    ['/units/team-a', { name: 'Team A', kind: 'team', parentId: 'dept', managerIds: ['mgr'] }],
    ['/units/team-b', { name: 'Team B', kind: 'team', parentId: 'dept' }],
    ['/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'team-a' }] }],
    ['/users/bob', { name: 'Bob', role: 'member', memberships: [{ unitId: 'team-b' }] }],
    ['/users/idle', { name: 'Idle', role: 'manager', memberships: [] }],
    ['/records/deal/a1', deal('a1', 'ann', '10.00')],
    ['/records/deal/b1', deal('b1', 'bob', '20.00')],
  ];
  for (const [path, body] of puts) expect((await admin.put(path, body)).status).toBeLessThan(300);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'rev' })).status).toBe(201);
  for (const body of [
    goal('g-org', { type: 'organization', id: 'org' }),
    goal('g-team-a', { type: 'team', id: 'team-a' }, 'g-org'),
    goal('g-team-b', { type: 'team', id: 'team-b' }, 'g-org'),
    goal('g-ann', { type: 'user', id: 'ann' }, 'g-team-a'),
    goal('g-bob', { type: 'user', id: 'bob' }, 'g-team-b'),
    goal('g-dept', { type: 'department', id: 'dept' }),
    goal('g-bob-solo', { type: 'user', id: 'bob' }),
  ]) {
    expect((await admin.post('/goals', body)).status).toBe(201);
  }
  expect((await rollup(admin)).status).toBe('succeeded');
}, 300_000);
afterAll(async () => api.close());

// The timeouts guard against a hang; runs take a few seconds, more on a busy machine.
describe('POST /rollups as a manager', { timeout: 180_000 }, () => {
  it("rolls up the hierarchy of a goal it may see, from its root", async () => {
    // Prepare
    expect((await admin.put('/records/deal/b2', deal('b2', 'bob', '1.00'))).status).toBe(201);

    // Act
    const run = await rollup(mgr, { goalId: 'g-org' });

    // Assess: g-org, both teams, Ann and Bob; the department's and Bob's own hierarchies are not recomputed —
    // but the deal the run caught up reaches every goal's live values, theirs too.
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'manual', goalId: 'g-org', goalsComputed: 5, goalsFailed: 0 });
    expect(await actual('g-bob')).toBe('21.00');
    expect(await actual('g-bob-solo')).toBe('21.00');
    expect((await admin.get('/goals/g-bob-solo/progress')).body.runId).not.toBe(run.runId);
    expect(Object.keys(run)).not.toContain('scopeGoalIds');
  });

  it('refuses a goal it may not see, and a member, with 403', async () => {
    const refused = await mgr.post('/rollups', { goalId: 'g-bob' });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    expect((await (await api.as('member', { user: 'ann' })).post('/rollups', { goalId: 'g-ann' })).status).toBe(403);
  });
});
