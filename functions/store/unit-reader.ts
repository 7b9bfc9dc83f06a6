import { unitSchema, type Unit } from '../../core/model/unit.ts';
import { getItem, getItems } from './entity-reads.ts';
import { parseItem } from './items.ts';
import { tenantPk, unitKey, unitParentIndexPk } from './keys.ts';
import { queryAll, queryExists, queryPage } from './query-pages.ts';

const unitsQuery = (tenant: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(tenant), ':prefix': 'unit#' },
});

/** A stored unit item, parsed with the domain model (a StoredItemError when it does not match). */
const unitOf = (item: Record<string, unknown>): Unit => parseItem(unitSchema, item);

/** Reading units (a module of its own, so read-only functions get read-only rights). */
export const unitReader = {
  async get(tenant: string, id: string): Promise<Unit | undefined> {
    const item = await getItem(unitKey(tenant, id));
    return item && unitOf(item);
  },

  async getMany(tenant: string, ids: readonly string[]): Promise<Map<string, Unit>> {
    const items = await getItems([...new Set(ids)].map((id) => unitKey(tenant, id)));
    return new Map(items.map((item) => unitOf(item)).map((unit) => [unit.id, unit]));
  },

  list: (tenant: string, limit: number, cursor?: string) => queryPage(unitsQuery(tenant), { limit, cursor, tenantPrefix: tenantPk(tenant) }, unitOf),

  /** Every unit of the tenant (an organization has hundreds of units, not millions). */
  all: (tenant: string) => queryAll(unitsQuery(tenant), unitOf),

  hasChildren: (tenant: string, id: string) =>
    queryExists({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': unitParentIndexPk(tenant, id) },
    }),
};
