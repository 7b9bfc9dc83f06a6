import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError } from '../../../functions/shared/errors.ts';
import { createMetric, type MetricCreate } from '../../../functions/use-cases/metrics/create-metric.ts';
import { memoryPorts } from '../../support/memory/ports.ts';
import { as, problemsAt, templateIds, tenant, wonDeals } from './metric-fixtures.ts';

const admin = as('admin');

describe('createMetric', () => {
  it('instantiates the revenue template in the requested currency, at version 1, under a new id from the ids port', async () => {
    // Prepare
    const ports = memoryPorts();

    // Act
    const metric = await createMetric(ports, admin, { template: 'revenue', currency: 'USD' });

    // Assess
    expect(metric).toEqual({
      id: 'id-0001',
      name: 'Revenue',
      kind: 'amount',
      dataType: 'money',
      currency: 'USD',
      currencyMode: 'only',
      recordType: 'deal',
      dateField: 'closedAt',
      valueField: 'amount',
      actual: { where: { field: 'status', op: 'eq', value: 'won' } },
      inProgress: { where: { field: 'status', op: 'eq', value: 'open' }, dateField: 'expectedCloseAt' },
      custom: null,
      version: 1,
    });
    expect(await ports.metrics.get(tenant, 'id-0001')).toEqual(metric);
  });

  it("gives a money template the tenant's default currency when none is asked for", async () => {
    // Prepare
    const ports = memoryPorts();
    const { version, ...settings } = await ports.settings.get(tenant);
    await ports.settings.put(tenant, { ...settings, defaultCurrency: 'GBP' }, version);

    // Act
    const metric = await createMetric(ports, admin, { template: 'confirmed-sales' });

    // Assess
    expect(metric).toMatchObject({ kind: 'amount', dataType: 'money', currency: 'GBP', recordType: 'sale' });
  });

  it('instantiates every template of the registry; count templates are integers without a currency', async () => {
    // Prepare
    const ports = memoryPorts();

    for (const template of templateIds) {
      // Act
      const metric = await createMetric(ports, admin, { template, id: `m-${template}` });

      // Assess
      expect(metric.id).toBe(`m-${template}`);
      if (metric.kind === 'count') expect(metric, template).toMatchObject({ dataType: 'integer', currency: null });
    }
    expect((await ports.metrics.all(tenant)).map((m) => m.id)).toEqual(templateIds.map((t) => `m-${t}`).sort());
  });

  it('takes a template with its own id and name', async () => {
    // Act
    const metric = await createMetric(memoryPorts(), admin, { template: 'pipeline-value', id: 'pipeline', name: 'Open pipeline', currency: 'JPY' });

    // Assess
    expect(metric).toMatchObject({ id: 'pipeline', name: 'Open pipeline', currency: 'JPY', dateField: null, kind: 'amount' });
  });

  it('creates a metric from a full definition, filling the optional queries with null', async () => {
    // Act
    const metric = await createMetric(memoryPorts(), admin, { id: 'won', ...wonDeals });

    // Assess
    expect(metric).toEqual({ id: 'won', ...wonDeals, currencyMode: 'only', inProgress: null, custom: null, version: 1 });
  });

  it('gives a money metric the currency mode "only" unless "convert" is asked for, and other data types none', async () => {
    // Prepare
    const ports = memoryPorts();

    // Act
    const template = await createMetric(ports, admin, { template: 'revenue', id: 'rev', currency: 'USD' });
    const converting = await createMetric(ports, admin, { template: 'pipeline-value', id: 'pipe', currencyMode: 'convert' });
    const defined = await createMetric(ports, admin, { id: 'won', ...wonDeals, currencyMode: 'convert' });
    const nullMode = await createMetric(ports, admin, { id: 'won-null', ...wonDeals, currencyMode: null });
    const count = await createMetric(ports, admin, { template: 'deal-count', id: 'deals' });

    // Assess
    expect([template, converting, defined, nullMode, count].map((m) => [m.id, m.currencyMode])).toEqual([
      ['rev', 'only'],
      ['pipe', 'convert'],
      ['won', 'convert'],
      ['won-null', 'only'],
      ['deals', null],
    ]);
    expect(await ports.metrics.get(tenant, 'pipe')).toEqual(converting);
  });

  it('creates count and decimal metrics without a currency', async () => {
    // Prepare
    const ports = memoryPorts();

    // Act
    const count = await createMetric(ports, admin, {
      name: 'Calls',
      kind: 'count',
      dataType: 'integer',
      recordType: 'activity',
      dateField: 'completedAt',
      actual: { where: { field: 'type', op: 'in', value: ['call', 'video-call'] } },
    });
    const decimal = await createMetric(ports, admin, {
      name: 'Hours logged',
      kind: 'amount',
      dataType: 'decimal',
      recordType: 'timesheet',
      dateField: null,
      valueField: 'hours',
      custom: {},
    });

    // Assess
    expect(count).toMatchObject({ kind: 'count', dataType: 'integer', currency: null, valueField: null });
    expect(decimal).toMatchObject({ dataType: 'decimal', currency: null, dateField: null, custom: {} });
  });

  it('refuses a duplicate id with a ConflictError and keeps the stored metric', async () => {
    // Prepare
    const ports = memoryPorts();
    const stored = await createMetric(ports, admin, { id: 'won', ...wonDeals });

    // Act
    const fromDefinition = createMetric(ports, admin, { id: 'won', ...wonDeals, name: 'Other' });
    const fromTemplate = createMetric(ports, admin, { template: 'deal-count', id: 'won' });

    // Assess
    await expect(fromDefinition).rejects.toThrow(ConflictError);
    await expect(fromTemplate).rejects.toThrow(ConflictError);
    expect(await ports.metrics.get(tenant, 'won')).toEqual(stored);
  });

  it('refuses what breaks the rules a whole metric must satisfy, naming the field, and stores nothing', async () => {
    // Prepare
    const ports = memoryPorts();
    const cases: [string, Record<string, unknown>, string][] = [
      ['a count that is not an integer', { ...wonDeals, kind: 'count' }, 'body.dataType'],
      ['an amount without a value field', { ...wonDeals, valueField: null }, 'body.valueField'],
      ['a currency on an integer metric', { ...wonDeals, dataType: 'integer', currency: 'EUR' }, 'body.currency'],
      ['no query at all', { ...wonDeals, actual: null }, 'body'],
      ['a currency for a count template', { template: 'deal-count', currency: 'USD' }, 'body.currency'],
      ['a currency mode on a decimal metric', { ...wonDeals, dataType: 'decimal', currency: null, currencyMode: 'convert' }, 'body.currencyMode'],
      ['a currency mode for a count template', { template: 'deal-count', currencyMode: 'only' }, 'body.currencyMode'],
    ];

    for (const [what, input, path] of cases) {
      // Act
      const created = createMetric(ports, admin, input as MetricCreate);

      // Assess
      await expect(created, what).rejects.toMatchObject(problemsAt(path));
    }
    expect(await ports.metrics.all(tenant)).toEqual([]);
  });

  it('lets only admins create metrics, integration included among the refused', async () => {
    // Prepare
    const ports = memoryPorts();

    for (const role of ['manager', 'member', 'integration'] as const) {
      // Act
      const created = createMetric(ports, as(role), { template: 'revenue' });

      // Assess
      await expect(created, role).rejects.toThrow(ForbiddenError);
    }
    expect(await ports.metrics.all(tenant)).toEqual([]);
  });
});
