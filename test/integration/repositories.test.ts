import { describe, expect, it } from 'vitest';
import { goalRepository } from '../../functions/store/goal-repository.ts';
import { metricRepository } from '../../functions/store/metric-repository.ts';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/store/client.ts';
import { StoredItemError } from '../../functions/store/items.ts';
import { recordKey, settingsKey } from '../../functions/store/keys.ts';
import { readRecordsOfType } from '../../functions/store/record-reader.ts';
import { recordRepository, tombstoneDays } from '../../functions/store/record-repository.ts';
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

describe('metricRepository', () => {
  it('refuses a second metric with the same id', async () => {
    const tenant = uniqueTenant();
    const metric = {
      id: 'm-1', name: 'Revenue', kind: 'amount' as const, dataType: 'money' as const, currency: 'EUR', recordType: 'deal',
      dateField: 'closedAt', valueField: 'amount', actual: {}, inProgress: null, custom: null, version: 1,
    };
    await metricRepository.create(tenant, metric);
    await expect(metricRepository.create(tenant, { ...metric, name: 'Other' })).rejects.toThrow(ConflictError);
    expect((await metricRepository.get(tenant, 'm-1'))?.name).toBe('Revenue');
  });
});

describe('recordRepository', () => {
  const record = (updatedAt: string, amount: string) => ({
    recordType: 'deal', id: 'd-1', ownerId: 'u-1', updatedAt, splits: null, fields: { amount, status: 'won' },
  });

  it('applies the newest updatedAt whatever the arrival order, comparing instants not strings', async () => {
    const tenant = uniqueTenant();
    expect(await recordRepository.upsert(tenant, record('2026-03-01T12:00:00+02:00', '1.00'))).toEqual({ applied: true, created: true });
    // 10:30Z is after 10:00Z (12:00+02:00) although the string sorts first.
    expect(await recordRepository.upsert(tenant, record('2026-03-01T10:30:00Z', '2.00'))).toEqual({ applied: true, created: false });
    const stale = await recordRepository.upsert(tenant, record('2026-03-01T11:00:00+02:00', '3.00'));
    expect(stale.applied).toBe(false);
    expect((await recordRepository.get(tenant, 'deal', 'd-1'))?.fields.amount).toBe('2.00');
  });

  it('deletes and reports whether there was anything to delete', async () => {
    const tenant = uniqueTenant();
    await recordRepository.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00'));
    expect(await recordRepository.delete(tenant, 'deal', 'd-1')).toBe(true);
    expect(await recordRepository.delete(tenant, 'deal', 'd-1')).toBe(false);
  });

  it('reads no tombstone: full and windowed reads of the type leave deleted records out', async () => {
    const tenant = uniqueTenant();
    const dated = (id: string) => ({ ...record('2026-03-01T12:00:00Z', '1.00'), id, fields: { amount: '1.00', closedAt: '2026-02-10T10:00:00Z' } });
    for (const id of ['d-1', 'd-2', 'd-3']) await recordRepository.upsert(tenant, dated(id));
    await recordRepository.delete(tenant, 'deal', 'd-2');

    const ids = async (window?: { startMs: number; endMs: number }) => {
      const seen: string[] = [];
      const count = await readRecordsOfType(tenant, 'deal', (page) => seen.push(...page.map((r) => r.id)), { window });
      expect(count).toBe(seen.length);
      return seen.sort();
    };
    expect(await ids()).toEqual(['d-1', 'd-3']);
    expect(await ids({ startMs: Date.parse('2026-01-01T00:00:00Z'), endMs: Date.parse('2027-01-01T00:00:00Z') })).toEqual(['d-1', 'd-3']);
  });

  it('lets any upsert through once the tombstone is past its ttl, before DynamoDB removes it', async () => {
    const tenant = uniqueTenant();
    await recordRepository.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00'));
    await recordRepository.delete(tenant, 'deal', 'd-1');
    expect(await recordRepository.upsert(tenant, record('2026-03-01T12:00:00Z', '2.00'))).toEqual({ applied: false, current: null });

    // Age the tombstone past its ttl (locally nothing expires items).
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: recordKey(tenant, 'deal', 'd-1'),
        UpdateExpression: 'SET #ttl = :past',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );

    expect(await recordRepository.upsert(tenant, record('2026-03-01T12:00:00Z', '3.00'))).toEqual({ applied: true, created: true });
    expect((await recordRepository.get(tenant, 'deal', 'd-1'))?.fields.amount).toBe('3.00');
  });

  it('keeps a tombstone about a month: its ttl is tombstoneDays after the delete', async () => {
    const tenant = uniqueTenant();
    await recordRepository.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00'));
    const before = Math.floor(Date.now() / 1000);
    await recordRepository.delete(tenant, 'deal', 'd-1');
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: recordKey(tenant, 'deal', 'd-1') }));
    expect(Item?.ttl).toBeGreaterThanOrEqual(before + tombstoneDays * 86_400);
    expect(Item?.ttl).toBeLessThanOrEqual(before + tombstoneDays * 86_400 + 5);
    expect(Item?.gsi1pk).toBeUndefined();
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
});
