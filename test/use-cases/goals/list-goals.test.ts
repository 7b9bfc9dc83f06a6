import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import { createGoal } from '../../../functions/use-cases/goals/create-goal.ts';
import { getGoal } from '../../../functions/use-cases/goals/get-goal.ts';
import { listGoals } from '../../../functions/use-cases/goals/list-goals.ts';
import { admin, anna, goalWorld, mia, refusal, tenant, yearGoal } from './goal-world.ts';

/** org ← ent, smb (July to December); Anna's deals and her first-quarter revenue. */
async function listWorld() {
  const ports = await goalWorld();
  await createGoal(ports, admin, yearGoal({ id: 'l-org' }));
  await createGoal(ports, admin, yearGoal({ id: 'l-ent', parentId: 'l-org', owner: { type: 'team', id: 'ent' } }));
  await createGoal(ports, admin, yearGoal({ id: 'l-smb', parentId: 'l-org', owner: { type: 'team', id: 'smb' }, period: { start: '2026-07-01', end: '2026-12-31' } }));
  await createGoal(ports, admin, yearGoal({ id: 'l-anna-deals', metricId: 'deals', owner: { type: 'user', id: 'anna' }, target: 10 }));
  await createGoal(ports, admin, yearGoal({ id: 'l-anna-rev', owner: { type: 'user', id: 'anna' }, period: { start: '2026-01-01', end: '2026-03-31' } }));
  return ports;
}

describe('listGoals and getGoal', () => {
  it('list the goals that pass the filters', async () => {
    const ports = await listWorld();
    const ids = async (filter: Omit<Parameters<typeof listGoals>[2], 'limit'>) => (await listGoals(ports, admin, { limit: 100, ...filter })).items.map((g) => g.id).sort();
    expect(await ids({ ownerType: 'user', ownerId: 'anna' })).toEqual(['l-anna-deals', 'l-anna-rev']);
    expect(await ids({ ownerType: 'team' })).toEqual(['l-ent', 'l-smb']);
    expect(await ids({ parentId: 'l-org' })).toEqual(['l-ent', 'l-smb']);
    expect(await ids({ metricId: 'deals' })).toEqual(['l-anna-deals']);
    expect(await ids({ activeOn: '2026-05-01' })).toEqual(['l-anna-deals', 'l-ent', 'l-org']);
    expect(await ids({ ownerId: 'anna', metricId: 'revenue', activeOn: '2026-02-01' })).toEqual(['l-anna-rev']);
  });

  it('show each caller only what it may see: its own, its units’ and (managers) its scope’s', async () => {
    // Prepare
    const ports = await listWorld();
    const ben: Principal = { tenant, userId: 'ben', role: 'member' };
    const visible = async (caller: Principal) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listGoals(ports, caller, { limit: 2, cursor });
        seen.push(...page.items.map((g) => g.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen.sort();
    };

    // Act + Assess
    expect(await visible(admin)).toEqual(['l-anna-deals', 'l-anna-rev', 'l-ent', 'l-org', 'l-smb']);
    expect(await visible(anna)).toEqual(['l-anna-deals', 'l-anna-rev', 'l-ent', 'l-org']);
    expect(await visible(mia)).toEqual(['l-anna-deals', 'l-anna-rev', 'l-ent', 'l-org']);
    expect(await visible(ben)).toEqual(['l-org', 'l-smb']);
    expect(await getGoal(ports, ben, 'l-smb')).toMatchObject({ id: 'l-smb', version: 1 });
    expect(await refusal(getGoal(ports, ben, 'l-ent'))).toBeInstanceOf(ForbiddenError);
    expect(await refusal(getGoal(ports, ben, 'none'))).toBeInstanceOf(NotFoundError);
    expect(await refusal(getGoal(ports, { ...admin, tenant: 'other' }, 'l-org'))).toBeInstanceOf(NotFoundError);
    expect((await listGoals(ports, { ...admin, tenant: 'other' }, { limit: 100 })).items).toEqual([]);
  });
});
