import type { Unit } from '../../core/model/unit.ts';
import { unitKey, unitParentIndexPk } from './keys.ts';
import type { Page } from './query-pages.ts';
import { unitReader } from './unit-reader.ts';
import { deleteVersioned, putVersioned } from './versioned-writes.ts';

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

export const unitRepository: UnitRepository = {
  ...unitReader,

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

  delete: (tenant, id, expectedVersion) => deleteVersioned(unitKey(tenant, id), expectedVersion, `Unit ${id}`),
};
