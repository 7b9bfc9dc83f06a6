import { describe, expect, it } from 'vitest';
import { goalRepository } from '../../functions/store/goal-repository.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/store/client.ts';
import { StoredItemError } from '../../functions/store/items.ts';
import { goalKey, metricKey, recordKey, settingsKey } from '../../functions/store/keys.ts';
import { metricRepository } from '../../functions/store/metric-repository.ts';
import { recordRepository } from '../../functions/store/record-repository.ts';
import { settingsRepository } from '../../functions/store/settings-repository.ts';
import { unitRepository } from '../../functions/store/unit-repository.ts';
import { ConflictError, VersionConflictError } from '../../functions/shared/errors.ts';
import { uniqueTenant } from '../support/api.ts';
import { goalFixture } from '../support/goal-fixture.ts';

const goal = goalFixture;

describe('settingsRepository', () => {
  it('returns defaults at version 0, then stores versions conditionally', async () => {
    const tenant = uniqueTenant();
    const defaults = await settingsRepository.get(tenant);
    expect(defaults).toMatchObject({ timezone: 'UTC', version: 0 });
    const { version: _v, ...values } = defaults;
    await settingsRepository.put(tenant, { ...values, timezone: 'Europe/Oslo' }, 0);
    await expect(settingsRepository.put(tenant, values, 0)).rejects.toThrow(VersionConflictError);
    expect(await settingsRepository.get(tenant)).toMatchObject({ timezone: 'Europe/Oslo', version: 1 });
  });
});

describe('unitRepository', () => {
  it('keeps units of two tenants apart and finds children through the parent index', async () => {
    const [a, b] = [uniqueTenant(), uniqueTenant()];
    await unitRepository.put(a, { id: 'org', name: 'A', kind: 'organization', parentId: null, managerIds: [], version: 1 }, 0);
    await unitRepository.put(a, { id: 'team', name: 'T', kind: 'team', parentId: 'org', managerIds: [], version: 1 }, 0);
    expect(await unitRepository.get(b, 'org')).toBeUndefined();
    expect(await unitRepository.hasChildren(a, 'org')).toBe(true);
    expect(await unitRepository.hasChildren(a, 'team')).toBe(false);
    expect((await unitRepository.all(a)).map((u) => u.id).sort()).toEqual(['org', 'team']);
    expect([...(await unitRepository.getMany(a, ['org', 'missing'])).keys()]).toEqual(['org']);
  });
});

