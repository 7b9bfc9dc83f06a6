/**
 * What the DynamoDB repositories do with items the store ports' contracts cannot produce (stored
 * around the repositories, as a faulty import or an older version might have): each read parses the
 * item with the domain model. The ports' behaviour itself is proven in the *-store.contract tests.
 */
import { describe, expect, it } from 'vitest';
import { goalRepository } from '../../functions/store/goal-repository.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/store/client.ts';
import { StoredItemError } from '../../functions/store/items.ts';
import { goalKey, metricKey, recordKey, settingsKey } from '../../functions/store/keys.ts';
import { metricRepository } from '../../functions/store/metric-repository.ts';
import { recordRepository } from '../../functions/store/record-repository.ts';
import { settingsRepository } from '../../functions/store/settings-repository.ts';
import { uniqueTenant } from '../support/api.ts';
import { goalFixture } from '../support/goal-fixture.ts';

const goal = goalFixture;

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
      id: 'm-1', name: 'Won', kind: 'count' as const, dataType: 'integer' as const, currency: null, currencyMode: null, recordType: 'deal',
      dateField: 'closedAt', valueField: null, actual: { where: { field: 'status', op: 'eq' as const, value: 'won' } }, inProgress: null, custom: null, version: 1,
    };
    await metricRepository.create(tenant, metric);
    expect(await metricRepository.get(tenant, 'm-1')).toEqual(metric);
    await putRaw({ ...metricKey(tenant, 'm-2'), entity: 'metric', ...metric, id: 'm-2', kind: 'sum' });
    await expect(metricRepository.get(tenant, 'm-2')).rejects.toThrow(StoredItemError);
    await expect(metricRepository.all(tenant)).rejects.toThrow(StoredItemError);
    await expect(metricRepository.list(tenant, 10)).rejects.toThrow(StoredItemError);
  });

  it('metrics: one stored before currency modes reads "only" when it counts money and none otherwise, on every read', async () => {
    // Prepare
    const tenant = uniqueTenant();
    const legacy = {
      name: 'Old', kind: 'amount', dataType: 'money', currency: 'EUR', recordType: 'deal', dateField: 'closedAt', valueField: 'amount',
      actual: { where: { field: 'status', op: 'eq', value: 'won' } }, inProgress: null, custom: null, version: 4,
    };
    await putRaw({ ...metricKey(tenant, 'm-money'), entity: 'metric', id: 'm-money', ...legacy });
    await putRaw({ ...metricKey(tenant, 'm-count'), entity: 'metric', id: 'm-count', ...legacy, kind: 'count', dataType: 'integer', currency: null, valueField: null });

    // Act
    const money = await metricRepository.get(tenant, 'm-money');
    const all = await metricRepository.all(tenant);

    // Assess
    expect(money).toEqual({ id: 'm-money', ...legacy, currencyMode: 'only' });
    expect(all.map((m) => [m.id, m.currencyMode])).toEqual([['m-count', null], ['m-money', 'only']]);
    expect((await metricRepository.list(tenant, 10)).items).toEqual(all);
  });

  it('goals: a filter that is no condition is a StoredItemError to a reader of it, a list page leaves it out, and the rollup gets the goal as stored to fail it alone', async () => {
    const tenant = uniqueTenant();
    await goalRepository.write(tenant, [{ goal: goal('sound'), expectedVersion: 0 }]);
    await putRaw({ ...goalKey(tenant, 'broken'), entity: 'goal', ...goal('broken'), filter: { all: 5 } });
    expect(await goalRepository.get(tenant, 'sound')).toEqual(goal('sound'));
    await expect(goalRepository.get(tenant, 'broken')).rejects.toThrow(StoredItemError);
    await expect(goalRepository.getMany(tenant, ['sound', 'broken'])).rejects.toThrow(StoredItemError);
    // A list page leaves the broken goal out (and logs it): the tenant's other goals stay listable.
    expect((await goalRepository.list(tenant, { limit: 10 })).items.map((g) => g.id)).toEqual(['sound']);
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
