import { IANAZone } from 'luxon';
import { z } from 'zod';
import { CronFormatError, parseFiringCron } from '../schedule/cron.ts';
import { toEventBridgeCron } from '../schedule/eventbridge-cron.ts';
import { storableNumber } from '../values/storable-number.ts';
import { currencySchema, versionSchema } from './primitives.ts';

/** A cron expression (tenant time) that fires, and that EventBridge Scheduler can run. */
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

/** The fields of a tenant's settings (API.md, settings). */
export const tenantSettingsShape = {
  /** IANA time zone, e.g. `Europe/Oslo`. */
  timezone: z.string().max(64, { abort: true }).refine((zone) => IANAZone.isValidZone(zone), 'Expected an IANA time zone such as "Europe/Oslo"'),
  /** Month (1–12) the fiscal year starts in. */
  fiscalYearStartMonth: storableNumber(1, 12, { int: true }),
  /** ISO weekday the week starts on: 1 = Monday … 7 = Sunday. */
  weekStartsOn: storableNumber(1, 7, { int: true }),
  /** ISO 4217 code assumed for money records that carry no `currency` field. */
  defaultCurrency: currencySchema,
  /** `on_track` band around the expected value, in percent of it (e.g. 5 → ±5 %). */
  paceTolerancePercent: storableNumber(0, 100),
  /** Cron expression (tenant time) of the scheduled rollup; not used by the calculation. */
  rollupSchedule: cronSchema,
  /** Goals whose period ended more than this many days ago are no longer recomputed. */
  stopRollupDaysAfterEnd: storableNumber(0, 3650, { int: true }),
};

/** A tenant's settings (API.md, settings). */
export const tenantSettingsSchema = z.object(tenantSettingsShape);
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

/** The settings as stored: with their version (0: the defaults, never written by an admin). */
export const storedSettingsSchema = tenantSettingsSchema.extend({ version: versionSchema });
export type StoredSettings = z.infer<typeof storedSettingsSchema>;

/** The defaults API.md gives for a tenant that never wrote its settings. */
export const DEFAULT_TENANT_SETTINGS: Readonly<TenantSettings> = Object.freeze({
  timezone: 'UTC',
  fiscalYearStartMonth: 1,
  weekStartsOn: 1,
  defaultCurrency: 'EUR',
  paceTolerancePercent: 5,
  rollupSchedule: '0 2 * * *',
  stopRollupDaysAfterEnd: 30,
});
