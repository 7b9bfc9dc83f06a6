import type { z } from 'zod';
import type { metricPatchSchema } from './metric-inputs.ts';
import type { Metric } from '../../../core/model/metric.ts';
import { admins, assertRole } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { ConflictError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';
import { getMetric } from './get-metric.ts';
import { assertValidMetric } from './metric-rules.ts';
import { assertIfMatch } from '../versions.ts';

/** A PATCH /metrics/{id} body: any definition field but the id. */
export type MetricPatch = z.infer<typeof metricPatchSchema>;

/** What a metric's values mean: goals' targets and results were computed in these, so they never change. */
const immutableFields = ['kind', 'dataType', 'currency'] as const;

/**
 * Changes the given fields of a metric (admins only; 404 before 403). `expectedVersion` (If-Match)
 * must be the stored version (VersionConflictError); kind, dataType and currency may only repeat
 * the stored values (ConflictError); a money metric's currency mode may change (its goals are
 * recomputed like after any metric change); the result must satisfy the metric rules. The write is
 * conditional on the version read, so a concurrent change fails it with VersionConflictError.
 */
export async function updateMetric(
  ports: Pick<AppPorts, 'metrics'>,
  principal: Principal,
  input: { id: string; patch: MetricPatch; expectedVersion?: number | undefined },
): Promise<Metric> {
  const current = await getMetric(ports, principal, input.id);
  assertRole(principal, admins, 'change metrics');
  assertIfMatch(input.expectedVersion, current.version, `Metric ${current.id}`);
  for (const field of immutableFields) {
    if (input.patch[field] !== undefined && input.patch[field] !== current[field]) {
      throw new ConflictError(`A metric's ${field} cannot change after creation`);
    }
  }
  const next = { ...current, ...input.patch, version: current.version + 1 } as Metric;
  assertValidMetric(next);
  await ports.metrics.update(principal.tenant, next, current.version);
  return next;
}
