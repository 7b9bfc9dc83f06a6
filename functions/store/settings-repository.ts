import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { defaultSettings, type Settings } from '../api/settings/settings-schema.ts';
import { VersionConflictError } from '../shared/errors.ts';
import { ddb, tableName } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { settingsKey, tenantRegistryPk } from './keys.ts';
import { queryAll } from './query-pages.ts';
import { getEntity, versionCondition } from './versioned-writes.ts';

export type StoredSettings = Settings & { version: number };

export interface ScheduledTenant {
  tenant: string;
  timezone: string;
  rollupSchedule: string;
}

export interface SettingsRepository {
  get(tenant: string): Promise<StoredSettings>;
  put(tenant: string, settings: Settings, expectedVersion: number): Promise<StoredSettings>;
  /** Every tenant that stored settings, with its schedule (for the local scheduler). */
  scheduledTenants(): Promise<ScheduledTenant[]>;
}

export const settingsRepository: SettingsRepository = {
  /** The tenant's settings; the defaults (version 0) until an admin stores some. */
  async get(tenant) {
    const stored = await getEntity<Partial<StoredSettings> & { tenant?: string }>(settingsKey(tenant));
    if (!stored) return { ...defaultSettings, version: 0 };
    const { tenant: _tenant, ...values } = stored;
    return { ...defaultSettings, ...values, version: Number(values.version) };
  },

  /** Stores the settings if the stored version is still `expectedVersion` (0: none stored yet). */
  async put(tenant, settings, expectedVersion) {
    const next: StoredSettings = { ...settings, version: expectedVersion + 1 };
    try {
      await ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...settingsKey(tenant), gsi1pk: tenantRegistryPk, gsi1sk: settingsKey(tenant).pk, tenant, ...next },
          ...versionCondition(expectedVersion),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflictError('The settings changed since they were read', { cause: error });
      throw error;
    }
    return next;
  },

  scheduledTenants: () =>
    queryAll(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': tenantRegistryPk },
        ProjectionExpression: 'tenant, #timezone, rollupSchedule',
        ExpressionAttributeNames: { '#timezone': 'timezone' },
      },
      (item) => item as unknown as ScheduledTenant,
    ),
};
