import type { StoredSettings } from '../../../core/model/tenant-settings.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';

/** The caller's tenant's settings, the defaults at version 0 until an admin stores some (every role may read them). */
export async function getSettings(ports: Pick<AppPorts, 'settings'>, principal: Principal): Promise<StoredSettings> {
  return ports.settings.get(principal.tenant);
}
