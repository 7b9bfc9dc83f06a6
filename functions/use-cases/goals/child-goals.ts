import { CascadeError } from '../../../core/cascade/cascade-targets.ts';
import { TooManySubPeriodsError } from '../../../core/periods/sub-periods.ts';
import type { Goal } from '../../../core/model/goal.ts';
import type { Metric } from '../../../core/model/metric.ts';
import { ConflictError, GoalLockedError, RequestValidationError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';
import type { GoalStore, GoalWrite } from './ports.ts';

/** One child goal a cascade or a period split asks for: it is updated if the parent has one with the same owner and period. */
export interface ChildSpec {
  owner: Goal['owner'];
  period: Goal['period'];
  target: string;
  name: string;
}

const sameOwner = (a: Goal['owner'], b: Goal['owner']) => a.type === b.type && a.id === b.id;
const samePeriod = (a: Goal['period'], b: Goal['period']) => a.start === b.start && a.end === b.end;

/** The parent's metric; ConflictError when it was deleted (a goal's metric cannot be while goals use it). */
export async function requireParentMetric(ports: Pick<AppPorts, 'metrics'>, tenant: string, goal: Goal): Promise<Metric> {
  const metric = await ports.metrics.get(tenant, goal.metricId);
  if (!metric) throw new ConflictError(`Goal ${goal.id}'s metric ${goal.metricId} no longer exists`);
  return metric;
}

/** Display names of the owners (user or unit name), checking each exists and has the right kind (400 naming `path(i)`). */
export async function ownerNames(
  ports: Pick<AppPorts, 'units' | 'users'>,
  tenant: string,
  owners: readonly Goal['owner'][],
  path: (i: number) => string,
): Promise<string[]> {
  const units = await ports.units.getMany(tenant, owners.filter((o) => o.type !== 'user').map((o) => o.id));
  const names: string[] = [];
  const problems: { path: string; message: string }[] = [];
  for (const [i, owner] of owners.entries()) {
    if (owner.type === 'user') {
      const user = await ports.users.get(tenant, owner.id);
      if (!user) problems.push({ path: path(i), message: `User ${owner.id} not found` });
      names.push(user?.name ?? owner.id);
      continue;
    }
    const unit = units.get(owner.id);
    if (!unit || unit.kind !== owner.type) problems.push({ path: path(i), message: `No ${owner.type} ${owner.id}` });
    names.push(unit?.name ?? owner.id);
  }
  if (problems.length > 0) throw new RequestValidationError('An owner does not exist', problems);
  return names;
}

/** Each atomic write holds the parent's check and at most this many child goals. */
export const maxChildrenPerWrite = (goals: Pick<GoalStore, 'writeLimits'>): number => goals.writeLimits.actions - 1;

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/**
 * Refuses (400) children whose goals, with the parent checked beside them, exceed one atomic
 * write's bytes (a DynamoDB transaction's 4 MB): each child carries a copy of the parent's filter,
 * so a large filter times many children is too much to write at once (and to answer: Lambda
 * answers at most 6 MB).
 */
function assertChildrenFit(goals: GoalStore, tenant: string, parent: Goal, writes: readonly GoalWrite[], path: string): void {
  const limit = goals.writeLimits.bytes;
  const bytes = writes.reduce((sum, w) => sum + goals.goalBytes(tenant, w.goal), goals.goalBytes(tenant, parent));
  if (bytes <= limit) return;
  const filterNote = parent.filter ? ` (each carries the parent's filter of ${Math.ceil(JSON.stringify(parent.filter).length / 1024)} KB)` : '';
  const message =
    `The ${writes.length} child goals would take ${megabytes(bytes)} MB${filterNote}; ` +
    `one request writes at most ${megabytes(limit)} MB of goals (a DynamoDB transaction): ` +
    'create fewer children or give the parent a smaller filter';
  throw new RequestValidationError(message, [{ path, message }]);
}

/**
 * Writes every one of `writes` or none: in one atomic write when they fit (up to 99 children),
 * otherwise in writes of 99, undoing the ones already written when a later one fails (new children
 * deleted, updated ones given back their values as a new version), then rethrowing. Only a crash
 * between two writes can leave part of the children; the same request run again completes them,
 * as it updates the children it finds.
 */
export async function writeChildGoals(goals: GoalStore, tenant: string, writes: readonly GoalWrite[], before: ReadonlyMap<string, Goal>): Promise<void> {
  const written: GoalWrite[] = [];
  const chunk = maxChildrenPerWrite(goals);
  try {
    for (let i = 0; i < writes.length; i += chunk) {
      const part = writes.slice(i, i + chunk);
      await goals.write(tenant, part);
      written.push(...part);
    }
  } catch (error) {
    if (written.length > 0) await undoChildGoals(goals, tenant, written, before, error);
    throw error;
  }
}

async function undoChildGoals(goals: GoalStore, tenant: string, written: readonly GoalWrite[], before: ReadonlyMap<string, Goal>, cause: unknown): Promise<void> {
  const restores: GoalWrite[] = [];
  try {
    for (const { goal, expectedVersion } of written) {
      const previous = before.get(goal.id);
      if (expectedVersion === 0 || !previous) await goals.delete(tenant, goal);
      else restores.push({ goal: { ...previous, version: goal.version + 1 }, expectedVersion: goal.version });
    }
    for (let i = 0; i < restores.length; i += goals.writeLimits.actions) {
      await goals.write(tenant, restores.slice(i, i + goals.writeLimits.actions));
    }
  } catch (undoError) {
    throw new ConflictError('The child goals were partly written and a concurrent change kept them from being undone; send the same request again to complete them', {
      cause: new AggregateError([cause, undoError]),
    });
  }
}

/**
 * Creates or updates the parent's child goals described by `specs`: a child with the same owner
 * and period is updated (a locked one refuses a new target with 423), others are created with the
 * parent's metric and filter. Every write insists the parent is unchanged, so a cascade racing an
 * edit of the parent fails instead of leaving a mixed tree; all children are written or none
 * ({@link writeChildGoals}), and children over one write's bytes are refused up front (400 naming
 * `path`). A `dryRun` answers the same goals (new ones with provisional ids), with the same
 * refusals, and writes nothing.
 */
export async function upsertChildren(
  ports: Pick<AppPorts, 'goals' | 'ids' | 'clock'>,
  tenant: string,
  parent: Goal,
  specs: readonly ChildSpec[],
  path: string,
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<Goal[]> {
  const existing = await ports.goals.children(tenant, parent.id);
  const parentCheck = { id: parent.id, version: parent.version };
  const writes: GoalWrite[] = specs.map((spec) => {
    const current = existing.find((g) => sameOwner(g.owner, spec.owner) && samePeriod(g.period, spec.period));
    if (current) {
      if (current.locked && current.target !== spec.target) {
        throw new GoalLockedError(`Child goal ${current.id} is locked: its target cannot change`);
      }
      return { goal: { ...current, target: spec.target, version: current.version + 1 }, expectedVersion: current.version, parent: parentCheck };
    }
    const goal: Goal = {
      id: ports.ids.next(ports.clock.now()),
      name: spec.name.slice(0, 200),
      description: '',
      metricId: parent.metricId,
      owner: spec.owner,
      period: spec.period,
      target: spec.target,
      stretchTarget: null,
      parentId: parent.id,
      rollupMode: 'owner',
      filter: parent.filter,
      bonus: null,
      locked: false,
      version: 1,
    };
    return { goal, expectedVersion: 0, parent: parentCheck };
  });
  assertChildrenFit(ports.goals, tenant, parent, writes, path);
  if (dryRun) return writes.map((w) => w.goal);
  await writeChildGoals(ports.goals, tenant, writes, new Map(existing.map((goal) => [goal.id, goal])));
  return writes.map((w) => w.goal);
}

/** Core's refusals of a distribution (targets that cannot be divided, too many sub-periods) are the caller's to fix: 400. */
export async function asValidation<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CascadeError || error instanceof TooManySubPeriodsError) {
      throw new RequestValidationError(error.message, [{ path: 'body', message: error.message }], { cause: error });
    }
    throw error;
  }
}
