import { ulid } from 'ulid';
import { goalItemBytes, goalRepository, type GoalWrite } from '../../store/goal-repository.ts';
import { DYNAMODB_LIMITS } from '../../store/item-size.ts';
import { unitRepository } from '../../store/unit-repository.ts';
import { userRepository } from '../../store/user-repository.ts';
import { ConflictError, GoalLockedError, RequestValidationError } from '../../shared/errors.ts';
import type { Goal } from '../../../core/model/goal.ts';

export interface ChildSpec {
  owner: Goal['owner'];
  period: Goal['period'];
  target: string;
  name: string;
}

const sameOwner = (a: Goal['owner'], b: Goal['owner']) => a.type === b.type && a.id === b.id;
const samePeriod = (a: Goal['period'], b: Goal['period']) => a.start === b.start && a.end === b.end;

/** Display names of the owners (user or unit name), checking each exists and has the right kind. */
export async function ownerNames(tenant: string, owners: readonly Goal['owner'][], path: (i: number) => string): Promise<string[]> {
  const units = await unitRepository.getMany(tenant, owners.filter((o) => o.type !== 'user').map((o) => o.id));
  const names: string[] = [];
  const problems: { path: string; message: string }[] = [];
  for (const [i, owner] of owners.entries()) {
    if (owner.type === 'user') {
      const user = await userRepository.get(tenant, owner.id);
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

/** Each transaction holds the parent's check and at most this many child goals (100 actions in all). */
export const maxChildrenPerTransaction = DYNAMODB_LIMITS.transactionActions - 1;

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/**
 * Refuses (400) children whose items, with the parent checked beside them, exceed one DynamoDB
 * transaction's 4 MB: each child carries a copy of the parent's filter, so a large filter times
 * many children is too much to write at once (and to answer: Lambda answers at most 6 MB).
 */
function assertChildrenFit(tenant: string, parent: Goal, writes: readonly GoalWrite[], path: string): void {
  const childBytes = writes.reduce((sum, w) => sum + goalItemBytes(tenant, w.goal), 0);
  const bytes = childBytes + goalItemBytes(tenant, parent);
  if (bytes <= DYNAMODB_LIMITS.transactionBytes) return;
  const filterNote = parent.filter ? ` (each carries the parent's filter of ${Math.ceil(JSON.stringify(parent.filter).length / 1024)} KB)` : '';
  const message =
    `The ${writes.length} child goals would take ${megabytes(bytes)} MB${filterNote}; ` +
    `one request writes at most ${megabytes(DYNAMODB_LIMITS.transactionBytes)} MB of goals (a DynamoDB transaction): ` +
    'create fewer children or give the parent a smaller filter';
  throw new RequestValidationError(message, [{ path, message }]);
}

/**
 * Writes every one of `writes` or none: in one transaction when they fit (up to 99 children),
 * otherwise in transactions of 99, undoing the ones already written when a later one fails (new
 * children deleted, updated ones given back their values as a new version), then rethrowing.
 * Only a crash between two transactions can leave part of the children; the same request run
 * again completes them, as it updates the children it finds.
 */
export async function writeChildGoals(tenant: string, writes: readonly GoalWrite[], before: ReadonlyMap<string, Goal>): Promise<void> {
  const written: GoalWrite[] = [];
  try {
    for (let i = 0; i < writes.length; i += maxChildrenPerTransaction) {
      const chunk = writes.slice(i, i + maxChildrenPerTransaction);
      await goalRepository.write(tenant, chunk);
      written.push(...chunk);
    }
  } catch (error) {
    if (written.length > 0) await undoChildGoals(tenant, written, before, error);
    throw error;
  }
}

async function undoChildGoals(tenant: string, written: readonly GoalWrite[], before: ReadonlyMap<string, Goal>, cause: unknown): Promise<void> {
  const restores: GoalWrite[] = [];
  try {
    for (const { goal, expectedVersion } of written) {
      const previous = before.get(goal.id);
      if (expectedVersion === 0 || !previous) await goalRepository.delete(tenant, goal);
      else restores.push({ goal: { ...previous, version: goal.version + 1 }, expectedVersion: goal.version });
    }
    for (let i = 0; i < restores.length; i += DYNAMODB_LIMITS.transactionActions) {
      await goalRepository.write(tenant, restores.slice(i, i + DYNAMODB_LIMITS.transactionActions));
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
 * parent's metric and filter. Every transaction insists the parent is unchanged, so a cascade
 * racing an edit of the parent fails instead of leaving a mixed tree; all children are written or
 * none ({@link writeChildGoals}), and children over a transaction's 4 MB are refused up front
 * (400 naming `path`).
 */
export async function upsertChildren(tenant: string, parent: Goal, specs: readonly ChildSpec[], path = 'body'): Promise<Goal[]> {
  const existing = await goalRepository.children(tenant, parent.id);
  const writes: GoalWrite[] = specs.map((spec) => {
    const current = existing.find((g) => sameOwner(g.owner, spec.owner) && samePeriod(g.period, spec.period));
    if (current) {
      if (current.locked && current.target !== spec.target) {
        throw new GoalLockedError(`Child goal ${current.id} is locked: its target cannot change`);
      }
      return {
        goal: { ...current, target: spec.target, version: current.version + 1 },
        expectedVersion: current.version,
        parent: { id: parent.id, version: parent.version },
      };
    }
    const goal: Goal = {
      id: ulid(),
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
    return { goal, expectedVersion: 0, parent: { id: parent.id, version: parent.version } };
  });
  assertChildrenFit(tenant, parent, writes, path);
  await writeChildGoals(tenant, writes, new Map(existing.map((goal) => [goal.id, goal])));
  return writes.map((w) => w.goal);
}
