import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { withNextRuns, type SettingsView } from './next-runs.ts';

/**
 * The caller's tenant's settings, the defaults at version 0 until an admin stores some (every role
 * may read them), with the schedule's next runs from the clock's now.
 */
export async function getSettings(ports: Pick<AppPorts, 'settings' | 'clock'>, principal: Principal): Promise<SettingsView> {
  return withNextRuns(await ports.settings.get(principal.tenant), ports.clock.now());
}
