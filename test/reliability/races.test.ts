import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudPorts } from '../../functions/cloud-ports.ts';
import type { RollupDispatcher } from '../../functions/use-cases/rollups/ports.ts';
import { runRollup } from '../../functions/use-cases/rollups/run-rollup.ts';
import type { RollupEvent } from '../../functions/use-cases/rollups/rollup-event.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';

let api: TestApi;
/** Where POST /rollups hands its runs (a test replaces it). */
let dispatch: RollupDispatcher = async () => undefined;
let admin: ApiClient;

const sum = (targets: string[]) => targets.reduce((total, t) => total + BigInt(t.replace('.', '')), 0n);
const shuffled = <T>(items: readonly T[]): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

beforeAll(async () => {
  api = await startTestApi({ ports: { dispatcher: (event) => dispatch(event) } });
  admin = await api.as('admin');
  const puts: [string, unknown][] = [
    ['/settings', { timezone: 'UTC', stopRollupDaysAfterEnd: 3650 }],
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'org' }] }],
    ['/users/bob', { name: 'Bob', role: 'member', memberships: [{ unitId: 'org' }] }],
    ['/users/cat', { name: 'Cat', role: 'member', memberships: [{ unitId: 'org' }] }],
  ];
  for (const [path, body] of puts) expect((await admin.put(path, body)).status).toBeLessThan(300);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'rev' })).status).toBe(201);
});
afterAll(async () => {
  await api.close();
});

describe('50 concurrent POST /rollups', () => {
  it('start exactly one run, and every caller is told its id', async () => {
    const dispatched: RollupEvent[] = [];
    dispatch = async (event) => {
      dispatched.push(event);
    };
    const answers = await Promise.all(Array.from({ length: 50 }, () => admin.post('/rollups')));

    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(49);
    const runIds = new Set(answers.map((a) => a.body.runId));
    expect(runIds.size).toBe(1);
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]).toMatchObject({ kind: 'manual', runId: [...runIds][0] });

    const outcome = await runRollup(cloudPorts(), dispatched[0]!);
    expect(outcome.outcome).toBe('succeeded');
    const runs = (await admin.get('/rollups')).body.items;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runId: [...runIds][0], status: 'succeeded' });
  });
});

describe('20 concurrent PATCH of one goal with the same If-Match', () => {
  it('let exactly one win (200) and refuse nineteen (412)', async () => {
    const goal = { id: 'g-patch-race', name: 'Race', metricId: 'rev', owner: { type: 'user', id: 'ann' }, period: { start: '2025-01-01', end: '2025-12-31' }, target: '100.00' };
    expect((await admin.post('/goals', goal)).status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => admin.patch('/goals/g-patch-race', { name: `writer-${i}`, target: 1000 + i }, { 'if-match': '"1"' })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(412)]);
    expect(answers.filter((a) => a.status === 412).every((a) => a.body.error.code === 'precondition_failed')).toBe(true);

    const winner = answers.find((a) => a.status === 200)!.body;
    const stored = (await admin.get('/goals/g-patch-race')).body;
    expect(stored).toMatchObject({ version: 2, name: winner.name, target: winner.target });
  });
});

describe('concurrent upserts of one record with different updatedAt', () => {
  it('keep the newest whatever the arrival order', async () => {
    for (let round = 0; round < 5; round++) {
      const id = `race-${round}`;
      const versions = Array.from({ length: 12 }, (_, i) => ({
        ownerId: 'ann',
        updatedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
        status: 'won',
        amount: `${i + 1}.00`,
        currency: 'EUR',
        closedAt: '2025-02-01T00:00:00Z',
      }));
      const answers = await Promise.all(shuffled(versions).map((body) => admin.put(`/records/deal/${id}`, body)));
      expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);

      const stored = (await admin.get(`/records/deal/${id}`)).body;
      expect(stored).toMatchObject({ updatedAt: versions[11]!.updatedAt, amount: '12.00' });
      const newestAnswer = answers[0] && answers.find((a) => a.body.updatedAt === versions[11]!.updatedAt && a.body.applied === true);
      expect(newestAnswer).toBeDefined();
    }
  });

  it('keep the newest in a batch racing single PUTs', async () => {
    const at = (second: number) => new Date(Date.UTC(2025, 0, 2, 0, 0, second)).toISOString();
    const fields = { ownerId: 'bob', status: 'open', currency: 'EUR', closedAt: '2025-02-01T00:00:00Z' };
    const writes = [
      admin.post('/records/batch', { records: [{ recordType: 'deal', id: 'race-batch', ...fields, updatedAt: at(30), amount: '30.00' }] }),
      ...shuffled([10, 20, 40, 5]).map((s) => admin.put('/records/deal/race-batch', { ...fields, updatedAt: at(s), amount: `${s}.00` })),
    ];
    const answers = await Promise.all(writes);
    expect(answers.every((a) => a.status < 300)).toBe(true);
    expect((await admin.get('/records/deal/race-batch')).body).toMatchObject({ updatedAt: at(40), amount: '40.00' });
  });
});

describe('a cascade racing an edit of its parent', () => {
  it('leaves children that sum to the target they were computed from, or fails cleanly', async () => {
    const assignees = ['ann', 'bob', 'cat'].map((id) => ({ owner: { type: 'user', id } }));
    const outcomes = { cascadeWon: 0, cascadeRefused: 0 };
    const editDelaysMs = [0, 5, 10, 20, 40, 80, 150, 300];
    for (let round = 0; round < editDelaysMs.length; round++) {
      const id = `cascade-race-${round}`;
      const created = await admin.post('/goals', { id, name: id, metricId: 'rev', owner: { type: 'organization', id: 'org' }, period: { start: '2025-01-01', end: '2025-12-31' }, target: '1000.00' });
      expect(created.status).toBe(201);
      // The edit leaves later each round, so it lands before, inside and after the cascade's writes.
      const edit = async () => {
        await new Promise((resolve) => setTimeout(resolve, editDelaysMs[round]));
        return admin.patch(`/goals/${id}`, { target: '2000.01' }, { 'if-match': '"1"' });
      };
      const [cascaded, edited] = await Promise.all([admin.post(`/goals/${id}/cascade`, { method: 'equal', assignees }), edit()]);

      expect(edited.status).toBe(200);
      expect([200, 409, 412]).toContain(cascaded.status);
      const children = (await admin.get(`/goals?parentId=${id}`)).body.items as { target: string }[];
      if (cascaded.status === 200) {
        outcomes.cascadeWon++;
        // Computed from the old or the new target — never a mix of both.
        const total = sum(children.map((c) => c.target));
        expect([100000n, 200001n]).toContain(total);
        expect(sum(cascaded.body.items.map((c: { target: string }) => c.target))).toBe(total);
        expect(children).toHaveLength(3);
      } else {
        outcomes.cascadeRefused++;
        expect(cascaded.body.error.code).toMatch(/^(conflict|precondition_failed)$/);
        expect(children).toEqual([]);
      }
    }
    expect(outcomes.cascadeWon + outcomes.cascadeRefused).toBe(editDelaysMs.length);
    console.info(`cascade vs. edit: ${outcomes.cascadeWon} cascades applied, ${outcomes.cascadeRefused} refused`);
  });
});
