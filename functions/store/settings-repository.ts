import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { defaultSettings, type Settings } from '../api/settings/settings-schema.ts';
import { VersionConflictError } from '../shared/errors.ts';
import { ddb, tableName } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { settingsKey } from './keys.ts';

export type StoredSettings = Settings & { version: number };

export interface SettingsRepository {
  get(tenant: string): Promise<StoredSettings>;
  put(tenant: string, settings: Settings, expectedVersion: number): Promise<StoredSettings>;
}

export const settingsRepository: SettingsRepository = {
  /** The tenant's settings; the defaults (version 0) until an admin stores some. */
  async get(tenant) {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: settingsKey(tenant) }));
    if (!Item) return { ...defaultSettings, version: 0 };
    const { pk: _pk, sk: _sk, ...stored } = Item;
    return { ...defaultSettings, ...(stored as Partial<StoredSettings>), version: Number(stored.version) };
  },

  /** Stores the settings if the stored version is still `expectedVersion` (0: none stored yet). */
  async put(tenant, settings, expectedVersion) {
    const next: StoredSettings = { ...settings, version: expectedVersion + 1 };
    try {
      await ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...settingsKey(tenant), ...next },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflictError('The settings changed since they were read', { cause: error });
      throw error;
    }
    return next;
  },
};
