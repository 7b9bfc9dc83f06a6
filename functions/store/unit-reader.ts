import { unitSchema, type Unit } from '../../core/model/unit.ts';
import { getEntities, getEntity } from './entity-reads.ts';
import { unitKey, unitParentIndexPk } from './keys.ts';
import { queryExists, tenantEntities } from './query-pages.ts';

const units = tenantEntities('unit', unitSchema);

/** Reading units, each parsed with the domain model (a module of its own, so read-only functions get read-only rights). */
export const unitReader = {
  get: (tenant: string, id: string): Promise<Unit | undefined> => getEntity(unitKey(tenant, id), unitSchema),

  async getMany(tenant: string, ids: readonly string[]): Promise<Map<string, Unit>> {
    const found = await getEntities([...new Set(ids)].map((id) => unitKey(tenant, id)), unitSchema);
    return new Map(found.map((unit) => [unit.id, unit]));
  },

  list: units.list,
  all: units.all,

  hasChildren: (tenant: string, id: string) =>
    queryExists({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': unitParentIndexPk(tenant, id) },
    }),
};
