import { ulid } from 'ulid';
import type { z } from 'zod';
import { settingsRepository } from '../../store/settings-repository.ts';
import type { metricCreateSchema } from './metric-schema.ts';
import type { Metric } from '../../../core/model/metric.ts';
import { assertValidMetric } from './metric-rules.ts';
import { metricTemplates } from './templates.ts';

type MetricCreate = z.infer<typeof metricCreateSchema>;

/** The metric a POST /metrics body describes: a template instance or a full definition. */
export async function buildMetric(tenant: string, body: MetricCreate): Promise<Metric> {
  const id = body.id ?? ulid();
  if ('template' in body) {
    const template = metricTemplates.find((t) => t.id === body.template);
    if (!template) throw new Error(`Template ${body.template} is in the schema but not the registry`);
    const currency = template.dataType === 'money' ? (body.currency ?? (await settingsRepository.get(tenant)).defaultCurrency) : (body.currency ?? null);
    const { id: _templateId, description: _description, ...definition } = template;
    const metric: Metric = { ...definition, id, name: body.name ?? template.name, currency, version: 1 };
    assertValidMetric(metric);
    return metric;
  }
  const currency = body.dataType === 'money' ? (body.currency ?? (await settingsRepository.get(tenant)).defaultCurrency) : (body.currency ?? null);
  const metric: Metric = {
    id,
    name: body.name,
    kind: body.kind,
    dataType: body.dataType,
    currency,
    recordType: body.recordType,
    dateField: body.dateField,
    valueField: body.valueField ?? null,
    actual: body.actual ?? null,
    inProgress: body.inProgress ?? null,
    custom: body.custom ?? null,
    version: 1,
  };
  assertValidMetric(metric);
  return metric;
}
