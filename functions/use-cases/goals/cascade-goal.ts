import type { z } from 'zod';
import { cascadeTargets } from '../../../core/cascade/cascade-targets.ts';
import { previousPeriodActuals } from '../../../core/cascade/previous-period-actuals.ts';
import type { RecordInput } from '../../../core/model/record-input.ts';
import type { Goal } from '../../../core/model/goal.ts';
import { sumDecimals } from '../../../core/values/decimal.ts';
import type { cascadeBodySchema } from './goal-inputs.ts';
import type { Metric } from '../../../core/model/metric.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { asValidation, ownerNames, requireParentMetric, upsertChildren } from './child-goals.ts';
import { assertMayWriteOwners } from './goal-access.ts';
import { metricScale, requireGoal } from './goal-rules.ts';
import { rateTable } from '../../../core/values/exchange.ts';

/** A POST /goals/{id}/cascade body: the method and one assignee per child (weights or targets as the method needs). */
export type CascadeRequest = z.infer<typeof cascadeBodySchema>;

export type CascadeGoalPorts = Pick<AppPorts, 'clock' | 'ids' | 'goals' | 'metrics' | 'units' | 'users' | 'settings' | 'exchangeRates' | 'recordPages'>;

/** Each assignee's actual over the period before the parent's, from the records (the weights of a cascade). */
async function previousActuals(ports: CascadeGoalPorts, tenant: string, parent: Goal, metric: Metric, owners: Goal['owner'][]): Promise<bigint[]> {
  const [settings, units, users, rates] = await Promise.all([
    ports.settings.get(tenant),
    ports.units.all(tenant),
    ports.users.all(tenant),
    metric.currencyMode === 'convert' ? ports.exchangeRates.all(tenant) : [],
  ]);
  const records: RecordInput[] = [];
  await ports.recordPages(tenant, metric.recordType, (page) => records.push(...page));
  return previousPeriodActuals({ settings, units, users, metric, filter: parent.filter, period: parent.period, owners, records, now: ports.clock.now(), rates: rateTable(rates) }).actuals;
}

/**
 * POST /goals/{id}/cascade: one child goal per assignee, with the parent's metric, period and
 * filter, named after the parent and the assignee. Equal and weighted targets add up exactly to the
 * parent's; weights may be the assignees' actuals over the previous period. A child the parent
 * already has for the owner and period is updated (a locked one keeps its target: 423).
 *
 * The parent exists (404); the caller may change goals of the parent's owner and of every assignee
 * (403); each assignee exists (400); targets that cannot be divided are a 400. All children are
 * written or none. A `dryRun` answers the same children (new ones with provisional ids) after the
 * same checks, and writes nothing: the page's preview before anything is stored.
 */
export async function cascadeGoal(
  ports: CascadeGoalPorts,
  principal: Principal,
  input: { id: string; request: CascadeRequest; dryRun?: boolean },
): Promise<{ parent: Goal; children: Goal[]; sum: string; fellBackToEqual: boolean | undefined }> {
  const { tenant } = principal;
  const { request } = input;
  const parent = await requireGoal(ports, tenant, input.id);
  const owners = request.assignees.map((a) => a.owner);
  await assertMayWriteOwners(ports, principal, [parent.owner, ...owners]);
  const metric = await requireParentMetric(ports, tenant, parent);
  const names = await ownerNames(ports, tenant, owners, (i) => `body.assignees.${i}.owner`);
  const previous = request.weightsFrom ? await previousActuals(ports, tenant, parent, metric, owners) : null;
  const scale = metricScale(metric);
  const { children, fellBackToEqual } = await asValidation(() =>
    cascadeTargets({ parentTarget: parent.target, scale, method: request.method, assignees: request.assignees, previousActuals: previous }),
  );
  const written = await upsertChildren(
    ports,
    tenant,
    parent,
    children.map((child, i) => ({ owner: child.owner, period: parent.period, target: child.target, name: `${parent.name} · ${names[i]}` })),
    'body.assignees',
    { dryRun: input.dryRun },
  );
  return { parent, children: written, sum: sumDecimals(written.map((g) => g.target), scale), fellBackToEqual };
}
