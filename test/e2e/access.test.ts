import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../functions/api/route-table.ts';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { startTestApi, uniqueTenant, type ApiClient, type Role, type TestApi } from '../support/api.ts';
import { snapshot } from './expect-api.ts';

/**
 * Every route × every role × own tenant / another tenant: the exact status, and for every refused
 * write, that nothing changed. Tenant A: org → dept → teams A and B; the manager `mgr` manages team
 * A (member of it), `ann` is a member of team A, `bob` of team B.
 */

type Expect = Record<Role, number>;
interface Request {
  method: string;
  path: string;
  body?: unknown;
}
interface Case {
  key: string;
  /** The request; `fresh` is unique per case, for ids of things a write creates or deletes. */
  request: (fresh: string) => Request;
  /** Creates what the request needs in tenant A (as admin) before it runs. */
  prepare?: (fresh: string) => Promise<void>;
  own: Expect;
  other: Expect;
}

const roles: Role[] = ['admin', 'manager', 'member', 'integration'];
const users: Record<Role, string> = { admin: 'u-admin', manager: 'mgr', member: 'ann', integration: 'integ' };
const all = (status: number): Expect => ({ admin: status, manager: status, member: status, integration: status });
const by = (admin: number, manager: number, member: number, integration: number): Expect => ({ admin, manager, member, integration });

let api: TestApi;
let admin: ApiClient;
let runId = '';
const other = uniqueTenant('other');

const goalBody = (id: string, owner: { type: string; id: string }, extra: Record<string, unknown> = {}) => ({
  id, name: id, metricId: 'rev', owner, period: { start: '2026-01-01', end: '2026-12-31' }, target: '100', ...extra,
});
const dealBody = { ownerId: 'ann', updatedAt: '2026-02-01T10:00:00Z', status: 'won', amount: '10.00', currency: 'EUR', closedAt: '2026-02-01T10:00:00Z' };

async function must(response: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await response;
  if (status >= 300) throw new Error(`setup failed with ${status}: ${JSON.stringify(body)}`);
}

