import type { Unit } from '../../../core/model/unit.ts';
import type { Page } from '../ports.ts';

/** The tenant's units (functions/store/unit-repository.ts in AWS; test/support/memory/org.ts in tests). */
export interface UnitStore {
  get(tenant: string, id: string): Promise<Unit | undefined>;
  /** The units of these ids that exist, by id. */
  getMany(tenant: string, ids: readonly string[]): Promise<Map<string, Unit>>;
  /** A page in id order; `cursor` is the store's position where the previous page stopped. */
  list(tenant: string, limit: number, cursor?: string): Promise<Page<Unit>>;
  /** Every unit of the tenant (an organization has hundreds of units, not millions). */
  all(tenant: string): Promise<Unit[]>;
  /** Writes the unit if the stored version is `expectedVersion` (0: it must not exist yet); VersionConflictError otherwise. */
  put(tenant: string, unit: Unit, expectedVersion: number): Promise<void>;
  /** Whether any unit has this one as its parent. */
  hasChildren(tenant: string, id: string): Promise<boolean>;
  /** Deletes the unit if the stored version is `expectedVersion`; VersionConflictError otherwise (a missing unit included). */
  delete(tenant: string, id: string, expectedVersion: number): Promise<void>;
}
