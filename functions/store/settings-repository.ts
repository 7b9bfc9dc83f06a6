import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Settings } from '../api/settings/settings-schema.ts';
import { VersionConflictError } from '../shared/errors.ts';
import { ddb, tableName } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { settingsKey, tenantRegistryPk } from './keys.ts';
import { queryAll } from './query-pages.ts';
import { getSettings } from './settings-reader.ts';
import { versionCondition } from './versioned-writes.ts';

import type { StoredSettings } from './settings-reader.ts';

export type { StoredSettings };

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
  get: getSettings,

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
