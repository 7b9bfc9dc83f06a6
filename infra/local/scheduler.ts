/**
 * The local stand-in for EventBridge Scheduler: sends each tenant's scheduled rollup event on the
 * tenant's `rollupSchedule` cron in its own time zone, with the same DST rules (a local time skipped
 * when clocks spring forward does not fire; one that happens twice in autumn fires once, at its
 * first occurrence), because both use `nextFireTime` from core.
 */
import { IANAZone } from 'luxon';
import { parseCron, type CronSchedule } from '../../core/schedule/cron.ts';
import { nextFireTime } from '../../core/schedule/next-fire-time.ts';
import type { ScheduledRollupEvent } from '../../functions/use-cases/rollups/rollup-event.ts';

/** The time source of the scheduler; tests pass a fake one. */
export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SchedulerTenant {
  readonly tenant: string;
  readonly timezone: string;
  readonly rollupSchedule: string;
}

export interface TenantPlan extends SchedulerTenant {
  /** The next instant the tenant's rollup is sent (ms since the epoch), or null if the cron never fires. */
  readonly nextFireMs: number | null;
}

export interface LocalSchedulerOptions {
  /** Default: the real clock. */
  readonly clock?: SchedulerClock;
  /** Every tenant with its schedule (locally: `settingsRepository.scheduledTenants`). */
  readonly listTenants: () => Promise<readonly SchedulerTenant[]>;
  /** Hands the scheduled event to the worker (locally: a worker process). Not awaited by the timer. */
  readonly dispatch: (event: ScheduledRollupEvent) => Promise<void>;
  /** A failed tenant listing, a bad schedule, a failed dispatch. Default: console.error. */
  readonly onError?: (error: unknown, tenant?: string) => void;
  /** A line per fired event and per schedule change. Default: none. */
  readonly log?: (line: string) => void;
  /** How often the tenants are re-read. Default 60 s. */
  readonly refreshMs?: number;
  /** The longest single timer sleep before the clock is looked at again. Default 60 s. */
  readonly maxSleepMs?: number;
}

export interface LocalScheduler {
  /** Resolves once the tenants were read the first time (successfully or not). */
  readonly ready: Promise<void>;
  /** Each known tenant with its next fire instant. */
  plans(): TenantPlan[];
  /** No timer, no refresh and no dispatch after this. */
  stop(): void;
}

interface TenantState extends SchedulerTenant {
  readonly cron: CronSchedule;
  nextFireMs: number | null;
  lastFiredMs: number | undefined;
}

/** An instant as the log and `npm start` print it: `2026-11-24T01:00:00Z`. */
export const formatInstant = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/**
 * Starts the scheduler. At start-up (and for a tenant that appears later) the next fire instant is
 * the first one after that moment: runs missed while nothing was running are not caught up. Each
 * fire instant is dispatched once, however late or often the timer fires; if the clock jumped over
 * several instants (a laptop asleep), only the latest is sent.
 */
