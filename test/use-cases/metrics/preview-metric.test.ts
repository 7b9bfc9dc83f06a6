import { describe, expect, it } from 'vitest';
import type { GoalOwner } from '../../../core/model/goal.ts';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import { createMetric } from '../../../functions/use-cases/metrics/create-metric.ts';
import { previewMetric, previewMetricDefinition } from '../../../functions/use-cases/metrics/preview-metric.ts';
import { memoryPorts } from '../../support/memory/ports.ts';
import { as, problemsAt, tenant, wonDeals } from './metric-fixtures.ts';

const deal = (id: string, status: string, amount: string, closedAt: string) => ({
  recordType: 'deal', id, ownerId: 'u-1', updatedAt: '2026-03-01T00:00:00Z', splits: null, fields: { status, amount, currency: 'USD', closedAt },
});

/** Ports with the revenue metric `won` (USD), the user u-1 and three deals of u-1: two won in 2026 (one deleted), one won in 2025. */
async function withDeals() {
  const ports = memoryPorts();
  await createMetric(ports, as('admin'), { template: 'revenue', id: 'won', currency: 'USD' });
  await ports.users.put(tenant, { id: 'u-1', name: 'Ann', email: null, role: 'member', active: true, zones: [], memberships: [], canLockTargets: false, version: 1 }, 0);
  const nowMs = ports.clock.now();
  for (const record of [deal('d-1', 'won', '100.50', '2026-01-05T10:00:00Z'), deal('d-2', 'won', '7.00', '2025-12-31T10:00:00Z'), deal('d-3', 'won', '50.00', '2026-01-06T10:00:00Z')]) {
    await ports.records.upsert(tenant, record, nowMs);
  }
  await ports.records.delete(tenant, 'deal', 'd-3', nowMs);
  return ports;
}

const owner: GoalOwner = { type: 'user', id: 'u-1' };
const year2026 = { granularity: 'year', anchor: '2026-01-01' } as const;

describe('previewMetric', () => {
  it("computes the metric's values for the owner and period over the live records of its type, storing nothing", async () => {
    // Prepare
    const ports = await withDeals();

    // Act
    const preview = await previewMetric(ports, as('admin'), { metricId: 'won', owner, period: year2026 });

    // Assess
    expect(preview).toMatchObject({
      metricId: 'won',
      owner,
      period: { start: '2026-01-01', end: '2026-12-31' },
      actual: '100.50',
      matchingRecords: 1,
      recordIds: ['d-1'],
      recordsRead: 2,
    });
    expect((await ports.records.get(tenant, 'deal', 'd-1'))?.fields.amount).toBe('100.50');
  });

  it('answers NotFoundError for an unknown metric before ForbiddenError, and refuses members and integrations', async () => {
    // Prepare
    const ports = await withDeals();

    // Act
    const unknown = previewMetric(ports, as('member'), { metricId: 'nope', owner, period: year2026 });
    const member = previewMetric(ports, as('member'), { metricId: 'won', owner, period: year2026 });
    const integration = previewMetric(ports, as('integration'), { metricId: 'won', owner, period: year2026 });

    // Assess
    await expect(unknown).rejects.toThrow(NotFoundError);
    await expect(member).rejects.toThrow(ForbiddenError);
    await expect(integration).rejects.toThrow(ForbiddenError);
  });

  it('answers NotFoundError for an owner not in the tenant, and ForbiddenError for one whose results the caller may not see', async () => {
    // Prepare
    const ports = await withDeals();

    // Act
    const nobody = previewMetric(ports, as('admin'), { metricId: 'won', owner: { type: 'user', id: 'u-nobody' }, period: year2026 });
    const noTeam = previewMetric(ports, as('admin'), { metricId: 'won', owner: { type: 'team', id: 'no-team' }, period: year2026 });
    const notManaged = previewMetric(ports, as('manager'), { metricId: 'won', owner, period: year2026 });

    // Assess
    await expect(nobody).rejects.toThrow(NotFoundError);
    await expect(noTeam).rejects.toThrow(NotFoundError);
    await expect(notManaged).rejects.toThrow(ForbiddenError);
  });
});

describe('previewMetricDefinition', () => {
  it('answers for a template and currency exactly what saving it and previewing it by id answers, with metricId null, storing nothing', async () => {
    // Prepare
    const ports = await withDeals();
    const before = await ports.metrics.all(tenant);

    // Act
    const unsaved = await previewMetricDefinition(ports, as('admin'), { metric: { template: 'revenue', currency: 'USD' }, owner, period: year2026 });

    // Assess
    const saved = await previewMetric(ports, as('admin'), { metricId: 'won', owner, period: year2026 });
    expect(unsaved).toEqual({ ...saved, metricId: null });
    expect(unsaved).toMatchObject({ actual: '100.50', matchingRecords: 1, recordIds: ['d-1'] });
    expect(await ports.metrics.all(tenant)).toEqual(before);
  });

  it('answers for a full definition what the same definition saved answers, its currency rule included', async () => {
    // Prepare
    const ports = await withDeals();
    const definition = { ...wonDeals, currency: 'USD', actual: { where: { all: [{ field: 'status', op: 'eq' as const, value: 'won' }, { field: 'amount', op: 'gt' as const, value: 100 }] } } };
    await createMetric(ports, as('admin'), { id: 'big-wins', ...definition });
    const euros = { ...definition, currency: 'EUR' };

    // Act
    const unsaved = await previewMetricDefinition(ports, as('admin'), { metric: definition, owner, period: year2026 });
    const inEuros = await previewMetricDefinition(ports, as('admin'), { metric: euros, owner, period: year2026 });

    // Assess
    expect(unsaved).toEqual({ ...(await previewMetric(ports, as('admin'), { metricId: 'big-wins', owner, period: year2026 })), metricId: null });
    expect(unsaved).toMatchObject({ actual: '100.50', recordIds: ['d-1'] });
    // Only records in the metric's currency count: the USD deal is skipped for a EUR metric.
    expect(inEuros).toMatchObject({ actual: '0.00', matchingRecords: 0, skippedRecords: 1 });
  });

  it('refuses a definition that breaks the metric rules with the paths of its fields under body.metric', async () => {
    // Prepare
    const ports = await withDeals();

    // Act
    const countOfMoney = previewMetricDefinition(ports, as('admin'), { metric: { ...wonDeals, kind: 'count' }, owner, period: year2026 });
    const noQuery = previewMetricDefinition(ports, as('admin'), { metric: { ...wonDeals, actual: null, valueField: null }, owner, period: year2026 });

    // Assess
    await expect(countOfMoney).rejects.toMatchObject(problemsAt('body.metric.dataType'));
    await expect(noQuery).rejects.toMatchObject(problemsAt('body.metric.valueField', 'body.metric'));
  });

  it('lets those preview who may preview a saved metric: not members or integrations', async () => {
    // Prepare
    const ports = await withDeals();

    for (const role of ['member', 'integration'] as const) {
      // Act
      const preview = previewMetricDefinition(ports, as(role), { metric: { template: 'revenue' }, owner, period: year2026 });

      // Assess
      await expect(preview, role).rejects.toThrow(ForbiddenError);
    }
  });
});
