import { DEFAULT_TENANT_SETTINGS } from '../../../core/model/tenant-settings.ts';
import { resolvePeriodInput } from '../../../core/periods/period-input.ts';
import type { DateRange } from '../../../core/periods/resolve-period.ts';
import { scaleFor } from '../../../core/values/decimal.ts';
import { metricRepository } from '../../store/metric-repository.ts';
import { settingsRepository } from '../../store/settings-repository.ts';
import { unitRepository } from '../../store/unit-repository.ts';
import { userRepository } from '../../store/user-repository.ts';
import { RequestValidationError } from '../../shared/errors.ts';
import type { Metric } from '../../../core/model/metric.ts';
import { metricScale, normalizeValue } from './goal-values.ts';
import type { Goal } from '../../../core/model/goal.ts';
import type { GoalCreate, PeriodInput } from './goal-schema.ts';

export type GoalInput = Omit<GoalCreate, 'id'>;

const invalid = (path: string, message: string) => new RequestValidationError(message, [{ path, message }]);

async function resolveGoalPeriod(tenant: string, period: PeriodInput): Promise<DateRange> {
  return resolvePeriodInput(period, 'start' in period ? DEFAULT_TENANT_SETTINGS : await settingsRepository.get(tenant));
}

async function requireOwner(tenant: string, owner: Goal['owner']): Promise<void> {
  if (owner.type === 'user') {
    if (!(await userRepository.get(tenant, owner.id))) throw invalid('body.owner.id', `User ${owner.id} not found`);
    return;
  }
  const unit = await unitRepository.get(tenant, owner.id);
  if (!unit) throw invalid('body.owner.id', `Unit ${owner.id} not found`);
  if (unit.kind !== owner.type) throw invalid('body.owner.type', `Unit ${owner.id} is a ${unit.kind}, not a ${owner.type}`);
}

/**
 * The goal a create or patch describes, with its references checked (metric and owner exist),
 * its period resolved with the tenant's week and fiscal year start, and its values made exact at
 * the metric's scale. Hierarchy rules are checked separately (goal-hierarchy.ts).
 */
export async function assembleGoal(
  tenant: string,
  input: GoalInput,
  identity: { id: string; version: number; locked: boolean },
): Promise<{ goal: Goal; metric: Metric }> {
  const metric = await metricRepository.get(tenant, input.metricId);
  if (!metric) throw invalid('body.metricId', `Metric ${input.metricId} not found`);
  await requireOwner(tenant, input.owner);
  const rollupMode = input.rollupMode ?? 'owner';
  if (rollupMode === 'owner_and_children' && input.owner.type !== 'user') {
    throw invalid('body.rollupMode', 'owner_and_children is for user-owned goals only');
  }
  const scale = metricScale(metric);
  const target = normalizeValue(input.target, scale, 'body.target');
  const stretchTarget =
    input.stretchTarget === undefined || input.stretchTarget === null ? null : normalizeValue(input.stretchTarget, scale, 'body.stretchTarget');
  const bonus = input.bonus
    ? { amount: normalizeValue(input.bonus.amount, scaleFor('money', input.bonus.currency), 'body.bonus.amount'), currency: input.bonus.currency }
    : null;
  const goal: Goal = {
    id: identity.id,
    name: input.name,
    description: input.description ?? '',
    metricId: metric.id,
    owner: input.owner,
    period: await resolveGoalPeriod(tenant, input.period),
    target,
    stretchTarget,
    parentId: input.parentId ?? null,
    rollupMode,
    filter: input.filter ?? null,
    bonus,
    locked: identity.locked,
    version: identity.version,
  };
  return { goal, metric };
}
