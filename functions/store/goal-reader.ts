import type { Goal } from '../../core/model/goal.ts';
import type { GoalListFilter } from '../use-cases/goals/ports.ts';
import { getEntities, getEntity } from './entity-reads.ts';
import { entityOf } from './items.ts';
import { goalHierarchyKey, goalKey, goalMetricIndexPk, goalOwnerIndexPk, goalParentIndexPk, goalsPk, tenantPk } from './keys.ts';
import { queryAll, queryExists, queryPage, type Page } from './query-pages.ts';

/** Picks the index that narrows the list most; the other filters become a filter expression. */
function listInput(tenant: string, query: GoalListFilter) {
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
    ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
    // DynamoDB refuses an empty ExpressionAttributeNames: only the owner-type and date filters use names.
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
}

const childrenQuery = (tenant: string, parentId: string) => ({
  IndexName: 'gsi2',
  KeyConditionExpression: 'gsi2pk = :pk',
  ExpressionAttributeValues: { ':pk': goalParentIndexPk(tenant, parentId) },
});

/** Reading goals (a module of its own, so read-only functions get read-only rights). */
export const goalReader = {
  get: (tenant: string, id: string, options?: { consistent?: boolean }) => getEntity<Goal>(goalKey(tenant, id), options),
  getMany: (tenant: string, ids: readonly string[]) => getEntities<Goal>([...new Set(ids)].map((id) => goalKey(tenant, id))),
  list: (tenant: string, query: GoalListFilter, visible: (goal: Goal) => boolean = () => true): Promise<Page<Goal>> =>
    queryPage(listInput(tenant, query), { limit: query.limit, cursor: query.cursor, tenantPrefix: tenantPk(tenant) }, (item) => {
      const goal = entityOf<Goal>(item);
      return visible(goal) ? goal : undefined;
    }),
  all: (tenant: string) =>
    queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': goalsPk(tenant) } }, (item) => entityOf<Goal>(item)),
  children: (tenant: string, parentId: string) => queryAll(childrenQuery(tenant, parentId), (item) => entityOf<Goal>(item)),

  /** Every goal's parent (id → parentId), from one paged, consistent Query of the tenant's goals (ids only are sent back). */
  async parentLinks(tenant: string): Promise<Map<string, string | null>> {
    const links = await queryAll(
      {
        KeyConditionExpression: 'pk = :pk',
        ConsistentRead: true,
        ProjectionExpression: '#id, parentId',
        ExpressionAttributeNames: { '#id': 'id' },
        ExpressionAttributeValues: { ':pk': goalsPk(tenant) },
      },
      (item) => [item.id as string, (item.parentId as string | null | undefined) ?? null] as const,
    );
    return new Map(links);
  },

  /** The version of the tenant's goal hierarchy (0 before any goal changed its parent); read consistently. */
  hierarchyVersion: async (tenant: string): Promise<number> =>
    (await getEntity<{ version: number }>(goalHierarchyKey(tenant), { consistent: true }))?.version ?? 0,

  hasGoalsForOwner: (tenant: string, ownerType: string, ownerId: string) =>
    queryExists({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: '#owner.#type = :ownerType',
      ExpressionAttributeNames: { '#owner': 'owner', '#type': 'type' },
      ExpressionAttributeValues: { ':pk': goalOwnerIndexPk(tenant, ownerId), ':ownerType': ownerType },
    }),

  hasGoalsForMetric: (tenant: string, metricId: string) =>
    queryExists({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': goalMetricIndexPk(tenant, metricId) },
    }),
};
