import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RollupEvent } from '../../functions/use-cases/rollups/rollup-event.ts';
import type { RollupDispatcher } from '../../functions/use-cases/rollups/ports.ts';
import { createWorkerProcesses } from '../../infra/local/worker-processes.ts';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';

let api: TestApi;
let admin: ApiClient;
const background: Promise<unknown>[] = [];
// As under npm start: each run in its own worker process running the Lambda's worker module.
const workers = createWorkerProcesses({ env: () => ({ ...process.env }), write: () => undefined });

/** Expected pace as API.md defines it: target × share of the period elapsed at asOf, rounded half up. */
function expectedPace(target: string, period: { start: string; end: string }, asOf: string, zone: string): string {
  const start = DateTime.fromISO(period.start, { zone }).toMillis();
  const end = DateTime.fromISO(period.end, { zone }).plus({ days: 1 }).toMillis();
  const now = Math.min(Math.max(Date.parse(asOf), start), end);
  const cents = BigInt(target.replace('.', ''));
  const num = cents * BigInt(now - start) * 2n;
  const den = BigInt(end - start);
  const rounded = (num + den) / (2n * den);
  const s = rounded.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

async function waitForRun(client: ApiClient, runId: string) {
  for (let i = 0; i < 200; i++) {
    const run = await client.get(`/rollups/${runId}`);
    if (run.body.status === 'succeeded' || run.body.status === 'failed') return run.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not finish`);
}

async function rollup(client: ApiClient, body?: unknown) {
  const trigger = await client.post('/rollups', body);
  expect(trigger.status).toBe(202);
  expect(trigger.body.status).toBe('queued');
  return waitForRun(client, trigger.body.runId);
}

const year = DateTime.now().setZone('Europe/Oslo').year;
// Goals of two years ago: ended more than 365 days ago on any day this test runs (so 30 days after
// their end is always past) and less than 800 (so the initial stopRollupDaysAfterEnd keeps them live).
const pastYear = year - 2;
const at = (date: string) => `${date}T12:00:00+01:00`;

/** Where POST /rollups hands its runs: the worker processes, unless a test holds them back. */
let dispatch: RollupDispatcher = workers.dispatch;

beforeAll(async () => {
  api = await startTestApi({ ports: { dispatcher: (event) => dispatch(event) } });
  admin = await api.as('admin');
  const puts: [string, unknown][] = [
    ['/settings', { timezone: 'Europe/Oslo', defaultCurrency: 'EUR', paceTolerancePercent: 5, stopRollupDaysAfterEnd: 800 }],
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/units/team', { name: 'Team', kind: 'team', parentId: 'org' }],
    ['/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'team' }] }],
    ['/users/bob', { name: 'Bob', role: 'member', memberships: [{ unitId: 'team' }] }],
  ];
  for (const [path, body] of puts) expect((await admin.put(path, body)).status).toBeLessThan(300);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'rev' })).status).toBe(201);
  const deal = (id: string, ownerId: string, status: string, amount: string, date: string, currency = 'EUR') => ({
    recordType: 'deal', id, ownerId, updatedAt: at(date), status, amount, currency, closedAt: at(date), expectedCloseAt: at(date),
  });
  const batch = await admin.post('/records/batch', {
    records: [
      deal('a1', 'ann', 'won', '600.00', `${pastYear}-03-10`),
      deal('a2', 'ann', 'won', '500.00', `${pastYear}-11-10`),
      deal('b1', 'bob', 'won', '250.00', `${pastYear}-05-10`),
      deal('b2', 'bob', 'won', '999.00', `${pastYear}-05-11`, 'USD'),
      deal('b3', 'bob', 'open', '300.00', `${pastYear}-12-20`),
    ],
  });
  expect(batch.body.results.every((r: { status: number }) => r.status === 201)).toBe(true);
  const goal = (id: string, owner: unknown, target: string, extra: Record<string, unknown> = {}) =>
    admin.post('/goals', { id, name: id, metricId: 'rev', owner, period: { start: `${pastYear}-01-01`, end: `${pastYear}-12-31` }, target, ...extra });
  expect((await goal('org-owner', { type: 'organization', id: 'org' }, '2000.00')).status).toBe(201);
  expect((await goal('team-children', { type: 'team', id: 'team' }, '1000.00', { rollupMode: 'children' })).status).toBe(201);
  expect((await goal('ann', { type: 'user', id: 'ann' }, '1000.00', { parentId: 'team-children' })).status).toBe(201);
  expect((await goal('bob', { type: 'user', id: 'bob' }, '1000.00', { parentId: 'team-children' })).status).toBe(201);
  expect((await goal('ann-h1', { type: 'user', id: 'ann' }, '400.00', { parentId: 'ann', period: { start: `${pastYear}-01-01`, end: `${pastYear}-06-30` } })).status).toBe(201);
  expect((await goal('bob-plus', { type: 'user', id: 'bob' }, '100.00', { rollupMode: 'owner_and_children' })).status).toBe(201);
  expect((await goal('bob-plus-child', { type: 'user', id: 'bob' }, '50.00', { parentId: 'bob-plus', period: { start: `${pastYear}-05-01`, end: `${pastYear}-05-31` } })).status).toBe(201);
  expect((await admin.post('/goals', { id: 'ann-now', name: 'Ann this year', metricId: 'rev', owner: { type: 'user', id: 'ann' }, period: { granularity: 'year', anchor: `${year}-01-01` }, target: '1000' })).status).toBe(201);
});
afterAll(async () => {
  await Promise.allSettled(background);
  await workers.stopAll();
  await api.close();
});

describe('before the first rollup', () => {
  it('answers 404 on the read side', async () => {
    expect((await admin.get('/goals/ann/progress')).status).toBe(404);
    expect((await admin.get('/dashboard')).status).toBe(404);
  });
});

describe('a manual rollup', () => {
  let run: Record<string, unknown>;
  beforeAll(async () => {
    run = await rollup(admin);
  });

  it('succeeds with its counts', () => {
    expect(run).toMatchObject({ trigger: 'manual', status: 'succeeded', goalsComputed: 8, recordsRead: 5, skippedRecords: 1, goalId: null });
    expect(typeof run.startedAt).toBe('string');
    expect(typeof run.finishedAt).toBe('string');
  });

  it('computes an owner-mode unit goal from every member’s records, skipping other currencies', async () => {
    const progress = (await admin.get('/goals/org-owner/progress')).body;
    expect(progress).toMatchObject({
      goalId: 'org-owner', runId: run.runId, status: 'missed', target: '2000.00', actual: '1350.00', inProgress: '300.00', custom: null,
      percent: 67.5, stretchPercent: null, remaining: '650.00', milestones: [25, 50], childrenTargetSum: null, childrenTargetMismatch: false,
      skippedRecords: 1, period: { start: `${pastYear}-01-01`, end: `${pastYear}-12-31` },
    });
    expect(progress.pace).toEqual({ expected: '2000.00', status: 'behind', projected: '1350.00' });
  });

  it('sums a children-mode parent from its children only', async () => {
    const progress = (await admin.get('/goals/team-children/progress')).body;
    expect(progress).toMatchObject({ actual: '1350.00', inProgress: '300.00', percent: 135, childrenTargetSum: '2000.00', childrenTargetMismatch: true });
  });

  it('computes owner-mode user goals from the owner’s own records', async () => {
    expect((await admin.get('/goals/ann/progress')).body).toMatchObject({ actual: '1100.00', status: 'achieved', percent: 110, milestones: [25, 50, 75, 100], remaining: '0.00', childrenTargetSum: '400.00', childrenTargetMismatch: true });
    expect((await admin.get('/goals/ann-h1/progress')).body).toMatchObject({ actual: '600.00', percent: 150, milestones: [25, 50, 75, 100, 150], status: 'achieved' });
  });

  it('adds the children to the owner’s own records in owner_and_children mode', async () => {
    // Bob's own 250.00 plus his May child's 250.00.
    expect((await admin.get('/goals/bob-plus/progress')).body).toMatchObject({ actual: '500.00', percent: 500, childrenTargetSum: '50.00' });
  });

  it('gives an active goal its pace from the share of the period elapsed', async () => {
    const progress = (await admin.get('/goals/ann-now/progress')).body;
    expect(progress).toMatchObject({ status: 'active', actual: '0.00', percent: 0, remaining: '1000.00' });
    expect(progress.pace.expected).toBe(expectedPace('1000.00', progress.period, progress.asOf, 'Europe/Oslo'));
    expect(progress.pace.status).toBe('behind');
  });

  it('serves the tree nested, the dashboard and the history from the same run', async () => {
    const tree = (await admin.get('/goals/team-children/tree')).body;
    expect(tree.goalId).toBe('team-children');
    expect(tree.children.map((c: { goalId: string }) => c.goalId).sort()).toEqual(['ann', 'bob']);
    const ann = tree.children.find((c: { goalId: string }) => c.goalId === 'ann');
    expect(ann.children.map((c: { goalId: string; runId: string }) => [c.goalId, c.runId])).toEqual([['ann-h1', run.runId]]);

    const dashboard = (await admin.get('/dashboard?ownerType=user&ownerId=ann')).body;
    expect(dashboard.items.map((g: { goalId: string }) => g.goalId)).toEqual(['ann-now']);
    expect(dashboard.runId).toBe(run.runId);

    const history = (await admin.get('/goals/ann/history')).body;
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ runId: run.runId, actual: '1100.00' });
  });

  it('lists the run first in GET /rollups', async () => {
    const runs = (await admin.get('/rollups')).body.items;
    expect(runs[0].runId).toBe(run.runId);
    const unknown = await admin.get('/rollups/01UNKNOWNRUN');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'not_found', message: 'Run 01UNKNOWNRUN not found' } });
  });
});

describe('the next run', () => {
  it('replaces the results all at once and keeps one history point a day', async () => {
    const before = (await admin.get('/goals/ann/progress')).body;
    await admin.put('/records/deal/a3', { ownerId: 'ann', updatedAt: at(`${pastYear}-06-01`), status: 'won', amount: '100.00', currency: 'EUR', closedAt: at(`${pastYear}-06-01`) });
    const second = await rollup(admin);
    const after = (await admin.get('/goals/ann/progress')).body;
    expect(after.runId).toBe(second.runId);
    expect(after.runId).not.toBe(before.runId);
    expect(after.actual).toBe('1200.00');
    expect((await admin.get('/goals/team-children/progress')).body).toMatchObject({ runId: second.runId, actual: '1450.00' });
    expect((await admin.get('/goals/ann/history')).body.items).toHaveLength(1);
  });
  // Frozen goals (stopRollupDaysAfterEnd) and runs of one hierarchy: test/use-cases/rollups/compute-run.test.ts.
});

describe('POST /rollups', () => {
  it('answers 404 for a goal of another tenant and 403 for a member', async () => {
    const outsider = await api.as('admin', { tenant: uniqueTenant() });
    expect((await outsider.post('/rollups', { goalId: 'ann' })).status).toBe(404);
    expect((await (await api.as('member')).post('/rollups')).status).toBe(403);
    expect((await admin.post('/rollups', { colour: 'red' })).status).toBe(400);
  });

  it('turns ten concurrent triggers into one run', async () => {
    const client = await api.as('admin', { tenant: uniqueTenant('ten') });
    await client.put('/settings', { timezone: 'UTC' });
    // The worker starts only once all ten have answered, so the run is queued throughout.
    const held: RollupEvent[] = [];
    dispatch = async (event) => {
      held.push(event);
    };
    const responses = await Promise.all(Array.from({ length: 10 }, () => client.post('/rollups')));
    dispatch = workers.dispatch;
    expect(held).toHaveLength(1);
    background.push(...held.map((event) => workers.dispatch(event)));
    const runIds = new Set(responses.map((r) => r.body.runId));
    expect(runIds.size).toBe(1);
    expect(responses.filter((r) => r.status === 202)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(9);
    await waitForRun(client, [...runIds][0]!);
    expect((await client.get('/rollups')).body.items).toHaveLength(1);
  });
});
