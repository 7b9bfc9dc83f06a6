import { storedMetricSchema, type Metric } from '../../core/model/metric.ts';
import type { MetricStore } from '../use-cases/metrics/ports.ts';
import { metricKey } from './keys.ts';
import { tenantEntities } from './query-pages.ts';
import { getEntity } from './entity-reads.ts';
import { deleteVersioned, putNew, putVersioned } from './versioned-writes.ts';

/** Stored metric items, each parsed with the domain model (a StoredItemError when one does not match). */
const metrics = tenantEntities('metric', storedMetricSchema);
const toItem = (tenant: string, metric: Metric) => ({ ...metricKey(tenant, metric.id), entity: 'metric', ...metric });

export const metricRepository: MetricStore = {
  get: (tenant, id) => getEntity(metricKey(tenant, id), storedMetricSchema),
  list: metrics.list,
  all: metrics.all,
  create: (tenant, metric) => putNew(toItem(tenant, metric), `Metric ${metric.id}`),
  update: (tenant, metric, expectedVersion) => putVersioned(toItem(tenant, metric), expectedVersion, `Metric ${metric.id}`),
  delete: (tenant, id, expectedVersion) => deleteVersioned(metricKey(tenant, id), expectedVersion, `Metric ${id}`),
};
