import type { Metric } from '../../core/model/metric.ts';
import type { MetricStore } from '../use-cases/metrics/ports.ts';
import { entityOf } from './items.ts';
import { metricKey, tenantPk } from './keys.ts';
import { queryAll, queryPage, type Page } from './query-pages.ts';
import { getEntity } from './entity-reads.ts';
import { deleteVersioned, putNew, putVersioned } from './versioned-writes.ts';

const metricsQuery = (tenant: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(tenant), ':prefix': 'metric#' },
});
const toItem = (tenant: string, metric: Metric) => ({ ...metricKey(tenant, metric.id), entity: 'metric', ...metric });

export const metricRepository: MetricStore = {
  get: (tenant, id) => getEntity<Metric>(metricKey(tenant, id)),
  list: (tenant, limit, cursor) =>
    queryPage(metricsQuery(tenant), { limit, cursor, tenantPrefix: tenantPk(tenant) }, (item) => entityOf<Metric>(item)),
  all: (tenant) => queryAll(metricsQuery(tenant), (item) => entityOf<Metric>(item)),
  create: (tenant, metric) => putNew(toItem(tenant, metric), `Metric ${metric.id}`),
  update: (tenant, metric, expectedVersion) => putVersioned(toItem(tenant, metric), expectedVersion, `Metric ${metric.id}`),
  delete: (tenant, id, expectedVersion) => deleteVersioned(metricKey(tenant, id), expectedVersion, `Metric ${id}`),
};
