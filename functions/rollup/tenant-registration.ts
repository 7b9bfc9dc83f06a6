import { DEFAULT_TENANT_SETTINGS as defaultSettings } from '../../core/model/tenant-settings.ts';
import { getSettings, hasSettingsItem } from '../store/settings-reader.ts';
import { settingsRepository } from '../store/settings-repository.ts';
import { syncTenantSchedule } from './tenant-schedules.ts';

/** Tenants this process has seen registered; the check costs one read per tenant and process. */
const registered = new Set<string>();

/**
 * Makes sure the tenant is rolled up nightly even if no admin ever stores settings (API.md: the
 * default schedule is nightly 02:00 UTC). Called after a goal is created: a tenant with goals gets
 * its schedule with the defaults and a registry entry (the defaults as version 0) the first time.
 *
 * The schedule is created before the registry entry, so a failure leaves nothing registered and the
 * next goal created tries again. If an admin stored settings in between, the registry entry is
 * refused and the schedule is synced again with the stored values.
 */
export async function ensureTenantScheduled(tenant: string): Promise<void> {
  if (registered.has(tenant)) return;
  if (!(await hasSettingsItem(tenant))) {
    await syncTenantSchedule(tenant, defaultSettings);
    if (!(await settingsRepository.registerDefaults(tenant))) {
      await syncTenantSchedule(tenant, await getSettings(tenant, { consistent: true }));
    }
  }
  registered.add(tenant);
}

/** Forgets what this process has seen (tests). */
export function forgetRegisteredTenants(): void {
  registered.clear();
}
