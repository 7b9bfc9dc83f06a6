import type { StoredSettings, TenantSettings } from '../../../core/model/tenant-settings.ts';

/** A tenant of the registry, with its schedule. */
export type ScheduledTenant = Pick<TenantSettings, 'timezone' | 'rollupSchedule'> & { tenant: string };

/** Each tenant's settings and the registry of tenants (functions/store/settings-repository.ts in AWS; test/support/memory/org.ts in tests). */
export interface SettingsStore {
  /** The tenant's settings; the defaults (version 0) until an admin stores some. */
  get(tenant: string, options?: { consistent?: boolean }): Promise<StoredSettings>;
  /** Whether the tenant has a settings item (stored, or registered defaults); strongly consistent. */
  hasItem(tenant: string): Promise<boolean>;
  /**
   * Stores the settings at `expectedVersion + 1` if the stored version is still `expectedVersion`
   * (0: none stored, or only the registered defaults); VersionConflictError otherwise.
   */
  put(tenant: string, settings: TenantSettings, expectedVersion: number): Promise<StoredSettings>;
  /**
   * Registers a tenant that has no settings item yet with the defaults as version 0, so it is listed
   * in the tenant registry (and scheduled) while its settings still read "defaults, version 0".
   * False when the tenant has a settings item already.
   */
  registerDefaults(tenant: string): Promise<boolean>;
  /** Every registered tenant (stored settings or registered defaults), with its schedule (for the local scheduler). */
  scheduledTenants(): Promise<ScheduledTenant[]>;
}
