import type { z } from 'zod';
import { generatePeriods } from '../../../core/cascade/generate-periods.ts';
import type { Goal } from '../../../core/model/goal.ts';
import { sumDecimals } from '../../../core/values/decimal.ts';
import type { periodsBodySchema } from './goal-inputs.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { asValidation, requireParentMetric, upsertChildren } from './child-goals.ts';
import { assertMayWriteOwners } from './goal-access.ts';
import { metricScale, requireGoal } from './goal-rules.ts';

/** A POST /goals/{id}/periods body: the granularity, and equal parts or custom weights. */
export type PeriodsRequest = z.infer<typeof periodsBodySchema>;

/**
 * POST /goals/{id}/periods: one child goal per week, month or quarter of the parent's period (weeks
 * as the tenant's week starts), for the same owner, with targets that add up exactly to the
 * parent's — equal, or by custom weights. A child the parent already has for the period is updated
 * (a locked one keeps its target: 423).
 *
 * The parent exists (404); the caller may change its owner's goals (403); weights that do not match
 * the sub-periods, or too many sub-periods, are a 400. All children are written or none. A
 * `dryRun` answers the same children (new ones with provisional ids) after the same checks, and
 * writes nothing.
 */
export async function generateGoalPeriods(
  ports: Pick<AppPorts, 'clock' | 'ids' | 'goals' | 'metrics' | 'units' | 'users' | 'settings'>,
  principal: Principal,
  input: { id: string; request: PeriodsRequest; dryRun?: boolean },
): Promise<{ parent: Goal; children: Goal[]; sum: string }> {
  const { tenant } = principal;
  const { request } = input;
  const parent = await requireGoal(ports, tenant, input.id);
  await assertMayWriteOwners(ports, principal, [parent.owner]);
  const metric = await requireParentMetric(ports, tenant, parent);
  const settings = await ports.settings.get(tenant);
  const scale = metricScale(metric);
  const parts = await asValidation(() =>
    generatePeriods({
      period: parent.period,
      granularity: request.granularity,
      method: request.method,
      weights: request.weights ?? null,
      target: parent.target,
      scale,
      settings,
    }),
  );
  const children = await upsertChildren(
    ports,
    tenant,
    parent,
    parts.map((part) => ({ owner: parent.owner, period: part.period, target: part.target, name: `${parent.name} · ${part.period.start}..${part.period.end}` })),
    'body.granularity',
    { dryRun: input.dryRun },
  );
  return { parent, children, sum: sumDecimals(children.map((g) => g.target), scale) };
}
