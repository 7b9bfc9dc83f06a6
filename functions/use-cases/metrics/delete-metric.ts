import { admins, assertRole } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { ConflictError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';
import { getMetric } from './get-metric.ts';
import { assertIfMatch } from '../versions.ts';

/**
 * Deletes a metric (admins only; 404 before 403) at the version read, or `expectedVersion`
 * (If-Match). A metric that goals use stays (ConflictError): their targets and results mean it.
 */
export async function deleteMetric(
  ports: Pick<AppPorts, 'metrics' | 'goals'>,
  principal: Principal,
  input: { id: string; expectedVersion?: number | undefined },
): Promise<void> {
  const metric = await getMetric(ports, principal, input.id);
  assertRole(principal, admins, 'delete metrics');
  assertIfMatch(input.expectedVersion, metric.version, `Metric ${metric.id}`);
  if (await ports.goals.hasGoalsForMetric(principal.tenant, metric.id)) {
    throw new ConflictError(`Metric ${metric.id} is used by goals`);
  }
  await ports.metrics.delete(principal.tenant, metric.id, metric.version);
}
