import { describe, expect, it } from 'vitest';
import { startLocalScheduler, type LocalScheduler, type LocalSchedulerOptions, type SchedulerTenant } from '../../infra/local/scheduler.ts';
import type { ScheduledRollupEvent } from '../../functions/use-cases/rollups/rollup-event.ts';
import { FakeClock, settle } from './fake-clock.ts';

interface Harness {
  readonly clock: FakeClock;
  readonly scheduler: LocalScheduler;
  /** The tenants listTenants returns (change it to change the "table"). */
  tenants: SchedulerTenant[];
  /** Each dispatched event with the clock's time when it was dispatched. */
  readonly dispatched: { event: ScheduledRollupEvent; atMs: number }[];
  readonly errors: { error: unknown; tenant?: string }[];
  times(): string[];
}

async function startHarness(
  start: string,
  tenants: SchedulerTenant[],
  configure: (clock: FakeClock) => void = () => {},
  options: Partial<LocalSchedulerOptions> = {},
): Promise<Harness> {
  const clock = new FakeClock(start);
  configure(clock);
  const dispatched: Harness['dispatched'] = [];
  const errors: Harness['errors'] = [];
  const harness = {
    clock,
    tenants,
    dispatched,
    errors,
    times: () => dispatched.map((d) => d.event.scheduledTime),
  } as Harness;
  (harness as { scheduler: LocalScheduler }).scheduler = startLocalScheduler({
    clock,
    listTenants: async () => harness.tenants,
    dispatch: async (event) => {
      dispatched.push({ event, atMs: clock.now() });
    },
    onError: (error, tenant) => errors.push({ error, tenant }),
    ...options,
  });
  await harness.scheduler.ready;
  return harness;
}

const oslo = (rollupSchedule: string, tenant = 'demo'): SchedulerTenant => ({ tenant, timezone: 'Europe/Oslo', rollupSchedule });

