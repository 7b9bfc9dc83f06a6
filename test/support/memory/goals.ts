import type { Goal } from '../../../core/model/goal.ts';
import { ConflictError, GoalHierarchyChangedError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { dynamoItemSize } from '../../../functions/store/item-size.ts';
import type { GoalListFilter, GoalStore } from '../../../functions/use-cases/goals/ports.ts';

const byId = (a: Goal, b: Goal) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Whether the goal passes the list's filters (GET /goals). */
function matches(goal: Goal, query: GoalListFilter): boolean {
  return (
    (query.ownerId === undefined || goal.owner.id === query.ownerId) &&
    (query.ownerType === undefined || goal.owner.type === query.ownerType) &&
    (query.parentId === undefined || goal.parentId === query.parentId) &&
    (query.metricId === undefined || goal.metricId === query.metricId) &&
    (query.activeOn === undefined || (goal.period.start <= query.activeOn && goal.period.end >= query.activeOn))
  );
}

/**
 * Goals in memory with the goal repository's semantics: a transaction of writes applied whole or
 * not at all (a new goal that exists: ConflictError; a stale version: VersionConflictError; a
 * checked parent that changed: ConflictError; a stale hierarchy version: GoalHierarchyChangedError,
 * the first failure in the order DynamoDB reports it), at most `writeLimits` per write, a delete at
 * the goal's version that clears its children's parentId, lists in id order with the position as
 * cursor. Goals go in and come out as copies.
 */
export function memoryGoals(): GoalStore {
  const tenants = new Map<string, { goals: Map<string, Goal>; hierarchyVersion: number }>();
  const of = (tenant: string) => tenants.get(tenant) ?? tenants.set(tenant, { goals: new Map(), hierarchyVersion: 0 }).get(tenant)!;
  const inOrder = (tenant: string) => [...of(tenant).goals.values()].sort(byId);
  const copy = (goal: Goal): Goal => structuredClone(goal);
  const writeLimits = { actions: 100, bytes: 4 * 1024 * 1024 };
  const goalBytes = (_tenant: string, goal: Goal) => dynamoItemSize(goal);

  return {
    writeLimits,
    goalBytes,
    get: async (tenant, id) => {
      const goal = of(tenant).goals.get(id);
      return goal && copy(goal);
    },
    getMany: async (tenant, ids) => [...new Set(ids)].flatMap((id) => of(tenant).goals.get(id) ?? []).map(copy),
    async list(tenant, query, visible = () => true) {
      const rest = inOrder(tenant).filter((goal) => (query.cursor === undefined || goal.id > query.cursor) && matches(goal, query));
      const items: Goal[] = [];
      let position: string | null = null;
      for (const goal of rest) {
        if (items.length === query.limit) break;
        position = goal.id;
        if (visible(goal)) items.push(copy(goal));
      }
      const more = position !== null && rest.some((goal) => goal.id > position!);
      return { items, nextCursor: more ? position : null };
    },
    all: async (tenant) => inOrder(tenant).map(copy),
    children: async (tenant, parentId) => inOrder(tenant).filter((goal) => goal.parentId === parentId).map(copy),
    parentLinks: async (tenant) => new Map(inOrder(tenant).map((goal) => [goal.id, goal.parentId])),
    hierarchyVersion: async (tenant) => of(tenant).hierarchyVersion,

    async write(tenant, writes, options = {}) {
      const stored = of(tenant);
      const checkedParents = new Set<string>();
      let actions = 0;
      let bytes = 0;
      for (const { goal, expectedVersion, parent } of writes) {
        actions++;
        bytes += goalBytes(tenant, goal);
        const current = stored.goals.get(goal.id);
        if (expectedVersion === 0 && current) throw new ConflictError(`Goal ${goal.id} already exists`);
        if (expectedVersion !== 0 && current?.version !== expectedVersion) throw new VersionConflictError(`Goal ${goal.id} changed since it was read`);
        if (parent && !writes.some((w) => w.goal.id === parent.id) && !checkedParents.has(parent.id)) {
          checkedParents.add(parent.id);
          actions++;
          if (stored.goals.get(parent.id)?.version !== parent.version) {
            throw new ConflictError(`Parent goal ${parent.id} changed while this goal was being saved; try again`);
          }
        }
      }
      if (options.hierarchyVersion !== undefined) {
        actions++;
        if (stored.hierarchyVersion !== options.hierarchyVersion) {
          throw new GoalHierarchyChangedError('Another change of the goal hierarchy was saved at the same time; try again');
        }
      }
      if (actions > writeLimits.actions || bytes > writeLimits.bytes) {
        throw new Error(`A transaction holds at most ${writeLimits.actions} actions and ${writeLimits.bytes} bytes`);
      }
      for (const { goal } of writes) stored.goals.set(goal.id, copy(goal));
      if (options.hierarchyVersion !== undefined) stored.hierarchyVersion = options.hierarchyVersion + 1;
    },

    async delete(tenant, goal) {
      const stored = of(tenant);
      if (stored.goals.get(goal.id)?.version !== goal.version) {
        throw new VersionConflictError(`Goal ${goal.id} or one of its children changed; try again`);
      }
      for (const child of stored.goals.values()) {
        if (child.parentId === goal.id) stored.goals.set(child.id, { ...child, parentId: null, version: child.version + 1 });
      }
      stored.goals.delete(goal.id);
    },

    hasGoalsForOwner: async (tenant, ownerType, ownerId) => inOrder(tenant).some((g) => g.owner.type === ownerType && g.owner.id === ownerId),
    hasGoalsForMetric: async (tenant, metricId) => inOrder(tenant).some((g) => g.metricId === metricId),
  };
}
