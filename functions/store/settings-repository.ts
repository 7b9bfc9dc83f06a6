import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { idSchema } from '../../core/model/primitives.ts';
import { DEFAULT_TENANT_SETTINGS, tenantSettingsSchema, type StoredSettings, type TenantSettings } from '../../core/model/tenant-settings.ts';
import { VersionConflictError } from '../shared/errors.ts';
import { ddb, tableName } from './client.ts';
import { conditionally, succeeded } from './conditional.ts';
import { parseItem } from './items.ts';
import { settingsKey, tenantRegistryPk } from './keys.ts';
import { queryAll } from './query-pages.ts';
import { getSettings, hasSettingsItem } from './settings-reader.ts';
import { versionCondition } from './versioned-writes.ts';
import type { SettingsStore } from '../use-cases/settings/ports.ts';

/** A tenant of the registry, with its schedule (the port's ScheduledTenant), as read from the registry index. */
const scheduledTenantSchema = tenantSettingsSchema.pick({ timezone: true, rollupSchedule: true }).extend({ tenant: idSchema });

const registryItem = (tenant: string, settings: StoredSettings) => ({
  ...settingsKey(tenant),
  gsi1pk: tenantRegistryPk,
  gsi1sk: settingsKey(tenant).pk,
  tenant,
  ...settings,
});

export const settingsRepository: SettingsStore = {
  get: getSettings,
  hasItem: hasSettingsItem,

  /** Stores the settings if the stored version is still `expectedVersion` (0: none stored, or only the registered defaults). */
  async put(tenant, settings, expectedVersion) {
    const next: StoredSettings = { ...settings, version: expectedVersion + 1 };
    const condition =
      expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(pk) OR version = :zero', ExpressionAttributeValues: { ':zero': 0 } }
        : versionCondition(expectedVersion);
    await conditionally(
      () => ddb().send(new PutCommand({ TableName: tableName(), Item: registryItem(tenant, next), ...condition })),
      (error) => {
        throw new VersionConflictError('The settings changed since they were read', { cause: error });
      },
    );
    return next;
  },

  registerDefaults: (tenant) =>
    succeeded(() =>
      ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: registryItem(tenant, { ...DEFAULT_TENANT_SETTINGS, version: 0 }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ),

  scheduledTenants: () =>
    queryAll(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': tenantRegistryPk },
        ProjectionExpression: 'tenant, #timezone, rollupSchedule',
        ExpressionAttributeNames: { '#timezone': 'timezone' },
      },
      (item) => parseItem(scheduledTenantSchema, item),
    ),
};
