import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { NotFoundError } from '../../../functions/shared/errors.ts';
import { getUnit } from '../../../functions/use-cases/units/get-unit.ts';
import { listUnits } from '../../../functions/use-cases/units/list-units.ts';
import { putUnit } from '../../../functions/use-cases/units/put-unit.ts';
import { memoryPorts } from '../../support/memory/ports.ts';

const as = (role: Principal['role'], tenant = 't-1'): Principal => ({ tenant, userId: `${role}-1`, role });

describe('getUnit and listUnits', () => {
  it("show every role its tenant's units and no other tenant's", async () => {
    // Prepare
    const ports = memoryPorts();
    await putUnit(ports, as('admin'), { id: 'org', unit: { name: 'Acme', kind: 'organization' } });
    await putUnit(ports, as('admin'), { id: 'sales', unit: { name: 'Sales', kind: 'department', parentId: 'org' } });
    await putUnit(ports, as('admin', 't-2'), { id: 'elsewhere', unit: { name: 'Elsewhere', kind: 'organization' } });

    for (const role of ['admin', 'manager', 'member', 'integration'] as const) {
      // Act
      const unit = await getUnit(ports, as(role), 'sales');
      const page = await listUnits(ports, as(role), { limit: 50 });
      const foreign = getUnit(ports, as(role), 'elsewhere');

      // Assess
      expect(unit, role).toEqual({ id: 'sales', name: 'Sales', kind: 'department', parentId: 'org', managerIds: [], version: 1 });
      expect(page.items.map((u) => u.id), role).toEqual(['org', 'sales']);
      expect(page.nextCursor, role).toBeNull();
      await expect(foreign, role).rejects.toThrow(NotFoundError);
    }
  });

  it('pages in id order, every unit exactly once', async () => {
    // Prepare
    const ports = memoryPorts();
    const admin = as('admin');
    await putUnit(ports, admin, { id: 'org', unit: { name: 'Acme', kind: 'organization' } });
    for (const id of ['team-3', 'team-1', 'team-4', 'team-0', 'team-2']) await putUnit(ports, admin, { id, unit: { name: id, kind: 'team', parentId: 'org' } });

    // Act
    const ids: string[] = [];
    let pages = 0;
    let cursor: string | undefined;
    do {
      const page = await listUnits(ports, admin, { limit: 2, cursor });
      ids.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined);

    // Assess
    expect(ids).toEqual(['org', 'team-0', 'team-1', 'team-2', 'team-3', 'team-4']);
    expect(pages).toBeGreaterThanOrEqual(3);
  });
});
