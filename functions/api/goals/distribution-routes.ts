import { z } from 'zod';
import { cascadeTargets, CascadeError } from '../../../core/cascade/cascade-targets.ts';
import { generatePeriods } from '../../../core/cascade/generate-periods.ts';
import { previousPeriodActuals } from '../../../core/cascade/previous-period-actuals.ts';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { TooManySubPeriodsError } from '../../../core/periods/sub-periods.ts';
import { ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { metricRepository } from '../../store/metric-repository.ts';
import { readRecordsOfType } from '../../store/record-reader.ts';
import { settingsRepository } from '../../store/settings-repository.ts';
import { unitRepository } from '../../store/unit-repository.ts';
import { userRepository } from '../../store/user-repository.ts';
import { ConflictError, RequestValidationError } from '../../shared/errors.ts';
import { idParamsSchema } from '../common-schemas.ts';
import type { Metric } from '../../../core/model/metric.ts';
import { ownerNames, upsertChildren } from './child-goals.ts';
import { metricScale } from './goal-values.ts';
import { type Goal, goalSchema } from '../../../core/model/goal.ts';
import { cascadeBodySchema, periodsBodySchema } from './goal-schema.ts';
import { requireGoal } from './require-goal.ts';
import { assertMayWriteOwners } from './goal-access.ts';


const childrenResponseSchema = z.object({ parentId: z.string(), items: z.array(goalSchema), fellBackToEqual: z.boolean().optional() });

/** Core's refusals of a distribution request are the caller's to fix: 400. */
async function asValidation<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CascadeError || error instanceof TooManySubPeriodsError) {
      throw new RequestValidationError(error.message, [{ path: 'body', message: error.message }], { cause: error });
    }
    throw error;
  }
}

async function requireParentMetric(tenant: string, goal: Goal): Promise<Metric> {
  const metric = await metricRepository.get(tenant, goal.metricId);
  if (!metric) throw new ConflictError(`Goal ${goal.id}'s metric ${goal.metricId} no longer exists`);
  return metric;
}

/** Each assignee's actual over the period before the parent's, from the records (weights of a cascade). */
async function previousActuals(tenant: string, parent: Goal, metric: Metric, owners: Goal['owner'][]): Promise<bigint[]> {
  const [settings, units, users] = await Promise.all([settingsRepository.get(tenant), unitRepository.all(tenant), userRepository.all(tenant)]);
  const records: RecordInput[] = [];
  await readRecordsOfType(tenant, metric.recordType, (page) => records.push(...page));
  return previousPeriodActuals({ settings, units, users, metric, filter: parent.filter, period: parent.period, owners, records, now: Date.now() }).actuals;
}

export const cascadeRoute = route({
  key: 'POST /goals/{id}/cascade',
  summary: "Create or update one child goal per assignee with the parent's metric and period; equal and weighted targets add up exactly to the parent's",
  params: idParamsSchema,
  body: cascadeBodySchema,
  response: childrenResponseSchema,
  handle: async ({ principal, params, body }) => {
    const { tenant } = principal;
    const parent = await requireGoal(tenant, params.id);
    const owners = body.assignees.map((a) => a.owner);
    await assertMayWriteOwners(principal, [parent.owner, ...owners]);
    const metric = await requireParentMetric(tenant, parent);
    const names = await ownerNames(tenant, owners, (i) => `body.assignees.${i}.owner`);
    const previous = body.weightsFrom ? await previousActuals(tenant, parent, metric, owners) : null;
    const { children, fellBackToEqual } = await asValidation(() =>
      cascadeTargets({ parentTarget: parent.target, scale: metricScale(metric), method: body.method, assignees: body.assignees, previousActuals: previous }),
    );
    const items = await upsertChildren(
      tenant,
      parent,
      children.map((child, i) => ({ owner: child.owner, period: parent.period, target: child.target, name: `${parent.name} · ${names[i]}` })),
      'body.assignees',
    );
    return ok({ parentId: parent.id, items, fellBackToEqual });
  },
});

export const periodsRoute = route({
  key: 'POST /goals/{id}/periods',
  summary: "Create or update one child goal per week, month or quarter of the parent's period, for the same owner, adding up exactly to its target",
  params: idParamsSchema,
  body: periodsBodySchema,
  response: childrenResponseSchema,
  handle: async ({ principal, params, body }) => {
    const { tenant } = principal;
    const parent = await requireGoal(tenant, params.id);
    await assertMayWriteOwners(principal, [parent.owner]);
    const metric = await requireParentMetric(tenant, parent);
    const settings = await settingsRepository.get(tenant);
    const parts = await asValidation(() =>
      generatePeriods({ period: parent.period, granularity: body.granularity, method: body.method, weights: body.weights ?? null, target: parent.target, scale: metricScale(metric), settings }),
    );
    const items = await upsertChildren(
      tenant,
      parent,
      parts.map((part) => ({ owner: parent.owner, period: part.period, target: part.target, name: `${parent.name} · ${part.period.start}..${part.period.end}` })),
      'body.granularity',
    );
    return ok({ parentId: parent.id, items });
  },
});
