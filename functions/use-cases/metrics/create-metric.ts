import type { z } from 'zod';
import type { metricCreateSchema } from './metric-inputs.ts';
import type { Metric } from '../../../core/model/metric.ts';
import { admins, assertRole } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { assertValidMetric } from './metric-rules.ts';
import { metricTemplates } from './templates.ts';

/** A POST /metrics body: a template instance or a full definition. */
export type MetricCreate = z.infer<typeof metricCreateSchema>;

export type CreateMetricPorts = Pick<AppPorts, 'metrics' | 'settings' | 'ids' | 'clock'>;

/**
 * Creates a metric from a template of the registry or from a full definition (admins only). A
 * money metric without a currency gets the tenant's default currency; the whole metric must satisfy
 * the metric rules (400); an id in use is a ConflictError (409). New ids are the ids port's.
 */
export async function createMetric(ports: CreateMetricPorts, principal: Principal, input: MetricCreate): Promise<Metric> {
  assertRole(principal, admins, 'create metrics');
  const id = input.id ?? ports.ids.next(ports.clock.now());
  const currencyFor = async (dataType: Metric['dataType']) =>
    dataType === 'money' ? (input.currency ?? (await ports.settings.get(principal.tenant)).defaultCurrency) : (input.currency ?? null);
  let metric: Metric;
  if ('template' in input) {
    const template = metricTemplates.find((t) => t.id === input.template);
    if (!template) throw new Error(`Template ${input.template} is in the schema but not the registry`);
    const { id: _templateId, description: _description, ...definition } = template;
    metric = { ...definition, id, name: input.name ?? template.name, currency: await currencyFor(template.dataType), version: 1 };
  } else {
    metric = {
      id,
      name: input.name,
      kind: input.kind,
      dataType: input.dataType,
      currency: await currencyFor(input.dataType),
      recordType: input.recordType,
      dateField: input.dateField,
      valueField: input.valueField ?? null,
      actual: input.actual ?? null,
      inProgress: input.inProgress ?? null,
      custom: input.custom ?? null,
      version: 1,
    };
  }
  assertValidMetric(metric);
  await ports.metrics.create(principal.tenant, metric);
  return metric;
}
