import type { Metric } from '../../../core/model/metric.ts';
import { ConflictError, VersionConflictError } from '../../../functions/shared/errors.ts';
import type { MetricStore } from '../../../functions/use-cases/metrics/ports.ts';

/**
 * Metrics in memory, with functions/store/metric-repository.ts's semantics: a create under a taken
 * id is a ConflictError, an update or delete at another version than the stored one (or of nothing)
 * a VersionConflictError, lists run in id order (the sort key's) with the last id as position, and
 * every metric goes in and comes out as a copy.
 */
export function memoryMetrics(): MetricStore {
  const tenants = new Map<string, Map<string, Metric>>();
  const of = (tenant: string) => tenants.get(tenant) ?? tenants.set(tenant, new Map()).get(tenant)!;
  const sorted = (tenant: string) => [...of(tenant).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const atVersion = (tenant: string, id: string, expectedVersion: number) => {
    if (of(tenant).get(id)?.version !== expectedVersion) throw new VersionConflictError(`Metric ${id} changed since it was read`);
  };
  return {
    get: async (tenant, id) => structuredClone(of(tenant).get(id)),
    async list(tenant, limit, cursor) {
      const rest = sorted(tenant).filter((metric) => cursor === undefined || metric.id > cursor);
      const items = rest.slice(0, limit).map((metric) => structuredClone(metric));
      return { items, nextCursor: rest.length > limit ? items[items.length - 1]!.id : null };
    },
    all: async (tenant) => sorted(tenant).map((metric) => structuredClone(metric)),
    async create(tenant, metric) {
      if (of(tenant).has(metric.id)) throw new ConflictError(`Metric ${metric.id} already exists`);
      of(tenant).set(metric.id, structuredClone(metric));
    },
    async update(tenant, metric, expectedVersion) {
      atVersion(tenant, metric.id, expectedVersion);
      of(tenant).set(metric.id, structuredClone(metric));
    },
    async delete(tenant, id, expectedVersion) {
      atVersion(tenant, id, expectedVersion);
      of(tenant).delete(id);
    },
  };
}
