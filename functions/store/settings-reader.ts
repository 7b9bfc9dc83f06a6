import { defaultSettings, type Settings } from '../api/settings/settings-schema.ts';
import { getEntity } from './entity-reads.ts';
import { settingsKey } from './keys.ts';

export type StoredSettings = Settings & { version: number };

/** The tenant's settings; the defaults (version 0) until an admin stores some. */
export async function getSettings(tenant: string, options: { consistent?: boolean } = {}): Promise<StoredSettings> {
  const stored = await getEntity<Partial<StoredSettings> & { tenant?: string }>(settingsKey(tenant), options);
  if (!stored) return { ...defaultSettings, version: 0 };
  const { tenant: _tenant, ...values } = stored;
  return { ...defaultSettings, ...values, version: Number(values.version) };
}

/** Whether the tenant has a settings item (stored by an admin or registered with the defaults); a strongly consistent read. */
export async function hasSettingsItem(tenant: string): Promise<boolean> {
  return (await getEntity(settingsKey(tenant), { consistent: true })) !== undefined;
}
