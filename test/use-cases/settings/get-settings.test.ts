import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS } from '../../../core/model/tenant-settings.ts';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { scheduleTenant } from '../../../functions/use-cases/rollups/schedule-tenant.ts';
import { getSettings } from '../../../functions/use-cases/settings/get-settings.ts';
import { memoryPorts } from '../../support/memory/ports.ts';

const as = (role: Principal['role'], tenant = 't-1'): Principal => ({ tenant, userId: `${role}-1`, role });

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
      expect(fresh, role).toEqual({ ...DEFAULT_TENANT_SETTINGS, version: 0 });
      expect(registered, role).toEqual({ ...DEFAULT_TENANT_SETTINGS, version: 0 });
    }
  });
});
