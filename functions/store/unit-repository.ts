import type { UnitStore } from '../use-cases/units/ports.ts';
import { unitKey, unitParentIndexPk } from './keys.ts';
import { unitReader } from './unit-reader.ts';
import { deleteVersioned, putVersioned } from './versioned-writes.ts';

export const unitRepository: UnitStore = {
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
