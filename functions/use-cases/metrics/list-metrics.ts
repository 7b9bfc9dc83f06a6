import type { Metric } from '../../../core/model/metric.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts, Page } from '../ports.ts';

/** A page of the caller's tenant's metrics, in id order; `cursor` is where the previous page stopped. */
export async function listMetrics(
  ports: Pick<AppPorts, 'metrics'>,
  principal: Principal,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Metric>> {
  return ports.metrics.list(principal.tenant, page.limit, page.cursor);
}
