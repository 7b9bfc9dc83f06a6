import type { Metric } from '../../../core/model/metric.ts';
import type { Principal } from '../principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';

/** A metric of the caller's tenant (every role reads metrics); NotFoundError when there is none. */
export async function getMetric(ports: Pick<AppPorts, 'metrics'>, principal: Principal, id: string): Promise<Metric> {
  const metric = await ports.metrics.get(principal.tenant, id);
  if (!metric) throw new NotFoundError(`Metric ${id} not found`);
  return metric;
}