const cases: Case[] = [
  { key: 'GET /health', request: () => ({ method: 'GET', path: '/health' }), own: all(200), other: all(200) },
  { key: 'GET /openapi.json', request: () => ({ method: 'GET', path: '/openapi.json' }), own: all(200), other: all(200) },
  { key: 'GET /settings', request: () => ({ method: 'GET', path: '/settings' }), own: all(200), other: all(200) },
  { key: 'PUT /settings', request: () => ({ method: 'PUT', path: '/settings', body: { paceTolerancePercent: 7 } }), own: by(200, 403, 403, 403), other: by(200, 403, 403, 403) },

  // Exchange rates: admins write, every role reads (integration included: a definition).
  { key: 'GET /exchange-rates', request: () => ({ method: 'GET', path: '/exchange-rates' }), own: all(200), other: all(200) },
  { key: 'GET /exchange-rates/{currency}', request: () => ({ method: 'GET', path: '/exchange-rates/USD' }), own: all(200), other: all(404) },
  { key: 'PUT /exchange-rates/{currency}', request: () => ({ method: 'PUT', path: '/exchange-rates/CHF', body: { rates: [{ from: '2026-01-01', rate: '1.06' }] } }), own: by(201, 403, 403, 403), other: by(201, 403, 403, 403) },
  {
    key: 'DELETE /exchange-rates/{currency}',
    prepare: () => must(admin.put('/exchange-rates/SEK', { rates: [{ from: '2026-01-01', rate: '0.087' }] })),
    request: () => ({ method: 'DELETE', path: '/exchange-rates/SEK' }),
    own: by(204, 403, 403, 403),
    other: all(404),
  },

  { key: 'GET /units', request: () => ({ method: 'GET', path: '/units' }), own: all(200), other: all(200) },
  { key: 'GET /units/{id}', request: () => ({ method: 'GET', path: '/units/team-a' }), own: all(200), other: all(404) },
  { key: 'PUT /units/{id}', request: (f) => ({ method: 'PUT', path: `/units/${f}`, body: { name: 'New', kind: 'team' } }), own: by(201, 403, 403, 201), other: by(201, 403, 403, 201) },
  {
    key: 'DELETE /units/{id}',
    prepare: (f) => must(admin.put(`/units/${f}`, { name: 'Doomed', kind: 'team', parentId: 'org' })),
    request: (f) => ({ method: 'DELETE', path: `/units/${f}` }),
    own: by(204, 403, 403, 204),
    other: all(404),
  },

  { key: 'GET /users', request: () => ({ method: 'GET', path: '/users' }), own: all(200), other: all(200) },
  { key: 'GET /users/{id}', request: () => ({ method: 'GET', path: '/users/bob' }), own: all(200), other: all(404) },
  { key: 'PUT /users/{id}', request: (f) => ({ method: 'PUT', path: `/users/${f}`, body: { name: 'New', role: 'member', memberships: [] } }), own: by(201, 403, 403, 201), other: by(201, 403, 403, 201) },

  // Integrations read every definition (settings, metrics, units, users), never goals or results.
  { key: 'GET /metric-templates', request: () => ({ method: 'GET', path: '/metric-templates' }), own: all(200), other: all(200) },
  { key: 'POST /metrics', request: (f) => ({ method: 'POST', path: '/metrics', body: { template: 'calls-made', id: f } }), own: by(201, 403, 403, 403), other: by(201, 403, 403, 403) },
  { key: 'GET /metrics', request: () => ({ method: 'GET', path: '/metrics' }), own: all(200), other: all(200) },
  { key: 'GET /metrics/{id}', request: () => ({ method: 'GET', path: '/metrics/rev' }), own: all(200), other: all(404) },
  { key: 'PATCH /metrics/{id}', request: () => ({ method: 'PATCH', path: '/metrics/rev', body: { name: 'Revenue (EUR)' } }), own: by(200, 403, 403, 403), other: all(404) },
  {
    key: 'DELETE /metrics/{id}',
    prepare: (f) => must(admin.post('/metrics', { template: 'calls-made', id: f })),
    request: (f) => ({ method: 'DELETE', path: `/metrics/${f}` }),
    own: by(204, 403, 403, 403),
    other: all(404),
  },
  {
    key: 'POST /metrics/{id}/preview',
    request: () => ({ method: 'POST', path: '/metrics/rev/preview', body: { period: { granularity: 'year', anchor: '2026-01-01' }, owner: { type: 'team', id: 'team-a' } } }),
    own: by(200, 200, 403, 403),
    other: all(404),
  },
  // A definition not saved yet: previewed by those who preview saved ones; the other tenant has no team-a (404).
  {
    key: 'POST /metrics/preview',
    request: () => ({ method: 'POST', path: '/metrics/preview', body: { metric: { template: 'revenue', currency: 'EUR' }, period: { granularity: 'year', anchor: '2026-01-01' }, owner: { type: 'team', id: 'team-a' } } }),
    own: by(200, 200, 403, 403),
    other: by(404, 404, 403, 403),
  },

  { key: 'POST /records/batch', request: (f) => ({ method: 'POST', path: '/records/batch', body: { records: [{ recordType: 'deal', id: f, ...dealBody }] } }), own: by(200, 403, 403, 200), other: by(200, 403, 403, 200) },
  { key: 'PUT /records/{recordType}/{id}', request: (f) => ({ method: 'PUT', path: `/records/deal/${f}`, body: dealBody }), own: by(201, 403, 403, 201), other: by(201, 403, 403, 201) },
  { key: 'GET /records/{recordType}/{id}', request: () => ({ method: 'GET', path: '/records/deal/d-1' }), own: by(200, 403, 403, 200), other: all(404) },
  {
    key: 'DELETE /records/{recordType}/{id}',
    prepare: (f) => must(admin.put(`/records/deal/${f}`, dealBody)),
    request: (f) => ({ method: 'DELETE', path: `/records/deal/${f}` }),
    own: by(204, 403, 403, 204),
    other: all(404),
  },

  // Managers create goals for owners inside their scope; in another tenant the metric does not exist (400).
  { key: 'POST /goals', request: (f) => ({ method: 'POST', path: '/goals', body: goalBody(f, { type: 'user', id: 'ann' }) }), own: by(201, 201, 403, 403), other: by(400, 400, 403, 403) },
  { key: 'GET /goals', request: () => ({ method: 'GET', path: '/goals' }), own: by(200, 200, 200, 403), other: by(200, 200, 200, 403) },
  { key: 'GET /goals/{id}', request: () => ({ method: 'GET', path: '/goals/g-ann' }), own: by(200, 200, 200, 403), other: all(404) },
  { key: 'PATCH /goals/{id}', request: () => ({ method: 'PATCH', path: '/goals/g-ann', body: { description: 'edited' } }), own: by(200, 200, 403, 403), other: all(404) },
  {
    key: 'DELETE /goals/{id}',
    prepare: (f) => must(admin.post('/goals', goalBody(f, { type: 'user', id: 'ann' }))),
    request: (f) => ({ method: 'DELETE', path: `/goals/${f}` }),
    own: by(204, 204, 403, 403),
    other: all(404),
  },
  {
    key: 'POST /goals/{id}/lock',
    prepare: (f) => must(admin.post('/goals', goalBody(f, { type: 'user', id: 'ann' }))),
    request: (f) => ({ method: 'POST', path: `/goals/${f}/lock` }),
    own: by(200, 403, 403, 403),
    other: all(404),
  },
  {
    key: 'POST /goals/{id}/unlock',
    prepare: async (f) => {
      await must(admin.post('/goals', goalBody(f, { type: 'user', id: 'ann' })));
      await must(admin.post(`/goals/${f}/lock`));
    },
    request: (f) => ({ method: 'POST', path: `/goals/${f}/unlock` }),
    own: by(200, 403, 403, 403),
    other: all(404),
  },
  {
    key: 'POST /goals/{id}/cascade',
    prepare: (f) => must(admin.post('/goals', goalBody(f, { type: 'team', id: 'team-a' }))),
    request: (f) => ({ method: 'POST', path: `/goals/${f}/cascade`, body: { method: 'equal', assignees: [{ owner: { type: 'user', id: 'ann' } }] } }),
    own: by(200, 200, 403, 403),
    other: all(404),
  },
  {
    key: 'POST /goals/{id}/periods',
    prepare: (f) => must(admin.post('/goals', goalBody(f, { type: 'user', id: 'ann' }))),
    request: (f) => ({ method: 'POST', path: `/goals/${f}/periods`, body: { granularity: 'quarter', method: 'equal' } }),
    own: by(200, 200, 403, 403),
    other: all(404),
  },

  { key: 'GET /goals/{id}/progress', request: () => ({ method: 'GET', path: '/goals/g-ann/progress' }), own: by(200, 200, 200, 403), other: all(404) },
  { key: 'GET /goals/{id}/tree', request: () => ({ method: 'GET', path: '/goals/g-team-a/tree' }), own: by(200, 200, 200, 403), other: all(404) },
  { key: 'GET /goals/{id}/history', request: () => ({ method: 'GET', path: '/goals/g-ann/history' }), own: by(200, 200, 200, 403), other: all(404) },
  // Another tenant without a rollup has no results yet: 404 for those who may read them.
  { key: 'GET /dashboard', request: () => ({ method: 'GET', path: '/dashboard' }), own: by(200, 200, 200, 403), other: by(404, 404, 404, 403) },
  { key: 'GET /leaderboard', request: () => ({ method: 'GET', path: '/leaderboard?metricId=rev&period=current-year' }), own: by(200, 200, 200, 403), other: by(404, 404, 404, 403) },

  // A manager rolls up the hierarchies of goals it may see.
  { key: 'POST /rollups', request: () => ({ method: 'POST', path: '/rollups', body: { goalId: 'g-ann' } }), own: by(202, 202, 403, 403), other: all(404) },
  { key: 'GET /rollups', request: () => ({ method: 'GET', path: '/rollups' }), own: by(200, 200, 200, 403), other: by(200, 200, 200, 403) },
  { key: 'GET /rollups/{runId}', request: () => ({ method: 'GET', path: `/rollups/${runId}` }), own: by(200, 200, 200, 403), other: all(404) },
  // Skipped records are records: read by those who write them.
  { key: 'GET /rollups/{runId}/skipped', request: () => ({ method: 'GET', path: `/rollups/${runId}/skipped` }), own: by(200, 403, 403, 200), other: all(404) },
];

