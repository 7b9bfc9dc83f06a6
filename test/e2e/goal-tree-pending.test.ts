import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';

// GET /goals/{id}/tree?pending=include: a goal whose values are not computed yet answers 200,
// marked, instead of 404 (a page that has just made a goal reads no error); without the query the
// route answers as before. The rules are test/use-cases/results/read-tree.test.ts's.

let api: TestApi;
let admin: ApiClient;
let ann: ApiClient;

const period = { start: '2026-01-01', end: '2026-12-31' };
const goal = (id: string, owner: { type: string; id: string }, target: string, parentId: string | null = null) => ({
  id, name: id, metricId: 'rev', owner, period, target, parentId,
});

/** What a pending node holds: the goal's own fields, its values null. */
const pendingNode = (id: string, owner: { type: string; id: string }, target: string, parentId: string | null = null) => ({
  name: id, metricId: 'rev', owner, parentId, computed: false, goalId: id, runId: null, asOf: expect.any(String), updatedAt: null, period,
  status: null, target, stretchTarget: null, actual: null, inProgress: null, custom: null, percent: null, stretchPercent: null, remaining: null,
  pace: null, milestones: [], childrenTargetSum: null, childrenTargetMismatch: null, skippedRecords: null, currency: null, children: [],
});

type Node = Record<string, any> & { children: Node[] };
const nodes = (node: Node): Node[] => [node, ...node.children.flatMap(nodes)];
const values = ({ asOf: _asOf, pace: _pace, computed: _computed, children, ...node }: Node): Record<string, unknown> => ({ ...node, children: children.map(values) });

beforeAll(async () => {
  api = await startTestApi({ ports: inProcessRollups() });
  admin = await api.as('admin');
  ann = await api.as('member', { user: 'ann' });
  const puts: [string, unknown][] = [
    ['/settings', { timezone: 'UTC', defaultCurrency: 'EUR' }],
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/units/east', { name: 'East', kind: 'team', parentId: 'org' }],
    ['/units/west', { name: 'West', kind: 'team', parentId: 'org' }],
    ['/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'east' }] }],
  ];
  for (const [path, body] of puts) expect((await admin.put(path, body)).status).toBeLessThan(300);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'rev' })).status).toBe(201);
  expect((await admin.post('/goals', goal('root', { type: 'organization', id: 'org' }, '1000.00'))).status).toBe(201);
  expect((await admin.post('/goals', goal('east', { type: 'team', id: 'east' }, '400.00', 'root'))).status).toBe(201);
});
afterAll(async () => api.close());

describe('GET /goals/{id}/tree?pending=include', () => {
  it('answers a goal before the first rollup with 200, marked not computed, where the default read is 404', async () => {
    // Act
    const plain = await admin.get('/goals/root/tree');
    const pending = await admin.get('/goals/root/tree?pending=include');

    // Assess
    expect(plain.status).toBe(404);
    expect(plain.body.error.code).toBe('not_found');
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual(pendingNode('root', { type: 'organization', id: 'org' }, '1000.00'));
  });

  it('marks every node of a computed tree computed, with the values of the default read', async () => {
    // Prepare
    expect((await admin.post('/rollups', {})).status).toBe(202);

    // Act
    const plain = await admin.get('/goals/root/tree');
    const marked = await admin.get('/goals/root/tree?pending=include');

    // Assess: the same values (asOf and pace are the read's instant's)
    expect(plain.status).toBe(200);
    expect(marked.status).toBe(200);
    expect(nodes(marked.body).map((n) => [n.goalId, n.computed])).toEqual([['root', true], ['east', true]]);
    expect(nodes(plain.body).map((n) => [n.goalId, n.computed])).toEqual([['root', undefined], ['east', undefined]]);
    expect(values(marked.body)).toEqual(values(plain.body));
    expect(marked.body.target).toBe('1000.00');
  });

  it('answers a goal made after the rollup pending, and keeps 404, 403 and 400 where they were', async () => {
    // Prepare
    expect((await admin.post('/goals', goal('west', { type: 'team', id: 'west' }, '600.00'))).status).toBe(201);

    // Act
    const plain = await admin.get('/goals/west/tree');
    const pending = await admin.get('/goals/west/tree?pending=include');
    const missing = await admin.get('/goals/none/tree?pending=include');
    const hidden = await ann.get('/goals/west/tree?pending=include');
    const wrong = await admin.get('/goals/west/tree?pending=yes');

    // Assess
    expect(plain.status).toBe(404);
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual(pendingNode('west', { type: 'team', id: 'west' }, '600.00'));
    expect(missing.status).toBe(404);
    expect(hidden.status).toBe(403);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.map((d: { path: string }) => d.path)).toEqual(['query.pending']);
  });
});
