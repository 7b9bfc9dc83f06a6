import { metricSchema, type Metric } from '../../core/model/metric.ts';
import type { MetricStore } from '../use-cases/metrics/ports.ts';
import { parseItem } from './items.ts';
import { metricKey, tenantPk } from './keys.ts';
import { queryAll, queryPage } from './query-pages.ts';
import { getEntity } from './entity-reads.ts';
import { deleteVersioned, putNew, putVersioned } from './versioned-writes.ts';

const metricsQuery = (tenant: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(tenant), ':prefix': 'metric#' },
});
/** A stored metric item, parsed with the domain model (a StoredItemError when it does not match). */
const metricOf = (item: Record<string, unknown>): Metric => parseItem(metricSchema, item);
const toItem = (tenant: string, metric: Metric) => ({ ...metricKey(tenant, metric.id), entity: 'metric', ...metric });

export const metricRepository: MetricStore = {
  get: (tenant, id) => getEntity(metricKey(tenant, id), metricSchema),
  list: (tenant, limit, cursor) =>
    queryPage(metricsQuery(tenant), { limit, cursor, tenantPrefix: tenantPk(tenant) }, metricOf),
  all: (tenant) => queryAll(metricsQuery(tenant), metricOf),
  create: (tenant, metric) => putNew(toItem(tenant, metric), `Metric ${metric.id}`),
  update: (tenant, metric, expectedVersion) => putVersioned(toItem(tenant, metric), expectedVersion, `Metric ${metric.id}`),
  delete: (tenant, id, expectedVersion) => deleteVersioned(metricKey(tenant, id), expectedVersion, `Metric ${id}`),
};