export function startLocalScheduler(options: LocalSchedulerOptions): LocalScheduler {
  const clock = options.clock ?? realClock;
  const refreshMs = options.refreshMs ?? 60_000;
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  const onError = options.onError ?? ((error: unknown, tenant?: string) => console.error(`[scheduler]${tenant ? ` ${tenant}:` : ''}`, error));
  const log = options.log ?? (() => {});

  const tenants = new Map<string, TenantState>();
  /** Tenants whose schedule could not be used, with it, so each bad schedule is reported once. */
  const rejected = new Map<string, string>();
  let stopped = false;
  let timer: unknown;
  let refreshing = false;
  let firstReading = true;
  let nextRefreshMs = clock.now();

  function refresh(): Promise<void> {
    const startedMs = clock.now();
    nextRefreshMs = startedMs + refreshMs;
    refreshing = true;
    return (async () => {
      try {
        const listed = await options.listTenants();
        if (!stopped) apply(listed, startedMs);
      } catch (error) {
        if (!stopped) onError(error);
      } finally {
        firstReading = false;
        refreshing = false;
        if (!stopped) tick();
      }
    })();
  }

  function apply(listed: readonly SchedulerTenant[], seenMs: number): void {
    const seen = new Set<string>();
    for (const { tenant, timezone, rollupSchedule } of listed) {
      seen.add(tenant);
      const known = tenants.get(tenant);
      if (known && known.timezone === timezone && known.rollupSchedule === rollupSchedule) continue;
      const configuration = `${rollupSchedule} ${timezone}`;
      if (rejected.get(tenant) === configuration) continue;
      let cron: CronSchedule;
      try {
        if (!IANAZone.isValidZone(timezone)) throw new Error(`"${timezone}" is not an IANA time zone`);
        cron = parseCron(rollupSchedule);
      } catch (error) {
        tenants.delete(tenant);
        rejected.set(tenant, configuration);
        onError(error, tenant);
        continue;
      }
      rejected.delete(tenant);
      // A changed schedule starts from now, but never sends an instant already sent again.
      const fromMs = Math.max(seenMs, known?.lastFiredMs ?? -Infinity);
      const state: TenantState = { tenant, timezone, rollupSchedule, cron, lastFiredMs: known?.lastFiredMs, nextFireMs: nextFireTime(cron, fromMs, timezone) };
      tenants.set(tenant, state);
      // The first reading is for the caller to print; later ones say what changed.
      if (known || !firstReading) log(`[scheduler] ${tenant}: ${known ? 'now ' : ''}"${rollupSchedule}" ${timezone}, next run ${describe(state.nextFireMs)}`);
    }
    for (const tenant of tenants.keys()) {
      if (seen.has(tenant)) continue;
      tenants.delete(tenant);
      log(`[scheduler] ${tenant}: no settings any more, no scheduled runs`);
    }
    for (const tenant of rejected.keys()) if (!seen.has(tenant)) rejected.delete(tenant);
  }

  function fireDue(nowMs: number): void {
    for (const state of tenants.values()) {
      // Never an instant already sent (after a clock set back, or a schedule changed right after a run).
      if (state.nextFireMs !== null && state.lastFiredMs !== undefined && state.nextFireMs <= state.lastFiredMs) {
        state.nextFireMs = nextFireTime(state.cron, state.lastFiredMs, state.timezone);
      }
      if (state.nextFireMs === null || state.nextFireMs > nowMs) continue;
      // The latest due instant, so a clock that jumped far ahead sends one event, not a burst.
      let fireMs = state.nextFireMs;
      for (let next = nextFireTime(state.cron, fireMs, state.timezone); next !== null && next <= nowMs; next = nextFireTime(state.cron, next, state.timezone)) {
        fireMs = next;
      }
      state.lastFiredMs = fireMs;
      state.nextFireMs = nextFireTime(state.cron, fireMs, state.timezone);
      const event: ScheduledRollupEvent = { kind: 'schedule', tenant: state.tenant, scheduledTime: new Date(fireMs).toISOString() };
      log(`[scheduler] ${state.tenant}: scheduled rollup for ${formatInstant(fireMs)}, next run ${describe(state.nextFireMs)}`);
      let dispatched: Promise<void>;
      try {
        dispatched = options.dispatch(event);
      } catch (error) {
        dispatched = Promise.reject(error);
      }
      dispatched.catch((error: unknown) => !stopped && onError(error, state.tenant));
    }
  }

  function tick(): void {
    if (stopped) return;
    clock.clearTimeout(timer);
    timer = undefined;
    const nowMs = clock.now();
    fireDue(nowMs);
    // A clock set back must not postpone the refresh by more than one period.
    if (nextRefreshMs - nowMs > refreshMs) nextRefreshMs = nowMs + refreshMs;
    if (nowMs >= nextRefreshMs && !refreshing) {
      void refresh(); // ticks again when the tenants are read
      return;
    }
    let wakeMs = refreshing ? nowMs + maxSleepMs : nextRefreshMs;
    for (const state of tenants.values()) if (state.nextFireMs !== null) wakeMs = Math.min(wakeMs, state.nextFireMs);
    timer = clock.setTimeout(tick, Math.max(0, Math.min(wakeMs - nowMs, maxSleepMs)));
  }

  const ready = refresh();
  return {
    ready,
    plans: () => [...tenants.values()].map(({ tenant, timezone, rollupSchedule, nextFireMs }) => ({ tenant, timezone, rollupSchedule, nextFireMs })),
    stop() {
      stopped = true;
      clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}

function describe(nextFireMs: number | null): string {
  return nextFireMs === null ? 'never' : formatInstant(nextFireMs);
}
