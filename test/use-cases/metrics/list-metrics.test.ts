import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../functions/shared/errors.ts';
import { createMetric } from '../../../functions/use-cases/metrics/create-metric.ts';
import { getMetric } from '../../../functions/use-cases/metrics/get-metric.ts';
import { listMetrics } from '../../../functions/use-cases/metrics/list-metrics.ts';
import { memoryPorts } from '../../support/memory/ports.ts';
import { as, templateIds } from './metric-fixtures.ts';

describe('listMetrics and getMetric', () => {
  it('are open to every role of the tenant, integration included', async () => {
    // Prepare
    const ports = memoryPorts();
    const metric = await createMetric(ports, as('admin'), { template: 'revenue', id: 'won' });

    for (const role of ['manager', 'member', 'integration'] as const) {
      // Act
      const one = await getMetric(ports, as(role), 'won');
      const list = await listMetrics(ports, as(role), { limit: 50 });

      // Assess
      expect(one, role).toEqual(metric);
      expect(list).toEqual({ items: [metric], nextCursor: null });
    }
  });

  it("hold only the caller's tenant's metrics: another tenant's id is NotFoundError", async () => {
    // Prepare
    const ports = memoryPorts();
    await createMetric(ports, as('admin', 'first'), { template: 'revenue', id: 'won' });
    await createMetric(ports, as('admin', 'second'), { template: 'calls-made', id: 'calls' });

    // Act
    const list = await listMetrics(ports, as('admin', 'second'), { limit: 50 });
    const foreign = getMetric(ports, as('admin', 'second'), 'won');

    // Assess
    expect(list.items.map((m) => m.id)).toEqual(['calls']);
    await expect(foreign).rejects.toThrow(NotFoundError);
  });

  it('pages with limit and cursor, every metric exactly once', async () => {
    // Prepare
    const ports = memoryPorts();
    for (const template of templateIds.slice(0, 5)) await createMetric(ports, as('admin'), { template, id: template });

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMetrics(ports, as('member'), { limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    // Assess
    expect(seen).toEqual([...templateIds.slice(0, 5)].sort());
  });
});
