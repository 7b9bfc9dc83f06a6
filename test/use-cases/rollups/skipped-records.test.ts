import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../../core/model/record-input.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';
import { listSkippedRecords } from '../../../functions/use-cases/rollups/list-skipped-records.ts';
import { runRollup } from '../../../functions/use-cases/rollups/run-rollup.ts';
import { triggerRollup } from '../../../functions/use-cases/rollups/trigger-rollup.ts';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import { arrayRecords } from '../../support/memory/array-records.ts';
import { memoryPorts } from '../../support/memory/ports.ts';
import { goal, metric, year } from './deal-count-fixtures.ts';

/**
 * A full run keeps the records it skipped under the run; a definition change's recomputation does
 * not. In memory, on the manual clock: a deal count whose date field is `closedAt`, and deals
 * whose close date cannot be read.
 */
const tenant = 't1';
const as = (role: 'admin' | 'manager' | 'member' | 'integration') => ({ tenant, userId: `u-${role}`, role });
const badDate = (id: string): RecordInput => ({ recordType: 'deal', id, ownerId: 'ann', updatedAt: '2026-01-10T10:00:00Z', fields: { status: 'won', closedAt: 'in the spring' } });
const good: RecordInput = { recordType: 'deal', id: 'good', ownerId: 'ann', updatedAt: '2026-01-10T10:00:00Z', fields: { status: 'won', closedAt: '2026-01-10T10:00:00Z' } };

function setUp(records: RecordInput[], overrides: Partial<AppPorts> = {}) {
  const ports = memoryPorts({
    goals: { all: async () => [goal('g-ann', 'ann')] } as unknown as AppPorts['goals'],
    metrics: { all: async () => [metric] } as unknown as AppPorts['metrics'],
    recordPages: arrayRecords(records).recordPages,
    ...overrides,
  });
  return ports;
}

async function fullRun(ports: AppPorts) {
  const { runId } = await triggerRollup(ports, tenant, null);
  const outcome = await runRollup(ports, { kind: 'manual', tenant, runId });
  expect(outcome.outcome).toBe('succeeded');
  return runId;
}

describe('a full run’s skipped records', () => {
  it('are stored under the run, with reason, detail, metric and goals, and the run says how many it kept', async () => {
    // Prepare
    const ports = setUp([good, badDate('d-1')]);

    // Act
    const runId = await fullRun(ports);

    // Assess
    expect(await listSkippedRecords(ports, as('admin'), runId, { limit: 10 })).toEqual({
      items: [{ recordType: 'deal', id: 'd-1', reason: 'bad_date', detail: 'closedAt "in the spring" is not a date', metricId: 'deals', goalIds: [] }],
      nextCursor: null,
    });
    expect(await ports.runs.getRun(tenant, runId)).toMatchObject({ status: 'succeeded', skippedRecords: 1, skippedRecordsListed: 1, skippedRecordsTruncated: false });
  });

  it('are kept up to the limit, the run saying there were more', async () => {
    const ports = setUp([good, ...['d-1', 'd-2', 'd-3', 'd-4', 'd-5'].map(badDate)], { skippedListLimit: 2 });
    const runId = await fullRun(ports);
    const { items } = await listSkippedRecords(ports, as('integration'), runId, { limit: 10 });
    expect(items.map((s) => s.id)).toEqual(['d-1', 'd-2']);
    expect(await ports.runs.getRun(tenant, runId)).toMatchObject({ skippedRecords: 5, skippedRecordsListed: 2, skippedRecordsTruncated: true });
  });

  it('are listed a page at a time', async () => {
    const ports = setUp(['d-1', 'd-2', 'd-3'].map(badDate));
    const runId = await fullRun(ports);
    const first = await listSkippedRecords(ports, as('admin'), runId, { limit: 2 });
    expect(first.items.map((s) => s.id)).toEqual(['d-1', 'd-2']);
    const second = await listSkippedRecords(ports, as('admin'), runId, { limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ id: 'd-3' }], nextCursor: null });
  });

  it('do not fail a run whose results are published when they cannot be stored: the run says it kept none', async () => {
    const ports = setUp([badDate('d-1')]);
    const failing = { ...ports, skipped: { ...ports.skipped, put: async () => Promise.reject(new Error('injected')) } };
    const runId = await fullRun(failing);
    expect(await ports.runs.getRun(tenant, runId)).toMatchObject({ status: 'succeeded', skippedRecords: 1, skippedRecordsListed: 0 });
  });

  it('are not stored by a definition change’s recomputation', async () => {
    const puts: string[] = [];
    const ports = setUp([badDate('d-1')]);
    const watched = { ...ports, skipped: { ...ports.skipped, put: async (_t: string, run: { runId: string }) => void puts.push(run.runId) } };
    await ports.runs.requestRecompute(tenant, { all: true }, ports.clock.now());
    expect(await runRollup(watched, { kind: 'recompute', tenant })).toMatchObject({ outcome: 'recomputed' });
    expect(puts).toEqual([]);
    // It did compute (and count the record as skipped in the goal's values).
    expect(await ports.results.get(tenant, 'g-ann')).toMatchObject({ skipped: 0, basis: { period: year } });
  });
});

describe('listSkippedRecords', () => {
  it('answers 404 for an unknown run before 403 for a role that may not read records', async () => {
    const ports = setUp([badDate('d-1')]);
    const runId = await fullRun(ports);
    await expect(listSkippedRecords(ports, as('member'), 'no-such-run', { limit: 10 })).rejects.toThrow(NotFoundError);
    for (const role of ['manager', 'member'] as const) await expect(listSkippedRecords(ports, as(role), runId, { limit: 10 })).rejects.toThrow(ForbiddenError);
    await expect(listSkippedRecords(ports, { ...as('admin'), tenant: 'other' }, runId, { limit: 10 })).rejects.toThrow(NotFoundError);
  });
});