/** What a refused write must leave alone: tenant A as its admin sees it. */
const watched = ['/settings', '/exchange-rates?limit=500', '/units?limit=500', '/users?limit=500', '/metrics?limit=500', '/goals?limit=500', '/records/deal/d-1', '/rollups?limit=500'];
async function snapshotA(): Promise<string> {
  const parts = await Promise.all(watched.map(async (path) => JSON.stringify((await snapshot(admin, path)).body)));
  return parts.join('\n');
}

beforeAll(async () => {
  // The run finishes before POST /rollups answers, so every trigger starts a fresh run (202).
  api = await startTestApi({ ports: inProcessRollups() });
  admin = await api.as('admin');
  await must(admin.put('/settings', { timezone: 'UTC' }));
  await must(admin.put('/exchange-rates/USD', { rates: [{ from: '2026-01-01', rate: '0.92' }] }));
  await must(admin.put('/units/org', { name: 'Org', kind: 'organization' }));
  await must(admin.put('/units/dept', { name: 'Dept', kind: 'department', parentId: 'org' }));
  await must(admin.put('/users/mgr', { name: 'Mgr', role: 'manager', memberships: [{ unitId: 'dept' }] }));
  await must(admin.put('/units/team-a', { name: 'Team A', kind: 'team', parentId: 'dept', managerIds: ['mgr'] }));
  await must(admin.put('/units/team-b', { name: 'Team B', kind: 'team', parentId: 'dept' }));
  await must(admin.put('/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'team-a' }] }));
  await must(admin.put('/users/bob', { name: 'Bob', role: 'member', memberships: [{ unitId: 'team-b' }] }));
  await must(admin.put('/users/integ', { name: 'CRM sync', role: 'integration', memberships: [] }));
  await must(admin.post('/metrics', { template: 'revenue', id: 'rev', currency: 'EUR' }));
  await must(admin.post('/goals', goalBody('g-org', { type: 'organization', id: 'org' })));
  await must(admin.post('/goals', goalBody('g-team-a', { type: 'team', id: 'team-a' }, { parentId: 'g-org' })));
  await must(admin.post('/goals', goalBody('g-team-b', { type: 'team', id: 'team-b' }, { parentId: 'g-org' })));
  await must(admin.post('/goals', goalBody('g-ann', { type: 'user', id: 'ann' }, { parentId: 'g-team-a' })));
  await must(admin.post('/goals', goalBody('g-bob', { type: 'user', id: 'bob' }, { parentId: 'g-team-b' })));
  await must(admin.put('/records/deal/d-1', dealBody));
  const trigger = await admin.post('/rollups');
  expect(trigger.status).toBe(202);
  runId = trigger.body.runId;
});
afterAll(async () => api.close());

describe('access matrix', () => {
  it('covers every route of the route table', () => {
    expect(cases.map((c) => c.key).sort()).toEqual(routeTable.map((r) => r.key).sort());
  });

  let serial = 0;
  for (const testCase of cases) {
    for (const tenant of ['own', 'other'] as const) {
      for (const role of roles) {
        const expected = testCase[tenant][role];
        it(`${testCase.key} as ${role} of the ${tenant} tenant answers ${expected}`, async () => {
          // Prepare
          const fresh = `c${++serial}-${role}`;
          await testCase.prepare?.(fresh);
          const client = await api.as(role, { tenant: tenant === 'own' ? admin.tenant : other, user: users[role] });
          const { method, path, body } = testCase.request(fresh);
          const refusedWrite = method !== 'GET' && expected >= 400;
          const before = refusedWrite ? await snapshotA() : '';

          // Act
          const response = await client.request(method, path, body);

          // Assess
          expect(response.status, JSON.stringify(response.body)).toBe(expected);
          if (expected >= 400) expect(Object.keys(response.body)).toEqual(['error']);
          if (refusedWrite) expect(await snapshotA()).toBe(before);
        });
      }
    }
  }
});

describe('what each role sees', () => {
  const ids = (response: { body: { items: { id: string }[] } }) => response.body.items.map((g) => g.id).sort();

  it('shows a member its own goals and its units’ goals, never another member’s', async () => {
    const ann = await api.as('member', { tenant: admin.tenant, user: 'ann' });
    expect(ids(await ann.get('/goals?limit=500')).filter((id) => id.startsWith('g-'))).toEqual(['g-ann', 'g-org', 'g-team-a']);
    expect((await ann.get('/goals/g-bob')).status).toBe(403);
    expect((await ann.get('/goals/g-bob/progress')).status).toBe(403);
    expect((await ann.get('/goals/g-team-b')).status).toBe(403);
    expect((await ann.get('/dashboard?ownerType=user&ownerId=bob')).status).toBe(403);
    expect((await ann.get('/dashboard?ownerType=team&ownerId=team-a')).status).toBe(200);
  });

  it('shows a manager its scope and the units it belongs to, and lets it change only its scope', async () => {
    const mgr = await api.as('manager', { tenant: admin.tenant, user: 'mgr' });
    expect(ids(await mgr.get('/goals?limit=500')).filter((id) => id.startsWith('g-'))).toEqual(['g-ann', 'g-org', 'g-team-a']);
    expect((await mgr.patch('/goals/g-bob', { description: 'x' })).status).toBe(403);
    expect((await mgr.patch('/goals/g-org', { description: 'x' })).status).toBe(403);
    // Moving a goal out of its scope is refused too.
    expect((await mgr.patch('/goals/g-ann', { owner: { type: 'user', id: 'bob' } })).status).toBe(403);
    expect((await mgr.post('/goals', goalBody('g-mgr-bob', { type: 'user', id: 'bob' }))).status).toBe(403);
    // It rolls up what it may see: the organization goal above its team, or every hierarchy it sees in one run.
    expect((await mgr.post('/rollups', { goalId: 'g-bob' })).status).toBe(403);
    expect((await mgr.post('/rollups', { goalId: 'g-org' })).status).toBe(202);
    expect((await mgr.post('/rollups')).status).toBe(202);
    expect((await mgr.post('/metrics/rev/preview', { period: { granularity: 'year', anchor: '2026-01-01' }, owner: { type: 'user', id: 'bob' } })).status).toBe(403);
    expect((await admin.get('/goals/g-bob')).body.description).toBe('');
  });

  it('answers 404 for an owner or unit that does not exist in the tenant (another tenant’s, nobody’s), 403 only for one that does', async () => {
    // Prepare: a user and a team that exist only in the other tenant.
    const otherAdmin = await api.as('admin', { tenant: other });
    await must(otherAdmin.put('/units/elsewhere', { name: 'Elsewhere', kind: 'team' }));
    await must(otherAdmin.put('/users/zed', { name: 'Zed', role: 'member', memberships: [{ unitId: 'elsewhere' }] }));
    const mgr = await api.as('manager', { tenant: admin.tenant, user: 'mgr' });
    const ann = await api.as('member', { tenant: admin.tenant, user: 'ann' });
    const preview = (owner: { type: string; id: string }) => ({ period: { granularity: 'year', anchor: '2026-01-01' }, owner });
    const unknownOwners = [
      'ownerType=user&ownerId=zed',
      'ownerType=user&ownerId=nobody',
      'ownerType=team&ownerId=elsewhere',
      'ownerType=team&ownerId=dept', // a department, not a team
      'ownerType=organization&ownerId=nowhere',
    ];

    for (const [role, client] of [['admin', admin], ['manager', mgr], ['member', ann]] as const) {
      for (const query of unknownOwners) {
        const response = await client.get(`/dashboard?${query}`);
        expect(response.status, `${role} ${query}`).toBe(404);
        expect(response.body.error.code).toBe('not_found');
      }
      expect((await client.get('/leaderboard?metricId=rev&period=current-year&unitId=elsewhere')).status, role).toBe(404);
      expect((await client.get('/leaderboard?metricId=rev&period=current-year&unitId=team-a')).status, role).toBe(200);
    }
    for (const [role, client] of [['admin', admin], ['manager', mgr]] as const) {
      expect((await client.post('/metrics/rev/preview', preview({ type: 'user', id: 'zed' }))).status, role).toBe(404);
      expect((await client.post('/metrics/rev/preview', preview({ type: 'team', id: 'elsewhere' }))).status, role).toBe(404);
      expect((await client.post('/metrics/rev/preview', preview({ type: 'department', id: 'team-a' }))).status, role).toBe(404);
    }
    // Owners that exist but are out of the caller's sight stay 403.
    expect((await ann.get('/dashboard?ownerType=user&ownerId=bob')).status).toBe(403);
    expect((await ann.get('/dashboard?ownerType=team&ownerId=team-b')).status).toBe(403);
    expect((await mgr.get('/dashboard?ownerType=user&ownerId=bob')).status).toBe(403);
    expect((await mgr.post('/metrics/rev/preview', preview({ type: 'team', id: 'team-b' }))).status).toBe(403);
    expect((await admin.get('/dashboard?ownerType=user&ownerId=bob')).status).toBe(200);
    expect((await admin.get('/dashboard?ownerType=department&ownerId=dept')).status).toBe(200);
    expect((await mgr.get('/dashboard?ownerType=team&ownerId=team-a')).status).toBe(200);
  });

  it('leaves out of a tree the descendants the caller may not see, keeping the aggregates', async () => {
    const ann = await api.as('member', { tenant: admin.tenant, user: 'ann' });
    const tree = (await ann.get('/goals/g-org/tree')).body;
    const full = (await admin.get('/goals/g-org/tree')).body;
    expect(tree.actual).toBe(full.actual);
    expect(Number(tree.actual)).toBeGreaterThan(0);
    expect(tree.children.map((c: { goalId: string }) => c.goalId)).toEqual(['g-team-a']);
    expect(tree.children[0].children.map((c: { goalId: string }) => c.goalId)).toEqual(['g-ann']);
    expect(full.children.map((c: { goalId: string }) => c.goalId).sort()).toEqual(['g-team-a', 'g-team-b']);
  });

  it('lets a manager with canLockTargets lock goals in its scope only', async () => {
    await must(admin.put('/users/locker', { name: 'Locker', role: 'manager', canLockTargets: true, memberships: [{ unitId: 'team-a' }] }));
    await must(admin.put('/units/team-a', { name: 'Team A', kind: 'team', parentId: 'dept', managerIds: ['mgr', 'locker'] }));
    const locker = await api.as('manager', { tenant: admin.tenant, user: 'locker' });
    expect((await locker.post('/goals/g-team-a/lock')).status).toBe(200);
    expect((await locker.post('/goals/g-team-a/unlock')).status).toBe(200);
    expect((await locker.post('/goals/g-team-b/lock')).status).toBe(403);
    expect((await admin.get('/goals/g-team-b')).body.locked).toBe(false);
  });
});
