import type { GoalOwner } from '../../../core/model/goal.ts';
import type { Metric } from '../../../core/model/metric.ts';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { resolvePeriodInput, type PeriodInput } from '../../../core/periods/period-input.ts';
import { previewMetric as computePreview } from '../../../core/rollup/preview-metric.ts';
import { loadAccessScope } from '../access/access-scope.ts';
import { assertMayReadNamedOwner } from '../access/owner-access.ts';
import { assertRole, goalWriters } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { getMetric } from './get-metric.ts';
import { metricFromInput, type MetricCreate } from './metric-from-input.ts';
import { rateTable } from '../../../core/values/exchange.ts';

export type PreviewMetricPorts = Pick<AppPorts, 'metrics' | 'settings' | 'units' | 'users' | 'exchangeRates' | 'recordPages' | 'clock'>;

/** What a preview is asked for: one owner over one period. */
interface PreviewScope {
  owner: GoalOwner;
  period: PeriodInput;
}

/**
 * `POST /metrics/{id}/preview`: what the metric would measure for an owner over a period, computed
 * by core over the metric's record type (read once) — nothing is stored. The metric must exist
 * (404 first), the caller may write goals (admins and managers), and the owner must exist in the
 * tenant (404) and be one whose results the caller may see (403).
 */
export async function previewMetric(ports: PreviewMetricPorts, principal: Principal, input: PreviewScope & { metricId: string }) {
  const metric = await getMetric(ports, principal, input.metricId);
  assertRole(principal, goalWriters, 'preview metrics');
  return { metricId: metric.id, ...(await previewOf(ports, principal, metric, input)) };
}

/**
 * `POST /metrics/preview`: the same for a metric not saved yet, described as POST /metrics takes
 * it (a template and currency, or a full definition; `metricId` is null). Whom it is for is the
 * same as for a saved metric's preview (admins and managers, owners they may see); a definition
 * that breaks the metric rules is a RequestValidationError naming fields under `body.metric`.
 */
export async function previewMetricDefinition(ports: PreviewMetricPorts, principal: Principal, input: PreviewScope & { metric: MetricCreate }) {
  assertRole(principal, goalWriters, 'preview metrics');
  // The id is never shown or stored: core only needs one to tie the preview's goal to the metric.
  const metric = await metricFromInput(ports, principal.tenant, input.metric, 'unsaved-metric', 'body.metric');
  return { metricId: null, ...(await previewOf(ports, principal, metric, input)) };
}

async function previewOf(ports: PreviewMetricPorts, principal: Principal, metric: Metric, input: PreviewScope) {
  await assertMayReadNamedOwner(await loadAccessScope(principal, ports.clock.now(), { ports }), input.owner, ports);
  const { tenant } = principal;
  // Exchange rates only for a metric that converts.
  const [settings, units, users, rates] = await Promise.all([
    ports.settings.get(tenant),
    ports.units.all(tenant),
    ports.users.all(tenant),
    metric.currencyMode === 'convert' ? ports.exchangeRates.all(tenant) : [],
  ]);
  const period = resolvePeriodInput(input.period, settings);
  const records: RecordInput[] = [];
  await ports.recordPages(tenant, metric.recordType, (page) => records.push(...page));
  return computePreview({ settings, units, users, metric, owner: input.owner, period, records, now: ports.clock.now(), rates: rateTable(rates) });
}
