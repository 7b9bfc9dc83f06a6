import { ulid } from 'ulid';
import { goalRepository, type GoalWrite } from '../../store/goal-repository.ts';
import { unitRepository } from '../../store/unit-repository.ts';
import { userRepository } from '../../store/user-repository.ts';
import { GoalLockedError, RequestValidationError } from '../../shared/errors.ts';
import type { Goal } from './goal-schema.ts';

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

/**
 * Creates or updates the parent's child goals described by `specs`: a child with the same owner
 * and period is updated (a locked one refuses a new target with 423), others are created with the
 * parent's metric and filter. Writes go in transactions of 25 goals, each insisting the parent is
 * unchanged, so a cascade racing an edit of the parent fails instead of leaving a mixed tree.
 */
export async function upsertChildren(tenant: string, parent: Goal, specs: readonly ChildSpec[]): Promise<Goal[]> {
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
  for (let i = 0; i < writes.length; i += 25) await goalRepository.write(tenant, writes.slice(i, i + 25));
  return writes.map((w) => w.goal);
}
