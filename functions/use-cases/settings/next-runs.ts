import { parseCron } from '../../../core/schedule/cron.ts';
import { nextFireTimes } from '../../../core/schedule/next-fire-time.ts';
import type { StoredSettings } from '../../../core/model/tenant-settings.ts';

/** How many of the schedule's next runs GET and PUT /settings show. */
export const shownRuns = 3;

/** The settings as GET and PUT /settings answer them: with the schedule's next runs (read-only, never stored). */
export type SettingsView = StoredSettings & { nextRuns: string[] };

/**
 * The settings with the next {@link shownRuns} instants after `nowMs` at which their rollup
 * schedule fires in their time zone, found by the code the local scheduler runs on, which fires as
 * EventBridge Scheduler does (core/schedule/next-fire-time.ts): a skipped local time is skipped, a
 * repeated one fires once.
 */
export function withNextRuns(settings: StoredSettings, nowMs: number): SettingsView {
  const runs = nextFireTimes(parseCron(settings.rollupSchedule), nowMs, settings.timezone, shownRuns);
  return { ...settings, nextRuns: runs.map((ms) => new Date(ms).toISOString()) };
}
