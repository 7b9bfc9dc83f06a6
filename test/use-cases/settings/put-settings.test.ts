import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../../../core/model/tenant-settings.ts';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { ForbiddenError, VersionConflictError } from '../../../functions/shared/errors.ts';
import type { TenantSchedule } from '../../../functions/use-cases/rollups/ports.ts';
import { scheduleTenant } from '../../../functions/use-cases/rollups/schedule-tenant.ts';
import { getSettings } from '../../../functions/use-cases/settings/get-settings.ts';
import { putSettings } from '../../../functions/use-cases/settings/put-settings.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { memoryPorts, type MemoryPorts } from '../../support/memory/ports.ts';
import { osloSettings } from '../../support/org-fixtures.ts';

const as = (role: Principal['role'], tenant = 't-1'): Principal => ({ tenant, userId: `${role}-1`, role });
const admin = as('admin');

const oslo = osloSettings;

// memoryPorts' clock reads 2026-01-15T12:00Z: the next runs of `oslo` (03:30 Oslo, +01:00) and of the defaults (02:00 UTC).
const osloRuns = ['2026-01-16T02:30:00.000Z', '2026-01-17T02:30:00.000Z', '2026-01-18T02:30:00.000Z'];
const defaultRuns = ['2026-01-16T02:00:00.000Z', '2026-01-17T02:00:00.000Z', '2026-01-18T02:00:00.000Z'];

/** Memory ports whose scheduler records each schedule it is given, per tenant. */
function recordingPorts(): MemoryPorts & { schedules: { tenant: string; schedule: TenantSchedule }[] } {
  const schedules: { tenant: string; schedule: TenantSchedule }[] = [];
  const ports = memoryPorts({ scheduler: async (tenant, schedule) => void schedules.push({ tenant, schedule }) });
  return Object.assign(ports, { schedules });
}

const scheduleOf = (settings: Pick<TenantSettings, 'timezone' | 'rollupSchedule'>) =>
  expect.objectContaining({ timezone: settings.timezone, rollupSchedule: settings.rollupSchedule });

