import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Goal } from '../../core/model/goal.ts';
import type { GoalStore } from '../use-cases/goals/ports.ts';
import { ConflictError, GoalHierarchyChangedError, VersionConflictError } from '../shared/errors.ts';
import { ddb, tableName } from './client.ts';
import { cancelledIndexes, isConditionFailure } from './conditional.ts';
import { goalReader } from './goal-reader.ts';
import { DYNAMODB_LIMITS, dynamoItemSize } from './item-size.ts';
import { goalHierarchyKey, goalKey, goalMetricIndexPk, goalOwnerIndexPk, goalParentIndexPk } from './keys.ts';
import { versionCondition } from './versioned-writes.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The stored item of a goal: its key, its owner, parent and metric index keys, and the goal. */
export function toItem(tenant: string, goal: Goal): Record<string, unknown> {
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

/** Raises the tenant's hierarchy version, insisting it is still the one read before the check. */
const hierarchyUpdate = (tenant: string, version: number): TransactItem => ({
  Update: {
    TableName: tableName(),
    Key: goalHierarchyKey(tenant),
    UpdateExpression: 'SET version = :next',
    ConditionExpression: version === 0 ? 'attribute_not_exists(version)' : 'version = :read',
    ExpressionAttributeValues: { ':next': version + 1, ...(version === 0 ? {} : { ':read': version }) },
  },
});

/**
 * Sends one transaction; a failed condition becomes `describe(failed indexes)`, and so does a
 * conflict with a concurrent transaction on an item `describeConflicts` names.
 */
async function transact(items: TransactItem[], describe: (failed: number[]) => Error, describeConflicts: (index: number) => boolean = () => false): Promise<void> {
  try {
    await ddb().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (isConditionFailure(error)) throw Object.assign(describe(cancelledIndexes(error, 'ConditionalCheckFailed')), { cause: error });
    // Another transaction was changing these items at the same time.
    const conflicts = cancelledIndexes(error, 'TransactionConflict').filter(describeConflicts);
    if (conflicts.length > 0) throw Object.assign(describe(conflicts), { cause: error });
    throw error;
  }
}

export const goalRepository: GoalStore = {
  ...goalReader,
  writeLimits: { actions: DYNAMODB_LIMITS.transactionActions, bytes: DYNAMODB_LIMITS.transactionBytes },
  // The bytes DynamoDB counts for the goal's item, keys and index keys included.
  goalBytes: (tenant, goal) => dynamoItemSize(toItem(tenant, goal)),

  async write(tenant, writes, options = {}) {
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
    // Last, so a goal that changed meanwhile is reported as such (412 or a fresh read) before the hierarchy.
    const { hierarchyVersion } = options;
    const hierarchyIndex = hierarchyVersion === undefined ? -1 : items.length;
    if (hierarchyVersion !== undefined) {
      items.push(hierarchyUpdate(tenant, hierarchyVersion));
      describe.push(() => new GoalHierarchyChangedError('Another change of the goal hierarchy was saved at the same time; try again'));
    }
    await transact(items, (failed) => (describe[failed[0] ?? 0] ?? describe[0]!)(), (index) => index === hierarchyIndex);
  },

  async delete(tenant, goal) {
    const children = await goalReader.children(tenant, goal.id);
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
};
