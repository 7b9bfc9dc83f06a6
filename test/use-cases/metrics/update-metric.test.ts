import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { createMetric, type MetricCreate } from '../../../functions/use-cases/metrics/create-metric.ts';
import { updateMetric } from '../../../functions/use-cases/metrics/update-metric.ts';
import { memoryPorts } from '../../support/memory/ports.ts';
import { as, problemsAt, tenant, wonDeals } from './metric-fixtures.ts';

const admin = as('admin');

/** Ports with the metric `won` (money, EUR) at version 1. */
async function withMetric() {
  const ports = memoryPorts();
  const metric = await createMetric(ports, admin, { id: 'won', ...wonDeals });
  return { ports, metric };
}

describe('updateMetric', () => {
  it('changes the given fields, keeps the others, and raises the version', async () => {
    // Prepare
    const { ports, metric } = await withMetric();
    const inProgress = { where: { field: 'status', op: 'eq' as const, value: 'open' }, dateField: 'expectedCloseAt' };

    // Act
    const updated = await updateMetric(ports, admin, { id: 'won', patch: { name: 'Won deals', inProgress } });

    // Assess
    expect(updated).toEqual({ ...metric, name: 'Won deals', inProgress, version: 2 });
    expect(await ports.metrics.get(tenant, 'won')).toEqual(updated);
  });

  it('accepts kind, dataType and currency when they repeat the stored values', async () => {
    // Prepare
    const { ports } = await withMetric();

    // Act
    const updated = await updateMetric(ports, admin, { id: 'won', patch: { kind: 'amount', dataType: 'money', currency: 'EUR', name: 'Same type' } });

    // Assess
    expect(updated).toMatchObject({ name: 'Same type', version: 2 });
  });

  it('refuses a change of kind, dataType or currency with a ConflictError and keeps the metric', async () => {
    // Prepare
    const { ports, metric } = await withMetric();
    const patches = [
      { kind: 'count', dataType: 'integer', currency: null, valueField: null },
      { dataType: 'decimal', currency: null },
      { currency: 'USD' },
      { name: 'Renamed', currency: 'USD' },
    ] as const;

    for (const patch of patches) {
      // Act
      const updated = updateMetric(ports, admin, { id: 'won', patch });

      // Assess
      await expect(updated, JSON.stringify(patch)).rejects.toThrow(ConflictError);
    }
    expect(await ports.metrics.get(tenant, 'won')).toEqual(metric);
  });

  it("changes a money metric's currency mode both ways (it is no type: goals keep their meaning), at the next version", async () => {
    // Prepare
    const { ports, metric } = await withMetric();

    // Act
    const converting = await updateMetric(ports, admin, { id: 'won', patch: { currencyMode: 'convert' } });
    const back = await updateMetric(ports, admin, { id: 'won', patch: { currencyMode: 'only' }, expectedVersion: 2 });

    // Assess
    expect(metric.currencyMode).toBe('only');
    expect(converting).toEqual({ ...metric, currencyMode: 'convert', version: 2 });
    expect(back).toEqual({ ...metric, currencyMode: 'only', version: 3 });
    expect(await ports.metrics.get(tenant, 'won')).toEqual(back);
  });

  it('refuses a currency mode on a metric other than money, and none on a money metric, keeping both', async () => {
    // Prepare
    const { ports, metric } = await withMetric();
    const count = await createMetric(ports, admin, { template: 'deal-count', id: 'deals' });

    // Act
    const onCount = updateMetric(ports, admin, { id: 'deals', patch: { currencyMode: 'convert' } });
    const noneOnMoney = updateMetric(ports, admin, { id: 'won', patch: { currencyMode: null } });

    // Assess
    await expect(onCount).rejects.toMatchObject(problemsAt('body.currencyMode'));
    await expect(noneOnMoney).rejects.toMatchObject(problemsAt('body.currencyMode'));
    expect(await ports.metrics.get(tenant, 'deals')).toEqual(count);
    expect(await ports.metrics.get(tenant, 'won')).toEqual(metric);
  });

  it('refuses a result that breaks the metric rules and keeps the metric', async () => {
    // Prepare
    const { ports, metric } = await withMetric();

    // Act
    const noValueField = updateMetric(ports, admin, { id: 'won', patch: { valueField: null } });
    const noQuery = updateMetric(ports, admin, { id: 'won', patch: { actual: null } });

    // Assess
    await expect(noValueField).rejects.toMatchObject(problemsAt('body.valueField'));
    await expect(noQuery).rejects.toMatchObject(problemsAt('body'));
    expect(await ports.metrics.get(tenant, 'won')).toEqual(metric);
  });

  it('honours a matching expected version and refuses a stale one with a VersionConflictError', async () => {
    // Prepare
    const { ports } = await withMetric();
    const first = await updateMetric(ports, admin, { id: 'won', patch: { name: 'First rename' }, expectedVersion: 1 });

    // Act
    const stale = updateMetric(ports, admin, { id: 'won', patch: { name: 'Second rename' }, expectedVersion: 1 });

    // Assess
    expect(first.version).toBe(2);
    await expect(stale).rejects.toThrow(VersionConflictError);
    expect(await ports.metrics.get(tenant, 'won')).toEqual(first);
  });

  it("answers NotFoundError for an unknown id and another tenant's metric, to any role, before ForbiddenError", async () => {
    // Prepare
    const { ports, metric } = await withMetric();

    // Act
    const unknown = updateMetric(ports, admin, { id: 'nope', patch: { name: 'Nope' } });
    const foreign = updateMetric(ports, as('admin', 'other-tenant'), { id: 'won', patch: { name: 'Hijacked' } });
    const memberUnknown = updateMetric(ports, as('member'), { id: 'nope', patch: { name: 'Nope' } });

    // Assess
    await expect(unknown).rejects.toThrow(NotFoundError);
    await expect(foreign).rejects.toThrow(NotFoundError);
    await expect(memberUnknown).rejects.toThrow(NotFoundError);
    expect(await ports.metrics.get(tenant, 'won')).toEqual(metric);
    expect(await ports.metrics.get('other-tenant', 'won')).toBeUndefined();
  });

  it('lets only admins change a metric', async () => {
    // Prepare
    const { ports, metric } = await withMetric();

    for (const role of ['manager', 'member', 'integration'] as const) {
      // Act
      const updated = updateMetric(ports, as(role), { id: 'won', patch: { name: 'Mine' } });

      // Assess
      await expect(updated, role).rejects.toThrow(ForbiddenError);
    }
    expect(await ports.metrics.get(tenant, 'won')).toEqual(metric);
  });
});
