import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS } from '../../../core/model/tenant-settings.ts';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { scheduleTenant } from '../../../functions/use-cases/rollups/schedule-tenant.ts';
import { getSettings } from '../../../functions/use-cases/settings/get-settings.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { memoryPorts } from '../../support/memory/ports.ts';

const as = (role: Principal['role'], tenant = 't-1'): Principal => ({ tenant, userId: `${role}-1`, role });
const admin = as('admin');

// memoryPorts' clock reads 2026-01-15T12:00Z; the defaults fire at 02:00 UTC.
const defaultRuns = ['2026-01-16T02:00:00.000Z', '2026-01-17T02:00:00.000Z', '2026-01-18T02:00:00.000Z'];

describe('getSettings', () => {
  it('shows every role the defaults at version 0 until an admin stores settings, registered defaults included', async () => {
    // Prepare
    const ports = memoryPorts();
    await scheduleTenant(ports, 't-2');

    for (const role of ['admin', 'manager', 'member', 'integration'] as const) {
      // Act
      const fresh = await getSettings(ports, as(role));
      const registered = await getSettings(ports, as(role, 't-2'));

      // Assess
      expect(fresh, role).toEqual({ ...DEFAULT_TENANT_SETTINGS, version: 0, nextRuns: defaultRuns });
      expect(registered, role).toEqual({ ...DEFAULT_TENANT_SETTINGS, version: 0, nextRuns: defaultRuns });
    }
  });

  it("shows the schedule's next runs after the clock's now in the tenant's zone, skipping the hour clocks spring over", async () => {
    // Prepare: Oslo's clocks jump from 02:00 to 03:00 on 29 March 2026; 02:30 does not happen that night.
    const ports = memoryPorts({ clock: manualClock(Date.parse('2026-03-28T12:00:00Z')) });
    await ports.settings.put('t-1', { ...DEFAULT_TENANT_SETTINGS, timezone: 'Europe/Oslo', rollupSchedule: '30 2 * * *' }, 0);

    // Act
    const settings = await getSettings(ports, as('member'));

    // Assess: 02:30 +01:00 would be 01:30Z on the 29th; the runs are 02:30 +02:00 from the 30th.
    expect(settings.nextRuns).toEqual(['2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z', '2026-04-01T00:30:00.000Z']);
  });

  it('shows the runs of a weekly schedule on its days only', async () => {
    // Prepare: Thursday 15 January 2026, 12:00 UTC.
    const ports = memoryPorts();
    await ports.settings.put('t-1', { ...DEFAULT_TENANT_SETTINGS, rollupSchedule: '0 6 * * 1,5' }, 0);

    // Act
    const settings = await getSettings(ports, admin);

    // Assess
    expect(settings.nextRuns).toEqual(['2026-01-16T06:00:00.000Z', '2026-01-19T06:00:00.000Z', '2026-01-23T06:00:00.000Z']);
  });
});