describe('startLocalScheduler (injected clock)', () => {
  it('fires at the configured local time in each tenant’s time zone, once a day, without catching up at start', async () => {
    // Prepare: 01:30 UTC is 02:30 in Oslo (CET) and 20:30 the day before in New York (EST)
    const h = await startHarness('2026-11-23T01:30:00Z', [oslo('0 2 * * *'), { tenant: 'nyc', timezone: 'America/New_York', rollupSchedule: '0 2 * * *' }]);

    // Act
    const plans = h.scheduler.plans();
    await h.clock.advanceTo('2026-11-24T00:59:59.999Z');
    const beforeFirst = h.times();
    await h.clock.advanceTo('2026-11-24T01:00:00Z');
    const atFirst = [...h.dispatched];
    await h.clock.advanceTo('2026-11-25T12:00:00Z');
    h.scheduler.stop();

    // Assess: today's 02:00 in Oslo had passed at start-up and is not caught up
    expect(plans).toEqual([
      { tenant: 'demo', timezone: 'Europe/Oslo', rollupSchedule: '0 2 * * *', nextFireMs: Date.parse('2026-11-24T01:00:00Z') },
      { tenant: 'nyc', timezone: 'America/New_York', rollupSchedule: '0 2 * * *', nextFireMs: Date.parse('2026-11-23T07:00:00Z') },
    ]);
    expect(beforeFirst).toEqual(['2026-11-23T07:00:00.000Z']);
    expect(atFirst.at(-1)).toEqual({ event: { kind: 'schedule', tenant: 'demo', scheduledTime: '2026-11-24T01:00:00.000Z' }, atMs: Date.parse('2026-11-24T01:00:00Z') });
    expect(h.dispatched.map((d) => `${d.event.tenant} ${d.event.scheduledTime}`)).toEqual([
      'nyc 2026-11-23T07:00:00.000Z',
      'demo 2026-11-24T01:00:00.000Z',
      'nyc 2026-11-24T07:00:00.000Z',
      'demo 2026-11-25T01:00:00.000Z',
      'nyc 2026-11-25T07:00:00.000Z',
    ]);
    expect(h.dispatched.every((d) => d.atMs === Date.parse(d.event.scheduledTime))).toBe(true);
    expect(h.errors).toEqual([]);
  });

  it('skips 02:30 on the night clocks spring forward (29 March 2026 in Oslo) and fires at 02:30 local the next night', async () => {
    // Prepare
    const h = await startHarness('2026-03-27T12:00:00Z', [oslo('30 2 * * *')]);

    // Act
    await h.clock.advanceTo('2026-03-30T12:00:00Z');
    h.scheduler.stop();

    // Assess: 28 March 02:30 CET = 01:30Z; 29 March has no 02:30; 30 March 02:30 CEST = 00:30Z
    expect(h.times()).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('fires 02:30 once on the night clocks fall back (25 October 2026 in Oslo), at its first occurrence', async () => {
    // Prepare
    const h = await startHarness('2026-10-24T12:00:00Z', [oslo('30 2 * * *')]);

    // Act
    await h.clock.advanceTo('2026-10-26T12:00:00Z');
    h.scheduler.stop();

    // Assess: 02:30 CEST = 00:30Z happens, 02:30 CET = 01:30Z (the repeated hour) does not fire again
    expect(h.times()).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('dispatches each fire instant once when timers fire late and twice, with the scheduled time, not the late one', async () => {
    // Prepare
    const h = await startHarness('2026-10-24T12:00:00Z', [oslo('30 2 * * *')], (clock) => {
      clock.repeat = 2;
      clock.lateMs = 7_000;
    });

    // Act
    await h.clock.advanceTo('2026-10-27T12:00:00Z');
    h.scheduler.stop();

    // Assess
    expect(h.times()).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z']);
    expect(h.dispatched.every((d) => d.atMs >= Date.parse(d.event.scheduledTime) && d.atMs <= Date.parse(d.event.scheduledTime) + 7_000)).toBe(true);
  });

  it('picks up a changed schedule, a new tenant and a removed tenant on the next refresh', async () => {
    // Prepare
    const logged: string[] = [];
    const h = await startHarness('2026-11-23T12:00:00Z', [oslo('0 2 * * *'), oslo('0 4 * * *', 'gone')], () => {}, { refreshMs: 60_000, log: (line) => logged.push(line) });

    // Act: the admin changes the schedule to 03:00, a tenant stores settings, another disappears
    await h.clock.advanceTo('2026-11-23T18:00:00Z');
    h.tenants = [oslo('0 3 * * *'), { tenant: 'acme', timezone: 'Asia/Tokyo', rollupSchedule: '15 9 * * *' }];
    await h.clock.advanceTo('2026-11-23T18:01:00Z');
    const plans = h.scheduler.plans();
    await h.clock.advanceTo('2026-11-24T12:00:00Z');
    h.scheduler.stop();

    // Assess: 03:00 Oslo = 02:00Z; 09:15 Tokyo = 00:15Z; nothing at 01:00Z (the old 02:00) or for "gone"
    expect(plans).toEqual([
      { tenant: 'demo', timezone: 'Europe/Oslo', rollupSchedule: '0 3 * * *', nextFireMs: Date.parse('2026-11-24T02:00:00Z') },
      { tenant: 'acme', timezone: 'Asia/Tokyo', rollupSchedule: '15 9 * * *', nextFireMs: Date.parse('2026-11-24T00:15:00Z') },
    ]);
    expect(h.dispatched.map((d) => `${d.event.tenant} ${d.event.scheduledTime}`)).toEqual(['acme 2026-11-24T00:15:00.000Z', 'demo 2026-11-24T02:00:00.000Z']);
    expect(logged.slice(0, 3)).toEqual([
      '[scheduler] demo: now "0 3 * * *" Europe/Oslo, next run 2026-11-24T02:00:00Z',
      '[scheduler] acme: "15 9 * * *" Asia/Tokyo, next run 2026-11-24T00:15:00Z',
      '[scheduler] gone: no settings any more, no scheduled runs',
    ]);
    expect(logged.slice(3)).toEqual([
      '[scheduler] acme: scheduled rollup for 2026-11-24T00:15:00Z, next run 2026-11-25T00:15:00Z',
      '[scheduler] demo: scheduled rollup for 2026-11-24T02:00:00Z, next run 2026-11-25T02:00:00Z',
    ]);
  });

  it('does not send an instant again when the schedule changes right after it fired', async () => {
    // Prepare
    const h = await startHarness('2026-11-23T12:00:00Z', [oslo('0 2 * * *')]);
    await h.clock.advanceTo('2026-11-24T01:00:30Z');

    // Act: the clock is set back ten minutes and the time zone is changed to one an hour behind
    h.clock.set('2026-11-24T00:50:00Z');
    h.tenants = [{ tenant: 'demo', timezone: 'Europe/London', rollupSchedule: '0 1 * * *' }];
    await h.clock.advanceTo('2026-11-24T01:30:00Z');
    h.scheduler.stop();

    // Assess: 01:00 London = 01:00Z was already sent as Oslo's 02:00
    expect(h.times()).toEqual(['2026-11-24T01:00:00.000Z']);
    expect(h.scheduler.plans()[0]!.nextFireMs).toBe(Date.parse('2026-11-25T01:00:00Z'));
  });

  it('sends only the latest missed instant when the clock jumps days ahead (a laptop asleep)', async () => {
    // Prepare
    const h = await startHarness('2026-11-23T12:00:00Z', [oslo('0 2 * * *')]);

    // Act
    h.clock.set('2026-11-27T09:00:00Z');
    await h.clock.advanceTo('2026-11-27T09:02:00Z');
    h.scheduler.stop();

    // Assess
    expect(h.times()).toEqual(['2026-11-27T01:00:00.000Z']);
  });

  it('never sleeps longer than a minute, so a clock change is noticed', async () => {
    // Prepare
    const h = await startHarness('2026-11-23T12:00:00Z', [oslo('0 2 * * *')], () => {}, { refreshMs: 3_600_000 });

    // Act
    await h.clock.advanceTo('2026-11-23T14:00:00Z');
    h.scheduler.stop();

    // Assess
    expect(Math.max(...h.clock.delays)).toBeLessThanOrEqual(60_000);
    expect(h.clock.delays.length).toBeGreaterThanOrEqual(120);
  });

  it('reports a failed listing, a bad time zone and a failed dispatch, and keeps scheduling', async () => {
    // Prepare
    let failListing = true;
    const clock = new FakeClock('2026-11-23T12:00:00Z');
    const errors: { message: string; tenant?: string }[] = [];
    const sent: string[] = [];
    const scheduler = startLocalScheduler({
      clock,
      listTenants: async () => {
        if (failListing) throw new Error('table not there');
        return [oslo('0 2 * * *'), { tenant: 'mars', timezone: 'Mars/Olympus', rollupSchedule: '0 2 * * *' }, oslo('0 3 * * *', 'flaky')];
      },
      dispatch: async (event) => {
        if (event.tenant === 'flaky') throw new Error('no worker');
        sent.push(`${event.tenant} ${event.scheduledTime}`);
      },
      onError: (error, tenant) => errors.push({ message: (error as Error).message, ...(tenant ? { tenant } : {}) }),
    });
    await scheduler.ready;

    // Act
    failListing = false;
    await clock.advanceTo('2026-11-24T12:00:00Z');
    scheduler.stop();

    // Assess
    expect(errors).toEqual([
      { message: 'table not there' },
      { message: '"Mars/Olympus" is not an IANA time zone', tenant: 'mars' },
      { message: 'no worker', tenant: 'flaky' },
    ]);
    expect(sent).toEqual(['demo 2026-11-24T01:00:00.000Z']);
  });

  it('stop() leaves no timer and dispatches nothing more, even when a refresh finishes after it', async () => {
    // Prepare
    const h = await startHarness('2026-11-23T12:00:00Z', [oslo('0 2 * * *')]);
    let release!: (tenants: SchedulerTenant[]) => void;
    const clock = new FakeClock('2026-11-24T00:59:00Z');
    const dispatched: ScheduledRollupEvent[] = [];
    const slow = startLocalScheduler({
      clock,
      listTenants: () => new Promise((resolve) => (release = resolve)),
      dispatch: async (event) => void dispatched.push(event),
    });

    // Act
    h.scheduler.stop();
    await h.clock.advanceTo('2026-11-26T12:00:00Z');
    slow.stop();
    release([oslo('0 2 * * *')]);
    await settle();
    await clock.advanceTo('2026-11-26T12:00:00Z');

    // Assess
    expect(h.dispatched).toEqual([]);
    expect(h.clock.pending()).toBe(0);
    expect(dispatched).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});
