import type { Metric } from '../../../core/model/metric.ts';
import type { Page } from '../ports.ts';

/** The tenant's metrics (functions/store/metric-repository.ts in AWS; test/support/memory/metrics.ts in tests). */
export interface MetricStore {
  get(tenant: string, id: string): Promise<Metric | undefined>;
  /** A page in id order; `cursor` is the store's position where the previous page stopped. */
  list(tenant: string, limit: number, cursor?: string): Promise<Page<Metric>>;
  all(tenant: string): Promise<Metric[]>;
  /** ConflictError when the id is taken. */
  create(tenant: string, metric: Metric): Promise<void>;
  /** VersionConflictError unless the stored metric is at `expectedVersion`. */
  update(tenant: string, metric: Metric, expectedVersion: number): Promise<void>;
  /** VersionConflictError unless the stored metric is at `expectedVersion`. */
  delete(tenant: string, id: string, expectedVersion: number): Promise<void>;
}
