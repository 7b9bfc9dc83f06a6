import type { GoalOwner } from '../model/goal.ts';
import type { Metric } from '../model/metric.ts';
import type { RecordInput } from '../model/record-input.ts';
import type { TenantSettings } from '../model/tenant-settings.ts';
import type { Unit } from '../model/unit.ts';
import type { User } from '../model/user.ts';
import { previousPeriod } from '../periods/relative-periods.ts';
import type { DateRange } from '../periods/resolve-period.ts';
import type { Condition } from '../queries/condition.ts';
import { primaryValue } from '../rollup/compute-progress.ts';
import { createRollup } from '../rollup/rollup-tenant.ts';
import type { RateTable } from '../values/exchange.ts';

/** What `previousPeriodActuals` measures: a metric for several owners. */
export interface PreviousPeriodActualsInput {
  settings: TenantSettings;
  units: readonly Unit[];
  users: readonly User[];
  metric: Metric;
  /** The parent goal's filter, applied to each assignee as it would be to their goals. */
  filter?: Condition | null;
  /** The parent goal's period; actuals are taken over the period before it. */
  period: DateRange;
  owners: readonly GoalOwner[];
  /** Records of the metric's record type covering the previous period. */
  records: Iterable<RecordInput>;
  now: number | string | Date;
  /** The tenant's exchange rates (a converting metric's weights are converted as its actuals are). */
  rates?: RateTable;
}

/**
 * Each owner's actual (the value percent is measured on) over the period before `period`,
 * in the order of `owners`: the weights of a cascade with `weightsFrom: "previous-period"`.
 */
export function previousPeriodActuals(input: PreviousPeriodActualsInput): { period: DateRange; actuals: bigint[] } {
  const period = previousPeriod(input.period);
  const session = createRollup({
    settings: input.settings,
    units: input.units,
    users: input.users,
    metrics: [input.metric],
    goals: input.owners.map((owner, i) => ({ id: `previous-${i}`, metricId: input.metric.id, owner, period,
      target: '0', stretchTarget: null, parentId: null, rollupMode: 'owner' as const, filter: input.filter ?? null })),
    now: input.now,
    rates: input.rates,
  });
  session.addAll(input.records);
  return { period, actuals: session.values().map((goal) => primaryValue(goal.values)) };
}
