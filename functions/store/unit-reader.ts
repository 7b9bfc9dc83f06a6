import type { Unit } from '../../core/model/unit.ts';
import { getEntities, getEntity } from './entity-reads.ts';
import { entityOf } from './items.ts';
import { tenantPk, unitKey, unitParentIndexPk } from './keys.ts';
import { queryAll, queryExists, queryPage } from './query-pages.ts';

const unitsQuery = (tenant: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(tenant), ':prefix': 'unit#' },
});

/** Reading units (a module of its own, so read-only functions get read-only rights). */
export const unitReader = {
  get: (tenant: string, id: string) => getEntity<Unit>(unitKey(tenant, id)),

  async getMany(tenant: string, ids: readonly string[]): Promise<Map<string, Unit>> {
    const units = await getEntities<Unit>([...new Set(ids)].map((id) => unitKey(tenant, id)));
    return new Map(units.map((unit) => [unit.id, unit]));
  },

  list: (tenant: string, limit: number, cursor?: string) =>
    queryPage(unitsQuery(tenant), { limit, cursor, tenantPrefix: tenantPk(tenant) }, (item) => entityOf<Unit>(item)),

  /** Every unit of the tenant (an organization has hundreds of units, not millions). */
  all: (tenant: string) => queryAll(unitsQuery(tenant), (item) => entityOf<Unit>(item)),

  hasChildren: (tenant: string, id: string) =>
    queryExists({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': unitParentIndexPk(tenant, id) },
    }),
};
