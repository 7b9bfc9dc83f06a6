import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { createMetric, type MetricCreate } from '../../../functions/use-cases/metrics/create-metric.ts';
import { deleteMetric } from '../../../functions/use-cases/metrics/delete-metric.ts';
import { updateMetric } from '../../../functions/use-cases/metrics/update-metric.ts';
import { goalFixture } from '../../support/goal-fixture.ts';
import { memoryPorts } from '../../support/memory/ports.ts';
import { as, tenant, wonDeals } from './metric-fixtures.ts';

const admin = as('admin');

/** Ports with the metric `won` at version 1. */
async function withMetric() {
  const ports = memoryPorts();
  const metric = await createMetric(ports, admin, { id: 'won', ...wonDeals });
  return { ports, metric };
}

describe('deleteMetric', () => {
  it('deletes an unused metric at the expected version', async () => {
    // Prepare
    const { ports } = await withMetric();

    // Act
    await deleteMetric(ports, admin, { id: 'won', expectedVersion: 1 });

    // Assess
    expect(await ports.metrics.all(tenant)).toEqual([]);
  });

  it('refuses while a goal uses the metric (ConflictError), and deletes it once the goal is gone', async () => {
    // Prepare
    const { ports, metric } = await withMetric();
    const goal = goalFixture('g-1', { metricId: 'won' });
    await ports.goals.write(tenant, [{ goal, expectedVersion: 0 }]);

    // Act
    const refused = deleteMetric(ports, admin, { id: 'won' });
    await expect(refused).rejects.toThrow(ConflictError);
    const afterRefusal = await ports.metrics.get(tenant, 'won');
    await ports.goals.delete(tenant, goal);
    await deleteMetric(ports, admin, { id: 'won' });

    // Assess
    expect(afterRefusal).toEqual(metric);
    expect(await ports.metrics.get(tenant, 'won')).toBeUndefined();
  });

  it('refuses a stale expected version with a VersionConflictError and keeps the metric', async () => {
    // Prepare
    const { ports } = await withMetric();
    const renamed = await updateMetric(ports, admin, { id: 'won', patch: { name: 'Renamed' } });

    // Act
    const deleted = deleteMetric(ports, admin, { id: 'won', expectedVersion: 1 });

    // Assess
    await expect(deleted).rejects.toThrow(VersionConflictError);
    expect(await ports.metrics.get(tenant, 'won')).toEqual(renamed);
  });

  it("answers NotFoundError for an unknown id and another tenant's metric, deleting nothing", async () => {
    // Prepare
    const { ports, metric } = await withMetric();

    // Act
    const unknown = deleteMetric(ports, admin, { id: 'nope' });
    const foreign = deleteMetric(ports, as('admin', 'other-tenant'), { id: 'won' });

    // Assess
    await expect(unknown).rejects.toThrow(NotFoundError);
    await expect(foreign).rejects.toThrow(NotFoundError);
    expect(await ports.metrics.get(tenant, 'won')).toEqual(metric);
  });

  it('lets only admins delete a metric', async () => {
    // Prepare
    const { ports, metric } = await withMetric();

    for (const role of ['manager', 'member', 'integration'] as const) {
      // Act
      const deleted = deleteMetric(ports, as(role), { id: 'won' });

      // Assess
      await expect(deleted, role).rejects.toThrow(ForbiddenError);
    }
    expect(await ports.metrics.get(tenant, 'won')).toEqual(metric);
  });
});
