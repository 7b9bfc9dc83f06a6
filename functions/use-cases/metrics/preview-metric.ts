import type { GoalOwner } from '../../../core/model/goal.ts';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { resolvePeriodInput, type PeriodInput } from '../../../core/periods/period-input.ts';
import { previewMetric as computePreview } from '../../../core/rollup/preview-metric.ts';
import { loadAccessScope } from '../access/access-scope.ts';
import { assertMayReadNamedOwner } from '../access/owner-access.ts';
import { assertRole, goalWriters } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { getMetric } from './get-metric.ts';

export type PreviewMetricPorts = Pick<AppPorts, 'metrics' | 'settings' | 'units' | 'users' | 'recordPages' | 'clock'>;

/**
 * `POST /metrics/{id}/preview`: what the metric would measure for an owner over a period, computed
 * by core over the metric's record type (read once) — nothing is stored. The metric must exist
 * (404 first), the caller may write goals (admins and managers), and the owner must exist in the
 * tenant (404) and be one whose results the caller may see (403).
 */
export async function previewMetric(
  ports: PreviewMetricPorts,
  principal: Principal,
  input: { metricId: string; owner: GoalOwner; period: PeriodInput },
) {
  const metric = await getMetric(ports, principal, input.metricId);
  assertRole(principal, goalWriters, 'preview metrics');
  await assertMayReadNamedOwner(await loadAccessScope(principal, ports.clock.now(), { ports }), input.owner, ports);
  const { tenant } = principal;
  const [settings, units, users] = await Promise.all([ports.settings.get(tenant), ports.units.all(tenant), ports.users.all(tenant)]);
  const period = resolvePeriodInput(input.period, settings);
  const records: RecordInput[] = [];
  await ports.recordPages(tenant, metric.recordType, (page) => records.push(...page));
  return { metricId: metric.id, ...computePreview({ settings, units, users, metric, owner: input.owner, period, records, now: ports.clock.now() }) };
}
