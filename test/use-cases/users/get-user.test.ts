import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { NotFoundError } from '../../../functions/shared/errors.ts';
import { putUnit } from '../../../functions/use-cases/units/put-unit.ts';
import { getUser } from '../../../functions/use-cases/users/get-user.ts';
import { listUsers } from '../../../functions/use-cases/users/list-users.ts';
import { putUser } from '../../../functions/use-cases/users/put-user.ts';
import { memoryPorts } from '../../support/memory/ports.ts';

const as = (role: Principal['role'], tenant = 't-1'): Principal => ({ tenant, userId: `${role}-1`, role });

describe('getUser and listUsers', () => {
  it("show every role its tenant's users and no other tenant's", async () => {
    // Prepare
    const ports = memoryPorts();
    await putUnit(ports, as('admin'), { id: 'org', unit: { name: 'Acme', kind: 'organization' } });
    await putUser(ports, as('admin'), { id: 'bob', user: { name: 'Bob', role: 'manager', memberships: [{ unitId: 'org' }] } });
    await putUser(ports, as('admin', 't-2'), { id: 'alice', user: { name: 'Alice', role: 'member', memberships: [] } });

    for (const role of ['admin', 'manager', 'member', 'integration'] as const) {
      // Act
      const bob = await getUser(ports, as(role), 'bob');
      const page = await listUsers(ports, as(role), { limit: 50 });
      const foreign = getUser(ports, as(role), 'alice');

      // Assess
      expect(bob, role).toMatchObject({ id: 'bob', name: 'Bob', version: 1 });
      expect(page, role).toEqual({ items: [bob], nextCursor: null });
      await expect(foreign, role).rejects.toThrow(NotFoundError);
    }
  });

  it('pages in id order, every user exactly once', async () => {
    // Prepare
    const ports = memoryPorts();
    const ids = ['u-3', 'u-1', 'u-5', 'u-2', 'u-4'];
    for (const id of ids) await putUser(ports, as('admin'), { id, user: { name: id, role: 'member', memberships: [] } });

    // Act
    const seen: string[] = [];
    let pages = 0;
    let cursor: string | undefined;
    do {
      const page = await listUsers(ports, as('admin'), { limit: 2, cursor });
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined);

    // Assess
    expect(seen).toEqual([...ids].sort());
    expect(pages).toBe(3);
  });
});
