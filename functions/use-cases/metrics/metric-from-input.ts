import type { z } from 'zod';
import { defaultCurrencyMode, type Metric } from '../../../core/model/metric.ts';
import type { AppPorts } from '../ports.ts';
import type { metricCreateSchema } from './metric-inputs.ts';
import { assertValidMetric } from './metric-rules.ts';
import { metricTemplates } from './templates.ts';

/** A POST /metrics body: a template instance or a full definition. */
export type MetricCreate = z.infer<typeof metricCreateSchema>;

/**
 * The metric a POST /metrics body describes, under `id`, checked against the metric rules (a
 * RequestValidationError naming fields under `at`, e.g. `body.metric` for a preview's body). A
 * template becomes its definition; a money metric without a currency gets the tenant's default
 * currency, and without a currency mode `only`. The one place a body becomes a metric: creating it and previewing it unsaved agree.
 */
export async function metricFromInput(ports: Pick<AppPorts, 'settings'>, tenant: string, input: MetricCreate, id: string, at = 'body'): Promise<Metric> {
  const currencyFor = async (dataType: Metric['dataType']) =>
    dataType === 'money' ? (input.currency ?? (await ports.settings.get(tenant)).defaultCurrency) : (input.currency ?? null);
  let metric: Metric;
  if ('template' in input) {
    const template = metricTemplates.find((t) => t.id === input.template);
    if (!template) throw new Error(`Template ${input.template} is in the schema but not the registry`);
    const { id: _templateId, description: _description, ...definition } = template;
    metric = {
      ...definition,
      id,
      name: input.name ?? template.name,
      currency: await currencyFor(template.dataType),
      currencyMode: input.currencyMode ?? defaultCurrencyMode(template.dataType),
      version: 1,
    };
  } else {
    metric = {
      id,
      name: input.name,
      kind: input.kind,
      dataType: input.dataType,
      currency: await currencyFor(input.dataType),
      currencyMode: input.currencyMode ?? defaultCurrencyMode(input.dataType),
      recordType: input.recordType,
      dateField: input.dateField,
      valueField: input.valueField ?? null,
      actual: input.actual ?? null,
      inProgress: input.inProgress ?? null,
      custom: input.custom ?? null,
      version: 1,
    };
  }
  assertValidMetric(metric, at);
  return metric;
}
