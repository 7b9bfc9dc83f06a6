import { z } from 'zod';
import { goalSchema, type Goal } from '../../core/model/goal.ts';
import { versionSchema } from '../../core/model/primitives.ts';
import { logger } from '../shared/observability.ts';
import type { GoalListFilter } from '../use-cases/goals/ports.ts';
import type { Page } from '../use-cases/ports.ts';
import { getEntities, getEntity } from './entity-reads.ts';
import { entityOf, parseItem } from './items.ts';
import { goalHierarchyKey, goalKey, goalMetricIndexPk, goalOwnerIndexPk, goalParentIndexPk, goalsPk, tenantPk } from './keys.ts';
import { queryAll, queryExists, queryPage } from './query-pages.ts';

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

/** A stored goal item, parsed with the domain model (a StoredItemError when it does not match). */
const goalOf = (item: Record<string, unknown>): Goal => parseItem(goalSchema, item);

/**
 * A goal item for the rollup: parsed, or, when it does not match the model (written around the
 * API), passed on as stored, so that the run fails this goal alone and it keeps its previous
 * result (core's goalDefect and goal preparation say why) instead of the tenant's run failing.
 */
function goalOrAsStored(item: Record<string, unknown>): Goal {
  const parsed = goalSchema.safeParse(item);
  return parsed.success ? parsed.data : entityOf<Goal>(item);
}

/**
 * A goal item of a list page: parsed, or — when it does not match the model (written around the API)
 * — left out of the page and logged, so that one broken goal does not stop the tenant's lists.
 */
function goalInList(item: Record<string, unknown>): Goal | undefined {
  const parsed = goalSchema.safeParse(item);
  if (parsed.success) return parsed.data;
  logger.error('A stored goal does not match the model; it is left out of the list', { pk: String(item.pk), sk: String(item.sk), problems: z.prettifyError(parsed.error) });
  return undefined;
}

const goalLinkSchema = goalSchema.pick({ id: true, parentId: true });
const hierarchySchema = z.object({ version: versionSchema });

/** Every goal of the tenant, for the rollup and the live path: see {@link goalOrAsStored}. (Alone, so a function that needs only this bundles only this.) */
export const allGoals = (tenant: string) =>
  queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': goalsPk(tenant) } }, goalOrAsStored);

/** Reading goals (a module of its own, so read-only functions get read-only rights). */
export const goalReader = {
  get: (tenant: string, id: string, options?: { consistent?: boolean }) => getEntity(goalKey(tenant, id), goalSchema, options),
  getMany: (tenant: string, ids: readonly string[]) => getEntities([...new Set(ids)].map((id) => goalKey(tenant, id)), goalSchema),
  list: (tenant: string, query: GoalListFilter, visible: (goal: Goal) => boolean = () => true): Promise<Page<Goal>> =>
    queryPage(listInput(tenant, query), { limit: query.limit, cursor: query.cursor, tenantPrefix: tenantPk(tenant) }, (item) => {
      const goal = goalInList(item);
      return goal && visible(goal) ? goal : undefined;
    }),
  all: allGoals,
  children: (tenant: string, parentId: string) => queryAll(childrenQuery(tenant, parentId), goalOf),

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
      (item) => {
        const { id, parentId } = parseItem(goalLinkSchema, item);
        return [id, parentId] as const;
      },
    );
    return new Map(links);
  },

  /** The version of the tenant's goal hierarchy (0 before any goal changed its parent); read consistently. */
  hierarchyVersion: async (tenant: string): Promise<number> =>
    (await getEntity(goalHierarchyKey(tenant), hierarchySchema, { consistent: true }))?.version ?? 0,

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
