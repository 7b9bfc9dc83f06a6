import type { Unit } from '../api/units/unit-schema.ts';
import { entityOf } from './items.ts';
import { tenantPk, unitKey, unitParentIndexPk } from './keys.ts';
import { queryAll, queryExists, queryPage, type Page } from './query-pages.ts';
import { deleteVersioned, getEntities, getEntity, putVersioned } from './versioned-writes.ts';

export interface UnitRepository {
  get(tenant: string, id: string): Promise<Unit | undefined>;
  getMany(tenant: string, ids: readonly string[]): Promise<Map<string, Unit>>;
  list(tenant: string, limit: number, cursor?: string): Promise<Page<Unit>>;
  /** Every unit of the tenant (an organization has hundreds of units, not millions). */
  all(tenant: string): Promise<Unit[]>;
  /** Writes the unit if the stored version is `expectedVersion` (0: it must not exist yet). */
  put(tenant: string, unit: Unit, expectedVersion: number): Promise<void>;
  hasChildren(tenant: string, id: string): Promise<boolean>;
  delete(tenant: string, id: string, expectedVersion: number): Promise<void>;
}

const unitsQuery = (tenant: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(tenant), ':prefix': 'unit#' },
});

export const unitRepository: UnitRepository = {
  get: (tenant, id) => getEntity<Unit>(unitKey(tenant, id)),

  async getMany(tenant, ids) {
    const units = await getEntities<Unit>([...new Set(ids)].map((id) => unitKey(tenant, id)));
    return new Map(units.map((unit) => [unit.id, unit]));
  },

  list: (tenant, limit, cursor) =>
    queryPage(unitsQuery(tenant), { limit, cursor, tenantPrefix: tenantPk(tenant) }, (item) => entityOf<Unit>(item)),

  all: (tenant) => queryAll(unitsQuery(tenant), (item) => entityOf<Unit>(item)),

  put: (tenant, unit, expectedVersion) =>
    putVersioned(
      {
        ...unitKey(tenant, unit.id),
        entity: 'unit',
        gsi1pk: unitParentIndexPk(tenant, unit.parentId),
        gsi1sk: unitKey(tenant, unit.id).sk,
        ...unit,
      },
      expectedVersion,
      `Unit ${unit.id}`,
    ),

  hasChildren: (tenant, id) =>
    queryExists({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': unitParentIndexPk(tenant, id) },
    }),

  delete: (tenant, id, expectedVersion) => deleteVersioned(unitKey(tenant, id), expectedVersion, `Unit ${id}`),
};
