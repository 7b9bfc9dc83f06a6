import type { Metric } from '../../core/model/metric.ts';
import { entityOf } from './items.ts';
import { metricKey, tenantPk } from './keys.ts';
import { queryAll, queryPage, type Page } from './query-pages.ts';
import { getEntity } from './entity-reads.ts';
import { deleteVersioned, putNew, putVersioned } from './versioned-writes.ts';

export interface MetricRepository {
  get(tenant: string, id: string): Promise<Metric | undefined>;
  list(tenant: string, limit: number, cursor?: string): Promise<Page<Metric>>;
  all(tenant: string): Promise<Metric[]>;
  /** ConflictError when the id is taken. */
  create(tenant: string, metric: Metric): Promise<void>;
  update(tenant: string, metric: Metric, expectedVersion: number): Promise<void>;
  delete(tenant: string, id: string, expectedVersion: number): Promise<void>;
}

const metricsQuery = (tenant: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(tenant), ':prefix': 'metric#' },
});
const toItem = (tenant: string, metric: Metric) => ({ ...metricKey(tenant, metric.id), entity: 'metric', ...metric });

export const metricRepository: MetricRepository = {
  get: (tenant, id) => getEntity<Metric>(metricKey(tenant, id)),
  list: (tenant, limit, cursor) =>
    queryPage(metricsQuery(tenant), { limit, cursor, tenantPrefix: tenantPk(tenant) }, (item) => entityOf<Metric>(item)),
  all: (tenant) => queryAll(metricsQuery(tenant), (item) => entityOf<Metric>(item)),
  create: (tenant, metric) => putNew(toItem(tenant, metric), `Metric ${metric.id}`),
  update: (tenant, metric, expectedVersion) => putVersioned(toItem(tenant, metric), expectedVersion, `Metric ${metric.id}`),
  delete: (tenant, id, expectedVersion) => deleteVersioned(metricKey(tenant, id), expectedVersion, `Metric ${id}`),
};
