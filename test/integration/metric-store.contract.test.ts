/**
 * The MetricStore port's contract, proven against the DynamoDB repository (DynamoDB Local) and the
 * in-memory store the use-case tests run on, so the two cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import type { Metric } from '../../core/model/metric.ts';
import { ConflictError, VersionConflictError } from '../../functions/shared/errors.ts';
import { metricRepository } from '../../functions/store/metric-repository.ts';
import type { MetricStore } from '../../functions/use-cases/metrics/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { memoryMetrics } from '../support/memory/metrics.ts';

const metric = (id: string, overrides: Partial<Metric> = {}): Metric => ({
  id, name: 'Revenue', kind: 'amount', dataType: 'money', currency: 'EUR', currencyMode: 'only', recordType: 'deal',
  dateField: 'closedAt', valueField: 'amount', actual: {}, inProgress: null, custom: null, version: 1, ...overrides,
});

describe.each<[string, () => MetricStore]>([
  ['DynamoDB', () => metricRepository],
  ['memory', memoryMetrics],
])('MetricStore (%s)', (_name, store) => {
  it('creates a metric once: the same id again is a ConflictError and keeps the first', async () => {
    const [metrics, tenant] = [store(), uniqueTenant()];
    await metrics.create(tenant, metric('m-1'));
    await expect(metrics.create(tenant, metric('m-1', { name: 'Other' }))).rejects.toThrow(ConflictError);
    expect(await metrics.get(tenant, 'm-1')).toEqual(metric('m-1'));
  });

  it('keeps tenants apart', async () => {
    const [metrics, a, b] = [store(), uniqueTenant(), uniqueTenant()];
    await metrics.create(a, metric('m-1'));
    expect(await metrics.get(b, 'm-1')).toBeUndefined();
    expect(await metrics.all(b)).toEqual([]);
    await metrics.create(b, metric('m-1', { name: 'B' }));
    expect((await metrics.get(a, 'm-1'))?.name).toBe('Revenue');
  });

  it('updates and deletes only at the stored version (VersionConflictError otherwise, or when there is none)', async () => {
    const [metrics, tenant] = [store(), uniqueTenant()];
    await metrics.create(tenant, metric('m-1'));
    await metrics.update(tenant, metric('m-1', { name: 'Renamed', version: 2 }), 1);
    await expect(metrics.update(tenant, metric('m-1', { name: 'Stale', version: 2 }), 1)).rejects.toThrow(VersionConflictError);
    await expect(metrics.delete(tenant, 'm-1', 1)).rejects.toThrow(VersionConflictError);
    await expect(metrics.update(tenant, metric('nope', { version: 2 }), 1)).rejects.toThrow(VersionConflictError);
    await expect(metrics.delete(tenant, 'nope', 1)).rejects.toThrow(VersionConflictError);
    expect(await metrics.get(tenant, 'm-1')).toEqual(metric('m-1', { name: 'Renamed', version: 2 }));
    await metrics.delete(tenant, 'm-1', 2);
    expect(await metrics.get(tenant, 'm-1')).toBeUndefined();
  });

  it('lists in id order, page by page, every metric exactly once', async () => {
    const [metrics, tenant] = [store(), uniqueTenant()];
    const ids = ['m-e', 'm-a', 'm-d', 'm-b', 'm-c'];
    for (const id of ids) await metrics.create(tenant, metric(id));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await metrics.list(tenant, 2, cursor);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].sort());
    expect((await metrics.all(tenant)).map((m) => m.id)).toEqual([...ids].sort());
  });
});
