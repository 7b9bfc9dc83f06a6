import { z } from 'zod';
import { instantSchema } from '../../../core/model/primitives.ts';
import { storedSettingsSchema, tenantSettingsShape } from '../../../core/model/tenant-settings.ts';
import { shownRuns } from '../../use-cases/settings/next-runs.ts';

/** PUT /settings: any subset of the settings; fields left out keep their current value. */
export const settingsUpdateSchema = z.strictObject(tenantSettingsShape).partial();

/** GET and PUT /settings answer the stored settings with the schedule's next runs (read-only). */
export const settingsResponseSchema = storedSettingsSchema.extend({
  nextRuns: z
    .array(instantSchema)
    .max(shownRuns)
    .meta({
      readOnly: true,
      description: `The next ${shownRuns} instants at which rollupSchedule fires in timezone (computed at each read; not stored, not accepted in PUT)`,
    }),
});
