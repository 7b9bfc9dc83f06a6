import { DEFAULT_TENANT_SETTINGS, type StoredSettings } from '../../../core/model/tenant-settings.ts';
import type { Unit } from '../../../core/model/unit.ts';
import type { User } from '../../../core/model/user.ts';
import { VersionConflictError } from '../../../functions/shared/errors.ts';
import type { SettingsStore } from '../../../functions/use-cases/settings/ports.ts';
import type { UnitStore } from '../../../functions/use-cases/units/ports.ts';
import type { UserStore } from '../../../functions/use-cases/users/ports.ts';

interface Versioned {
  id: string;
  version: number;
}

/**
 * One tenant-partitioned, id-ordered collection of versioned entities with the DynamoDB
 * repositories' semantics: a put or delete whose expected version is not the stored one (0: nothing
 * stored) is a VersionConflictError, lists run in id order (the sort key's), and what goes in or
 * comes out is a copy, so a caller cannot change the store by changing an object it holds.
 */
function versionedCollection<T extends Versioned>(what: string) {
  const tenants = new Map<string, Map<string, T>>();
  const of = (tenant: string) => tenants.get(tenant) ?? tenants.set(tenant, new Map()).get(tenant)!;
  const inOrder = (tenant: string) => [...of(tenant).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const assertVersion = (tenant: string, id: string, expectedVersion: number) => {
    const stored = of(tenant).get(id);
    if (expectedVersion === 0 ? stored !== undefined : stored?.version !== expectedVersion) {
      throw new VersionConflictError(`${what} ${id} changed since it was read`);
    }
  };
  return {
    get: async (tenant: string, id: string): Promise<T | undefined> => {
      const stored = of(tenant).get(id);
      return stored && structuredClone(stored);
    },
    /** A page of `limit` in id order; the position is the last id handed out. */
    list: async (tenant: string, limit: number, cursor?: string) => {
      const rest = inOrder(tenant).filter((item) => cursor === undefined || item.id > cursor);
      const items = rest.slice(0, limit).map((item) => structuredClone(item));
      return { items, nextCursor: rest.length > limit ? items[items.length - 1]!.id : null };
    },
    /** The items of these ids that exist, by id. */
    getMany: async (tenant: string, ids: readonly string[]): Promise<Map<string, T>> => {
      const found = new Map<string, T>();
      for (const id of new Set(ids)) {
        const stored = of(tenant).get(id);
        if (stored) found.set(id, structuredClone(stored));
      }
      return found;
    },
    all: async (tenant: string) => inOrder(tenant).map((item) => structuredClone(item)),
    put: async (tenant: string, item: T, expectedVersion: number): Promise<void> => {
      assertVersion(tenant, item.id, expectedVersion);
      of(tenant).set(item.id, structuredClone(item));
    },
    delete: async (tenant: string, id: string, expectedVersion: number): Promise<void> => {
      assertVersion(tenant, id, expectedVersion);
      of(tenant).delete(id);
    },
    values: (tenant: string) => [...of(tenant).values()],
  };
}

/** Units in memory: the unit repository's port, with its version conditions. */
export function memoryUnits(): UnitStore {
  const units = versionedCollection<Unit>('Unit');
  return {
    get: units.get,
    getMany: units.getMany,
    list: units.list,
    all: units.all,
    put: units.put,
    hasChildren: async (tenant, id) => units.values(tenant).some((unit) => unit.parentId === id),
    delete: units.delete,
  };
}

/** Users in memory: the user repository's port, with its version conditions. */
export function memoryUsers(): UserStore {
  const users = versionedCollection<User>('User');
  return {
    get: users.get,
    existing: async (tenant, ids) => new Set((await users.getMany(tenant, ids)).keys()),
    list: users.list,
    all: users.all,
    put: users.put,
  };
}

/**
 * Settings in memory: the defaults (version 0) until stored, a put only at the stored version (0
 * also when only the defaults were registered), and the registry of tenants with a settings item.
 */
export function memorySettings(): SettingsStore {
  const stored = new Map<string, StoredSettings>();
  return {
    get: async (tenant) => structuredClone(stored.get(tenant) ?? { ...DEFAULT_TENANT_SETTINGS, version: 0 }),
    hasItem: async (tenant) => stored.has(tenant),
    async put(tenant, settings, expectedVersion) {
      if ((stored.get(tenant)?.version ?? 0) !== expectedVersion) throw new VersionConflictError('The settings changed since they were read');
      const next: StoredSettings = { ...structuredClone(settings), version: expectedVersion + 1 };
      stored.set(tenant, next);
      return structuredClone(next);
    },
    async registerDefaults(tenant) {
      if (stored.has(tenant)) return false;
      stored.set(tenant, { ...DEFAULT_TENANT_SETTINGS, version: 0 });
      return true;
    },
    scheduledTenants: async () =>
      [...stored]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([tenant, { timezone, rollupSchedule }]) => ({ tenant, timezone, rollupSchedule })),
  };
}