describe('putSettings', () => {
  it('stores a full body at version 1, which every role then reads', async () => {
    // Prepare
    const ports = recordingPorts();

    // Act
    const stored = await putSettings(ports, admin, { changes: oslo });

    // Assess
    expect(stored).toEqual({ ...oslo, version: 1, nextRuns: osloRuns });
    for (const role of ['admin', 'manager', 'member', 'integration'] as const) {
      expect(await getSettings(ports, as(role)), role).toEqual({ ...oslo, version: 1, nextRuns: osloRuns });
    }
  });

  it('merges a partial body: fields left out keep their current value', async () => {
    // Prepare
    const ports = recordingPorts();
    await putSettings(ports, admin, { changes: oslo });

    // Act
    const stored = await putSettings(ports, admin, { changes: { weekStartsOn: 1 } });

    // Assess
    expect(stored).toEqual({ ...oslo, weekStartsOn: 1, version: 2, nextRuns: osloRuns });
    expect(await getSettings(ports, admin)).toEqual({ ...oslo, weekStartsOn: 1, version: 2, nextRuns: osloRuns });
  });

  it('takes no change as a write of the defaults, and counts a version', async () => {
    // Prepare
    const ports = recordingPorts();

    // Act
    const stored = await putSettings(ports, admin, { changes: {} });

    // Assess
    expect(stored).toEqual({ ...DEFAULT_TENANT_SETTINGS, version: 1, nextRuns: defaultRuns });
  });

  it('applies a write at the expected version and refuses a stale one, keeping the stored settings', async () => {
    // Prepare
    const ports = recordingPorts();
    await putSettings(ports, admin, { changes: { timezone: 'Europe/Oslo' } });
    const matching = await putSettings(ports, admin, { changes: { timezone: 'Europe/Paris' }, expectedVersion: 1 });

    // Act
    const stale = putSettings(ports, admin, { changes: { timezone: 'Asia/Tokyo' }, expectedVersion: 1 });

    // Assess
    expect(matching).toMatchObject({ timezone: 'Europe/Paris', version: 2 });
    await expect(stale).rejects.toThrow(VersionConflictError);
    expect(await getSettings(ports, admin)).toMatchObject({ timezone: 'Europe/Paris', version: 2 });
  });

  it('accepts version 0 as the expected version of the defaults, registered or not', async () => {
    // Prepare
    const ports = recordingPorts();
    await scheduleTenant(ports, 't-1');

    // Act
    const stored = await putSettings(ports, admin, { changes: { timezone: 'Asia/Tokyo' }, expectedVersion: 0 });
    const unregistered = await putSettings(ports, as('admin', 't-2'), { changes: {}, expectedVersion: 0 });

    // Assess
    expect(stored).toMatchObject({ timezone: 'Asia/Tokyo', version: 1 });
    expect(unregistered.version).toBe(1);
  });

  it('refuses every role but admin, integration included', async () => {
    // Prepare
    const ports = recordingPorts();
    await putSettings(ports, admin, { changes: oslo });

    for (const role of ['manager', 'member', 'integration'] as const) {
      // Act
      const refused = putSettings(ports, as(role), { changes: { timezone: 'UTC' } });

      // Assess
      await expect(refused, role).rejects.toThrow(ForbiddenError);
    }
    expect(await getSettings(ports, admin)).toEqual({ ...oslo, version: 1, nextRuns: osloRuns });
  });

  it("keeps each tenant's settings to itself", async () => {
    // Prepare
    const ports = recordingPorts();

    // Act
    await putSettings(ports, admin, { changes: oslo });

    // Assess
    expect(await getSettings(ports, as('admin', 't-2'))).toEqual({ ...DEFAULT_TENANT_SETTINGS, version: 0, nextRuns: defaultRuns });
    expect(await getSettings(ports, admin)).toEqual({ ...oslo, version: 1, nextRuns: osloRuns });
  });

  it("schedules the tenant when settings are first stored and when the schedule or time zone change, and not otherwise", async () => {
    // Prepare
    const ports = recordingPorts();

    // Act
    await putSettings(ports, admin, { changes: { defaultCurrency: 'NOK' } });
    const first = ports.schedules.length;
    await putSettings(ports, admin, { changes: { weekStartsOn: 7, paceTolerancePercent: 10 } });
    const unrelated = ports.schedules.length;
    await putSettings(ports, admin, { changes: { rollupSchedule: '30 3 * * *' } });
    await putSettings(ports, admin, { changes: { timezone: 'Europe/Oslo' } });
    await putSettings(ports, admin, { changes: { timezone: 'Europe/Oslo', rollupSchedule: '30 3 * * *' } });

    // Assess
    expect(first).toBe(1);
    expect(unrelated).toBe(1);
    expect(ports.schedules).toEqual([
      { tenant: 't-1', schedule: scheduleOf(DEFAULT_TENANT_SETTINGS) },
      { tenant: 't-1', schedule: scheduleOf({ timezone: 'UTC', rollupSchedule: '30 3 * * *' }) },
      { tenant: 't-1', schedule: scheduleOf({ timezone: 'Europe/Oslo', rollupSchedule: '30 3 * * *' }) },
    ]);
  });

  it('schedules the first stored settings over registered defaults (version 0) too', async () => {
    // Prepare
    const ports = recordingPorts();
    await scheduleTenant(ports, 't-1');
    ports.schedules.length = 0;

    // Act
    await putSettings(ports, admin, { changes: { paceTolerancePercent: 10 } });

    // Assess
    expect(ports.schedules).toEqual([{ tenant: 't-1', schedule: scheduleOf(DEFAULT_TENANT_SETTINGS) }]);
    expect(await ports.settings.scheduledTenants()).toEqual([{ tenant: 't-1', timezone: 'UTC', rollupSchedule: '0 2 * * *' }]);
  });

  it("answers the next runs of the stored schedule from the clock's now, as the scheduler fires across a DST change", async () => {
    // Prepare: Oslo's clocks go back from 03:00 to 02:00 on 25 October 2026, so 02:30 happens twice there.
    const ports = memoryPorts({ clock: manualClock(Date.parse('2026-10-24T12:00:00Z')) });

    // Act
    const stored = await putSettings(ports, admin, { changes: { timezone: 'Europe/Oslo', rollupSchedule: '30 2 * * *' } });
    ports.clock.advance(24 * 3_600_000);
    const dayLater = await getSettings(ports, as('member'));

    // Assess: once, at the first 02:30 (+02:00), then at 02:30 +01:00.
    expect(stored.nextRuns).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z']);
    expect(dayLater.nextRuns).toEqual(['2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z', '2026-10-28T01:30:00.000Z']);
  });

  it('loses to a concurrent write at the version it read (VersionConflictError), and schedules nothing', async () => {
    // Prepare
    const ports = recordingPorts();
    const racing = {
      ...ports.settings,
      async put(tenant: string, settings: TenantSettings, expectedVersion: number) {
        // Another admin stores version 1 between this write's read and its put.
        await ports.settings.put(tenant, { ...DEFAULT_TENANT_SETTINGS, timezone: 'Asia/Tokyo' }, 0);
        return ports.settings.put(tenant, settings, expectedVersion);
      },
    };

    // Act
    const lost = putSettings({ ...ports, settings: racing }, admin, { changes: { timezone: 'Europe/Oslo' } });

    // Assess
    await expect(lost).rejects.toThrow(VersionConflictError);
    expect(await getSettings(ports, admin)).toMatchObject({ timezone: 'Asia/Tokyo', version: 1 });
    expect(ports.schedules).toEqual([]);
  });
});
