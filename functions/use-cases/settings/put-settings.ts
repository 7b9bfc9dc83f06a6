import type { TenantSettings } from '../../../core/model/tenant-settings.ts';
import { admins, assertRole } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { assertIfMatch } from '../versions.ts';
import { withNextRuns, type SettingsView } from './next-runs.ts';

/**
 * Stores the tenant's settings (admins only): the fields given replace the current ones, the others
 * keep their value, and the version counts up even when nothing changed. `expectedVersion`
 * (If-Match) must be the stored version, 0 for the defaults (VersionConflictError); the write is
 * conditional on the version read. The tenant's nightly schedule follows its settings: it is
 * (re)written the first time settings are stored and whenever the schedule or the time zone change.
 * The answer shows the stored schedule's next runs from the clock's now.
 */
export async function putSettings(
  ports: Pick<AppPorts, 'settings' | 'scheduler' | 'clock'>,
  principal: Principal,
  input: { changes: Partial<TenantSettings>; expectedVersion?: number | undefined },
): Promise<SettingsView> {
  assertRole(principal, admins, 'change the settings');
  const { tenant } = principal;
  const { version, ...current } = await ports.settings.get(tenant);
  assertIfMatch(input.expectedVersion, version, 'The settings');
  const stored = await ports.settings.put(tenant, { ...current, ...input.changes }, version);
  if (version === 0 || stored.rollupSchedule !== current.rollupSchedule || stored.timezone !== current.timezone) {
    await ports.scheduler(tenant, stored);
  }
  return withNextRuns(stored, ports.clock.now());
}
