import { DEFAULT_TENANT_SETTINGS } from '../../../core/model/tenant-settings.ts';
import { resolvePeriodInput } from '../../../core/periods/period-input.ts';
import { rangeContains, type DateRange } from '../../../core/periods/resolve-period.ts';
import { DecimalFormatError, formatDecimal, parseDecimal, scaleFor } from '../../../core/values/decimal.ts';
import type { Goal } from '../../../core/model/goal.ts';
import type { GoalCreate, PeriodInput } from './goal-inputs.ts';
import type { Metric } from '../../../core/model/metric.ts';
import { ConflictError, GoalCycleError, GoalLockedError, NotFoundError, RequestValidationError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';

/** What a goal is made of, before it has an id, a version and a lock (a create's body, or a patch applied to a goal). */
export type GoalInput = Omit<GoalCreate, 'id'>;

const invalid = (path: string, message: string) => new RequestValidationError(message, [{ path, message }]);
/** A refusal's details: the message beside each request field that caused it. */
const at = (message: string, ...paths: string[]) => ({ details: paths.map((path) => ({ path, message })) });

/** The goal of the tenant; NotFoundError when there is none (another tenant's id included). */
export async function requireGoal(ports: Pick<AppPorts, 'goals'>, tenant: string, id: string): Promise<Goal> {
  const goal = await ports.goals.get(tenant, id);
  if (!goal) throw new NotFoundError(`Goal ${id} not found`);
  return goal;
}

// ── References ───────────────────────────────────────────────────────────────────────────────

/** The metric the goal measures; 400 when the tenant has none by that id. */
export async function requireMetric(ports: Pick<AppPorts, 'metrics'>, tenant: string, metricId: string): Promise<Metric> {
  const metric = await ports.metrics.get(tenant, metricId);
  if (!metric) throw invalid('body.metricId', `Metric ${metricId} not found`);
  return metric;
}

/** 400 unless the owner exists: a user, or a unit of the owner's kind. */
export async function requireOwner(ports: Pick<AppPorts, 'units' | 'users'>, tenant: string, owner: Goal['owner']): Promise<void> {
  if (owner.type === 'user') {
    if (!(await ports.users.get(tenant, owner.id))) throw invalid('body.owner.id', `User ${owner.id} not found`);
    return;
  }
  const unit = await ports.units.get(tenant, owner.id);
  if (!unit) throw invalid('body.owner.id', `Unit ${owner.id} not found`);
  if (unit.kind !== owner.type) throw invalid('body.owner.type', `Unit ${owner.id} is a ${unit.kind}, not a ${owner.type}`);
}

/** The goal's rollup mode ('owner' unless given); owner_and_children is for user-owned goals only (400). */
export function rollupModeOf(input: Pick<GoalInput, 'owner' | 'rollupMode'>): Goal['rollupMode'] {
  const rollupMode = input.rollupMode ?? 'owner';
  if (rollupMode === 'owner_and_children' && input.owner.type !== 'user') {
    throw invalid('body.rollupMode', 'owner_and_children is for user-owned goals only');
  }
  return rollupMode;
}

// ── Period and values ────────────────────────────────────────────────────────────────────────

/** The period as dates: start/end as given, a granularity around an anchor with the tenant's week and fiscal year start. */
export async function resolveGoalPeriod(ports: Pick<AppPorts, 'settings'>, tenant: string, period: PeriodInput): Promise<DateRange> {
  return resolvePeriodInput(period, 'start' in period ? DEFAULT_TENANT_SETTINGS : await ports.settings.get(tenant));
}

/** The scale (fraction digits) of a metric's values: its currency's minor unit, 0 or 6. */
export const metricScale = (metric: Pick<Metric, 'dataType' | 'currency'>): number => scaleFor(metric.dataType, metric.currency);

/**
 * A non-negative input value as the contract's exact decimal string at `scale`
 * ("400000" → "400000.00" for EUR); a value with more digits than the scale is a 400.
 */
export function normalizeValue(input: string | number, scale: number, path: string): string {
  try {
    const scaled = parseDecimal(input, scale);
    if (scaled < 0n) throw new DecimalFormatError('must not be negative');
    return formatDecimal(scaled, scale);
  } catch (error) {
    if (!(error instanceof DecimalFormatError)) throw error;
    throw new RequestValidationError(`${path} is not a valid value`, [{ path, message: error.message }], { cause: error });
  }
}

/** Target and stretch target exact at the metric's scale, the bonus at its currency's (400 for more digits or a negative value). */
export function exactValues(metric: Metric, input: Pick<GoalInput, 'target' | 'stretchTarget' | 'bonus'>): Pick<Goal, 'target' | 'stretchTarget' | 'bonus'> {
  const scale = metricScale(metric);
  return {
    target: normalizeValue(input.target, scale, 'body.target'),
    stretchTarget: input.stretchTarget === undefined || input.stretchTarget === null ? null : normalizeValue(input.stretchTarget, scale, 'body.stretchTarget'),
    bonus: input.bonus
      ? { amount: normalizeValue(input.bonus.amount, scaleFor('money', input.bonus.currency), 'body.bonus.amount'), currency: input.bonus.currency }
      : null,
  };
}

// ── Locks ────────────────────────────────────────────────────────────────────────────────────

const lockedFields = ['target', 'stretchTarget', 'metricId'] as const;

/** Refuses (423) a change of target, stretch target, period or metric on a locked goal. */
export function assertUnlockedChange(before: Goal, after: Goal): void {
  if (!before.locked) return;
  const changed: string[] = lockedFields.filter((field) => before[field] !== after[field]);
  if (before.period.start !== after.period.start || before.period.end !== after.period.end) changed.push('period');
  if (changed.length === 0) return;
  const message = `Goal ${before.id} is locked: its ${changed.join(', ')} cannot change`;
  throw new GoalLockedError(message, at('locked: unlock the goal to change it', ...changed.map((field) => `body.${field}`)));
}

/**
 * Refuses (423) to delete a locked goal: deleting it and creating it again would change its target
 * without the right to unlock it.
 */
export function assertMayDelete(goal: Goal): void {
  if (goal.locked) throw new GoalLockedError(`Goal ${goal.id} is locked: unlock it before deleting it`);
}

// ── Hierarchy ────────────────────────────────────────────────────────────────────────────────

/**
 * Ancestors walked one read at a time before the walk switches to the whole hierarchy: most
 * hierarchies are a few levels deep (organization, department, team, user, sub-periods).
 */
const ancestorsReadOneByOne = 8;

/**
 * 409 when `goal` is `parent` or one of its ancestors, however deep the hierarchy: a few reads up
 * the chain, then — for a deeper one — the tenant's parent links read at once, walked in memory.
 * A hierarchy above the parent that already loops (stored before this check) is refused too. The
 * reads are strongly consistent: every parent change saved before the caller read the tenant's
 * hierarchy version must be seen, or the version could not protect the check (the parent itself is
 * protected by its own version condition).
 */
async function assertNoCycle(ports: Pick<AppPorts, 'goals'>, tenant: string, goal: Goal, parent: Goal): Promise<void> {
  const cycle = () => new GoalCycleError(`Making ${parent.id} the parent of ${goal.id} would create a cycle`, at(`${parent.id} is below this goal`, 'body.parentId'));
  let ancestor: Goal | undefined = parent;
  for (let depth = 0; depth < ancestorsReadOneByOne; depth++) {
    if (ancestor.id === goal.id) throw cycle();
    if (ancestor.parentId === null) return;
    ancestor = await ports.goals.get(tenant, ancestor.parentId, { consistent: true });
    if (!ancestor) return; // deleted meanwhile: its children no longer have it as parent
  }
  const parents = await ports.goals.parentLinks(tenant);
  const passed = new Set<string>();
  for (let id: string | null = ancestor.id; id !== null; id = parents.get(id) ?? null) {
    if (id === goal.id) throw cycle();
    if (passed.has(id)) throw new GoalCycleError(`The hierarchy above ${parent.id} loops at goal ${id}; no goal can be added under it`, at(`the goals above ${parent.id} loop`, 'body.parentId'));
    passed.add(id);
  }
}

/**
 * Checks that `goal.parentId` may be the parent of `goal`: it exists (400 otherwise), measures the
 * same metric and contains the goal's period (409), and — when an existing goal gets a new parent,
 * the only change that can close a cycle — is not the goal or one of its descendants (409 cycle).
 * Returns the parent as read, so the write can insist it is unchanged.
 */
export async function checkParent(ports: Pick<AppPorts, 'goals'>, tenant: string, goal: Goal, before: Goal | undefined): Promise<Goal | undefined> {
  if (goal.parentId === null) return undefined;
  const parent = await ports.goals.get(tenant, goal.parentId);
  if (!parent) {
    throw new RequestValidationError('The parent goal does not exist', [{ path: 'body.parentId', message: `Goal ${goal.parentId} not found` }]);
  }
  if (parent.metricId !== goal.metricId) {
    throw new ConflictError(`A child goal measures its parent's metric (${parent.metricId}), not ${goal.metricId}`, at(`the parent goal measures ${parent.metricId}`, 'body.metricId', 'body.parentId'));
  }
  if (!rangeContains(parent.period, goal.period)) {
    throw new ConflictError(
      `The goal's period ${goal.period.start}..${goal.period.end} lies outside its parent's ${parent.period.start}..${parent.period.end}`,
      at(`must lie inside the parent goal's ${parent.period.start}..${parent.period.end}`, 'body.period'),
    );
  }
  if (before && before.parentId !== goal.parentId) await assertNoCycle(ports, tenant, goal, parent);
  return parent;
}

/** On a change of metric or period, every child must still fit: same metric, period inside (409). */
export async function checkChildren(ports: Pick<AppPorts, 'goals'>, tenant: string, before: Goal, goal: Goal): Promise<void> {
  if (before.metricId === goal.metricId && before.period.start === goal.period.start && before.period.end === goal.period.end) return;
  for (const child of await ports.goals.children(tenant, goal.id)) {
    if (child.metricId !== goal.metricId) {
      throw new ConflictError(`Child goal ${child.id} measures ${child.metricId}; the metric cannot change while it is a child`, at(`child goal ${child.id} measures ${child.metricId}`, 'body.metricId'));
    }
    if (!rangeContains(goal.period, child.period)) {
      throw new ConflictError(
        `Child goal ${child.id}'s period ${child.period.start}..${child.period.end} would lie outside the new period`,
        at(`child goal ${child.id}'s ${child.period.start}..${child.period.end} must stay inside`, 'body.period'),
      );
    }
  }
}
