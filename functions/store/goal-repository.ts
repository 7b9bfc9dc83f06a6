import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Goal, GoalListQuery } from '../api/goals/goal-schema.ts';
import { ConflictError, VersionConflictError } from '../shared/errors.ts';
import { ddb, tableName } from './client.ts';
import { failedConditionIndexes, isConditionFailure } from './conditional.ts';
import { entityOf } from './items.ts';
import { goalKey, goalMetricIndexPk, goalOwnerIndexPk, goalParentIndexPk, goalsPk, tenantPk } from './keys.ts';
import { queryAll, queryExists, queryPage, type Page } from './query-pages.ts';
import { getEntities, getEntity, versionCondition } from './versioned-writes.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface GoalWrite {
  goal: Goal;
  /** 0 when the goal is new. */
  expectedVersion: number;
  /** The parent as it was read while checking the hierarchy; the write fails if it changed since. */
  parent?: { id: string; version: number } | undefined;
}

export interface GoalRepository {
  get(tenant: string, id: string): Promise<Goal | undefined>;
  getMany(tenant: string, ids: readonly string[]): Promise<Goal[]>;
  /** A page of goals; `visible` leaves out the goals the caller may not see. */
  list(tenant: string, query: GoalListQuery, visible?: (goal: Goal) => boolean): Promise<Page<Goal>>;
  all(tenant: string): Promise<Goal[]>;
  children(tenant: string, parentId: string): Promise<Goal[]>;
  /** Writes goals atomically (≤ 50): each at its expected version, each checked parent unchanged. */
  write(tenant: string, writes: readonly GoalWrite[]): Promise<void>;
  /** Deletes the goal and clears its children's `parentId`, in one transaction a chunk. */
  delete(tenant: string, goal: Goal): Promise<void>;
  hasGoalsForOwner(tenant: string, ownerType: string, ownerId: string): Promise<boolean>;
  hasGoalsForMetric(tenant: string, metricId: string): Promise<boolean>;
}

function toItem(tenant: string, goal: Goal): Record<string, unknown> {
  const key = goalKey(tenant, goal.id);
  return {
    ...key,
    entity: 'goal',
    gsi1pk: goalOwnerIndexPk(tenant, goal.owner.id),
    gsi1sk: key.sk,
    ...(goal.parentId ? { gsi2pk: goalParentIndexPk(tenant, goal.parentId), gsi2sk: key.sk } : {}),
    gsi3pk: goalMetricIndexPk(tenant, goal.metricId),
    gsi3sk: key.sk,
    ...goal,
  };
}

const parentCheck = (tenant: string, parent: { id: string; version: number }): TransactItem => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: goalKey(tenant, parent.id),
    ConditionExpression: 'version = :parentVersion',
    ExpressionAttributeValues: { ':parentVersion': parent.version },
  },
});

async function transact(items: TransactItem[], describe: (failed: number[]) => Error): Promise<void> {
  try {
    await ddb().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (isConditionFailure(error)) throw Object.assign(describe(failedConditionIndexes(error)), { cause: error });
    throw error;
  }
}

