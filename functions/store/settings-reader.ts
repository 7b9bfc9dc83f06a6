import { DEFAULT_TENANT_SETTINGS, storedSettingsSchema, type StoredSettings } from '../../core/model/tenant-settings.ts';
import { getItem } from './entity-reads.ts';
import { parseItem } from './items.ts';
import { settingsKey } from './keys.ts';

/** The tenant's settings; the defaults (version 0) until an admin stores some. */
export async function getSettings(tenant: string, options: { consistent?: boolean } = {}): Promise<StoredSettings> {
  const item = await getItem(settingsKey(tenant), options);
  if (!item) return { ...DEFAULT_TENANT_SETTINGS, version: 0 };
  return parseItem(storedSettingsSchema, { ...DEFAULT_TENANT_SETTINGS, ...item });
}

/** Whether the tenant has a settings item (stored by an admin or registered with the defaults); a strongly consistent read. */
export async function hasSettingsItem(tenant: string): Promise<boolean> {
  return (await getItem(settingsKey(tenant), { consistent: true })) !== undefined;
}