describe('goalRepository', () => {
  it('fails a write whose parent changed since it was read', async () => {
    const tenant = uniqueTenant();
    await goalRepository.write(tenant, [{ goal: goal('p'), expectedVersion: 0 }]);
    await goalRepository.write(tenant, [{ goal: goal('p', { version: 2, name: 'changed' }), expectedVersion: 1 }]);
    await expect(goalRepository.write(tenant, [{ goal: goal('c', { parentId: 'p' }), expectedVersion: 0, parent: { id: 'p', version: 1 } }])).rejects.toThrow(ConflictError);
    expect(await goalRepository.get(tenant, 'c')).toBeUndefined();
  });

  it('clears the parentId of more children than one transaction holds when the parent is deleted', async () => {
    const tenant = uniqueTenant();
    await goalRepository.write(tenant, [{ goal: goal('root'), expectedVersion: 0 }]);
    const children = Array.from({ length: 130 }, (_, i) => goal(`child-${i}`, { parentId: 'root' }));
    for (let i = 0; i < children.length; i += 25) {
      await goalRepository.write(tenant, children.slice(i, i + 25).map((g) => ({ goal: g, expectedVersion: 0 })));
    }
    await goalRepository.delete(tenant, (await goalRepository.get(tenant, 'root'))!);
    const after = await goalRepository.all(tenant);
    expect(after).toHaveLength(130);
    expect(after.every((g) => g.parentId === null && g.version === 2)).toBe(true);
    expect(await goalRepository.children(tenant, 'root')).toEqual([]);
  });

  it('pages a filtered list so that every match appears once', async () => {
    const tenant = uniqueTenant();
    const goals = Array.from({ length: 40 }, (_, i) => goal(`g-${String(i).padStart(2, '0')}`, { owner: { type: i % 4 === 0 ? 'team' : 'organization', id: 'x' } }));
    await goalRepository.write(tenant, goals.slice(0, 20).map((g) => ({ goal: g, expectedVersion: 0 })));
    await goalRepository.write(tenant, goals.slice(20).map((g) => ({ goal: g, expectedVersion: 0 })));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await goalRepository.list(tenant, { ownerType: 'team', limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((g) => g.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(goals.filter((_, i) => i % 4 === 0).map((g) => g.id));
    expect(await goalRepository.hasGoalsForOwner(tenant, 'team', 'x')).toBe(true);
    expect(await goalRepository.hasGoalsForOwner(tenant, 'department', 'x')).toBe(false);
    expect(await goalRepository.hasGoalsForMetric(tenant, 'm-1')).toBe(true);
  });
});

describe('settingsRepository.scheduledTenants', () => {
  it('lists every tenant that stored settings, with its schedule and time zone', async () => {
    const tenant = uniqueTenant('sched');
    const { version: _v, ...defaults } = await settingsRepository.get(tenant);
    await settingsRepository.put(tenant, { ...defaults, timezone: 'Asia/Tokyo', rollupSchedule: '30 3 * * *' }, 0);
    const listed = (await settingsRepository.scheduledTenants()).find((t) => t.tenant === tenant);
    expect(listed).toEqual({ tenant, timezone: 'Asia/Tokyo', rollupSchedule: '30 3 * * *' });
  });
});

describe('reads parse each stored item with the domain model', () => {
  /** Stores an item around the repositories, as a faulty import or an older version might have. */
  const putRaw = (item: Record<string, unknown>) => ddb().send(new PutCommand({ TableName: tableName(), Item: item }));

  it('settings: a stored time zone that does not exist is a StoredItemError, fields never stored are the defaults', async () => {
    const [bad, old] = [uniqueTenant(), uniqueTenant()];
    await putRaw({ ...settingsKey(bad), entity: 'settings', tenant: bad, timezone: 'Mars/Olympus_Mons', version: 3 });
    await putRaw({ ...settingsKey(old), entity: 'settings', tenant: old, timezone: 'Europe/Oslo', version: 2 });
    await expect(settingsRepository.get(bad)).rejects.toThrow(StoredItemError);
    expect(await settingsRepository.get(old)).toEqual({ ...(await settingsRepository.get(uniqueTenant())), timezone: 'Europe/Oslo', version: 2 });
  });

  it('metrics: an unknown kind is a StoredItemError on every read; a sound metric comes back without its key attributes', async () => {
    const tenant = uniqueTenant();
    const metric = {
      id: 'm-1', name: 'Won', kind: 'count' as const, dataType: 'integer' as const, currency: null, recordType: 'deal',
      dateField: 'closedAt', valueField: null, actual: { where: { field: 'status', op: 'eq' as const, value: 'won' } }, inProgress: null, custom: null, version: 1,
    };
    await metricRepository.create(tenant, metric);
    expect(await metricRepository.get(tenant, 'm-1')).toEqual(metric);
    await putRaw({ ...metricKey(tenant, 'm-2'), entity: 'metric', ...metric, id: 'm-2', kind: 'sum' });
    await expect(metricRepository.get(tenant, 'm-2')).rejects.toThrow(StoredItemError);
    await expect(metricRepository.all(tenant)).rejects.toThrow(StoredItemError);
    await expect(metricRepository.list(tenant, 10)).rejects.toThrow(StoredItemError);
  });

  it('goals: a filter that is no condition is a StoredItemError to a reader, while the rollup gets the goal as stored to fail it alone', async () => {
    const tenant = uniqueTenant();
    await goalRepository.write(tenant, [{ goal: goal('sound'), expectedVersion: 0 }]);
    await putRaw({ ...goalKey(tenant, 'broken'), entity: 'goal', ...goal('broken'), filter: { all: 5 } });
    expect(await goalRepository.get(tenant, 'sound')).toEqual(goal('sound'));
    await expect(goalRepository.get(tenant, 'broken')).rejects.toThrow(StoredItemError);
    await expect(goalRepository.getMany(tenant, ['sound', 'broken'])).rejects.toThrow(StoredItemError);
    await expect(goalRepository.list(tenant, { limit: 10 })).rejects.toThrow(StoredItemError);
    const all = new Map((await goalRepository.all(tenant)).map((g) => [g.id, g]));
    expect(all.get('sound')).toEqual(goal('sound'));
    expect(all.get('broken')).toEqual({ ...goal('broken'), filter: { all: 5 } });
  });

  it('records: an owner id no key may hold is a StoredItemError; a sound record comes back as it was written', async () => {
    const tenant = uniqueTenant();
    const record = { recordType: 'deal', id: 'd-1', ownerId: 'u-1', updatedAt: '2026-03-01T12:00:00Z', splits: null, fields: { amount: '1.00', won: true } };
    await recordRepository.upsert(tenant, record, Date.now());
    expect(await recordRepository.get(tenant, 'deal', 'd-1')).toEqual(record);
    await putRaw({ ...recordKey(tenant, 'deal', 'd-2'), entity: 'record', ...record, id: 'd-2', ownerId: 'ann smith!' });
    await expect(recordRepository.get(tenant, 'deal', 'd-2')).rejects.toThrow(StoredItemError);
  });
});
