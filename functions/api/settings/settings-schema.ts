import { IANAZone } from 'luxon';
import { z } from 'zod';
import { DEFAULT_TENANT_SETTINGS } from '../../../core/model/tenant-settings.ts';
import { CronFormatError, parseFiringCron } from '../../../core/schedule/cron.ts';
import { toEventBridgeCron } from '../../../core/schedule/eventbridge-cron.ts';
import { storableNumber } from '../../../core/values/storable-number.ts';
import { currencySchema } from '../../../core/model/primitives.ts';

const cronSchema = z
  .string()
  .max(100, { abort: true })
  .superRefine((value, ctx) => {
    try {
      parseFiringCron(value);
      toEventBridgeCron(value);
    } catch (error) {
      if (!(error instanceof CronFormatError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  });

export const settingsShape = {
  timezone: z.string().max(64, { abort: true }).refine((zone) => IANAZone.isValidZone(zone), 'Expected an IANA time zone such as "Europe/Oslo"'),
  fiscalYearStartMonth: storableNumber(1, 12, { int: true }),
  weekStartsOn: storableNumber(1, 7, { int: true }),
  defaultCurrency: currencySchema,
  paceTolerancePercent: storableNumber(0, 100),
  rollupSchedule: cronSchema,
  stopRollupDaysAfterEnd: storableNumber(0, 3650, { int: true }),
};

export const settingsSchema = z.strictObject(settingsShape);
export type Settings = z.infer<typeof settingsSchema>;

/** PUT /settings: any subset; fields left out keep their current value. */
export const settingsUpdateSchema = z.strictObject(settingsShape).partial();

export const settingsResponseSchema = z.object({ ...settingsShape, version: z.number().int() });

/** API.md's defaults, as core defines them. */
export const defaultSettings: Settings = { ...DEFAULT_TENANT_SETTINGS };
