import { DEFAULT_TENANT_SETTINGS } from '../../../core/model/tenant-settings.ts';
import type { AppPorts } from '../ports.ts';

export type ScheduleTenantPorts = Pick<AppPorts, 'settings' | 'scheduler' | 'scheduledTenants'>;

/**
 * Makes sure the tenant is rolled up nightly even if no admin ever stores settings (API.md: the
 * default schedule is nightly 02:00 UTC). Called after a goal is created: a tenant with goals gets
 * its schedule with the defaults and a registry entry (the defaults as version 0) the first time.
 *
 * The schedule is created before the registry entry, so a failure leaves nothing registered and the
 * next goal created tries again. If an admin stored settings in between, the registry entry is
 * refused and the schedule is synced again with the stored values. Each process checks a tenant
 * once (`scheduledTenants`).
 */
export async function scheduleTenant(ports: ScheduleTenantPorts, tenant: string): Promise<void> {
  if (ports.scheduledTenants.has(tenant)) return;
  if (!(await ports.settings.hasItem(tenant))) {
    await ports.scheduler(tenant, DEFAULT_TENANT_SETTINGS);
    if (!(await ports.settings.registerDefaults(tenant))) {
      await ports.scheduler(tenant, await ports.settings.get(tenant, { consistent: true }));
    }
  }
  ports.scheduledTenants.add(tenant);
}