/** Picks the index that narrows the list most; the other filters become a filter expression. */
function listInput(tenant: string, query: GoalListQuery) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  let keyCondition: { IndexName?: string; KeyConditionExpression: string };
  if (query.ownerId) {
    keyCondition = { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk' };
    values[':pk'] = goalOwnerIndexPk(tenant, query.ownerId);
  } else if (query.parentId) {
    keyCondition = { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk' };
    values[':pk'] = goalParentIndexPk(tenant, query.parentId);
  } else if (query.metricId) {
    keyCondition = { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk' };
    values[':pk'] = goalMetricIndexPk(tenant, query.metricId);
  } else {
    keyCondition = { KeyConditionExpression: 'pk = :pk' };
    values[':pk'] = goalsPk(tenant);
  }
  if (query.ownerType) {
    Object.assign(names, { '#owner': 'owner', '#type': 'type' });
    values[':ownerType'] = query.ownerType;
    filters.push('#owner.#type = :ownerType');
  }
  if (query.parentId && query.ownerId) {
    values[':parentId'] = query.parentId;
    filters.push('parentId = :parentId');
  }
  if (query.metricId && (query.ownerId || query.parentId)) {
    values[':metricId'] = query.metricId;
    filters.push('metricId = :metricId');
  }
  if (query.activeOn) {
    Object.assign(names, { '#period': 'period', '#start': 'start', '#end': 'end' });
    values[':activeOn'] = query.activeOn;
    filters.push('#period.#start <= :activeOn AND #period.#end >= :activeOn');
  }
  return {
    ...keyCondition,
    ...(filters.length > 0 ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
}

const childrenQuery = (tenant: string, parentId: string) => ({
  IndexName: 'gsi2',
  KeyConditionExpression: 'gsi2pk = :pk',
  ExpressionAttributeValues: { ':pk': goalParentIndexPk(tenant, parentId) },
});

export const goalRepository: GoalRepository = {
  get: (tenant, id) => getEntity<Goal>(goalKey(tenant, id)),
  getMany: (tenant, ids) => getEntities<Goal>([...new Set(ids)].map((id) => goalKey(tenant, id))),
  list: (tenant, query, visible = () => true) =>
    queryPage(listInput(tenant, query), { limit: query.limit, cursor: query.cursor, tenantPrefix: tenantPk(tenant) }, (item) => {
      const goal = entityOf<Goal>(item);
      return visible(goal) ? goal : undefined;
    }),
  all: (tenant) =>
    queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': goalsPk(tenant) } }, (item) => entityOf<Goal>(item)),
  children: (tenant, parentId) => queryAll(childrenQuery(tenant, parentId), (item) => entityOf<Goal>(item)),

  async write(tenant, writes) {
    const items: TransactItem[] = [];
    const describe: Array<() => Error> = [];
    const checkedParents = new Set<string>();
    for (const { goal, expectedVersion, parent } of writes) {
      items.push({ Put: { TableName: tableName(), Item: toItem(tenant, goal), ...versionCondition(expectedVersion) } });
      describe.push(() =>
        expectedVersion === 0
          ? new ConflictError(`Goal ${goal.id} already exists`)
          : new VersionConflictError(`Goal ${goal.id} changed since it was read`),
      );
      if (parent && !writes.some((w) => w.goal.id === parent.id) && !checkedParents.has(parent.id)) {
        checkedParents.add(parent.id);
        items.push(parentCheck(tenant, parent));
        describe.push(() => new ConflictError(`Parent goal ${parent.id} changed while this goal was being saved; try again`));
      }
    }
    await transact(items, (failed) => (describe[failed[0] ?? 0] ?? describe[0]!)());
  },

  async delete(tenant, goal) {
    const children = await this.children(tenant, goal.id);
    const clearParent = (child: Goal): TransactItem => ({
      Update: {
        TableName: tableName(),
        Key: goalKey(tenant, child.id),
        UpdateExpression: 'SET parentId = :null, version = version + :one REMOVE gsi2pk, gsi2sk',
        ConditionExpression: 'parentId = :parentId',
        ExpressionAttributeValues: { ':null': null, ':one': 1, ':parentId': goal.id },
      },
    });
    const removeGoal: TransactItem = {
      Delete: { TableName: tableName(), Key: goalKey(tenant, goal.id), ...versionCondition(goal.version) },
    };
    const chunks: TransactItem[][] = [];
    for (let i = 0; i < children.length; i += 99) chunks.push(children.slice(i, i + 99).map(clearParent));
    if (chunks.length === 0) chunks.push([]);
    chunks[chunks.length - 1]!.push(removeGoal);
    // Children are released first: a failure part-way leaves the parent in place, never a dangling parentId.
    for (const chunk of chunks) {
      await transact(chunk, () => new VersionConflictError(`Goal ${goal.id} or one of its children changed; try again`));
    }
  },

  hasGoalsForOwner: (tenant, ownerType, ownerId) =>
    queryExists({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: '#owner.#type = :ownerType',
      ExpressionAttributeNames: { '#owner': 'owner', '#type': 'type' },
      ExpressionAttributeValues: { ':pk': goalOwnerIndexPk(tenant, ownerId), ':ownerType': ownerType },
    }),

  hasGoalsForMetric: (tenant, metricId) =>
    queryExists({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': goalMetricIndexPk(tenant, metricId) },
    }),
};
