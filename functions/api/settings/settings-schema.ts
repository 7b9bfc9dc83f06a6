import { z } from 'zod';
import { storedSettingsSchema, tenantSettingsShape } from '../../../core/model/tenant-settings.ts';

/** PUT /settings: any subset; fields left out keep their current value. */
export const settingsUpdateSchema = z.strictObject(tenantSettingsShape).partial();

export const settingsResponseSchema = storedSettingsSchema;
