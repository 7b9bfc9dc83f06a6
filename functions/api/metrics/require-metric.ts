import { metricRepository } from '../../store/metric-repository.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Metric } from '../../../core/model/metric.ts';

export async function requireMetric(tenant: string, id: string): Promise<Metric> {
  const metric = await metricRepository.get(tenant, id);
  if (!metric) throw new NotFoundError(`Metric ${id} not found`);
  return metric;
}
