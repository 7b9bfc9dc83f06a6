import type { Metric } from '../../../core/model/metric.ts';
import { admins, assertRole } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { metricFromInput, type MetricCreate } from './metric-from-input.ts';

export type { MetricCreate };

export type CreateMetricPorts = Pick<AppPorts, 'metrics' | 'settings' | 'ids' | 'clock'>;

/**
 * Creates a metric from a template of the registry or from a full definition (admins only). A
 * money metric without a currency gets the tenant's default currency; the whole metric must satisfy
 * the metric rules (400); an id in use is a ConflictError (409). New ids are the ids port's.
 */
export async function createMetric(ports: CreateMetricPorts, principal: Principal, input: MetricCreate): Promise<Metric> {
  assertRole(principal, admins, 'create metrics');
  const metric = await metricFromInput(ports, principal.tenant, input, input.id ?? ports.ids.next(ports.clock.now()));
  await ports.metrics.create(principal.tenant, metric);
  return metric;
}
