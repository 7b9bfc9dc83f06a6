import type { CalendarSettings } from '../periods/resolve-period.ts';

/** A tenant's settings (API.md, settings). */
export interface TenantSettings extends CalendarSettings {
  /** ISO 4217 code assumed for money records that carry no `currency` field. */
  defaultCurrency: string;
  /** `on_track` band around the expected value, in percent of it (e.g. 5 → ±5 %). */
  paceTolerancePercent: number;
  /** Cron expression (tenant time) of the scheduled rollup; not used by the calculation. */
  rollupSchedule: string;
  /** Goals whose period ended more than this many days ago are no longer recomputed. */
  stopRollupDaysAfterEnd: number;
}

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
