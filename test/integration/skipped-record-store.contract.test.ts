import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { SkippedRecord } from '../../core/model/skipped-record.ts';
import { ddb, tableName } from '../../functions/store/client.ts';
import { StoredItemError } from '../../functions/store/items.ts';
import { skippedKey } from '../../functions/store/keys.ts';
import { runExpiry } from '../../functions/store/run-repository.ts';
import { skippedRecordRepository } from '../../functions/store/skipped-record-repository.ts';
import type { SkippedRecordStore } from '../../functions/use-cases/rollups/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { memorySkippedRecords } from '../support/memory/skipped-records.ts';

const run = { runId: '01RUN', queuedAt: '2026-01-15T12:00:00.000Z' };
const skipped = (recordType: string, id: string, changes: Partial<SkippedRecord> = {}): SkippedRecord => ({
  recordType, id, reason: 'currency', detail: 'currency USD, metric wants EUR', metricId: 'revenue', goalIds: ['g-1', 'g-2'], ...changes,
});

/**
 * The skipped-record store's contract, run against the DynamoDB repository (DynamoDB Local) and the
 * memory double the use-case tests run on, so the double cannot drift from what the table does.
 */
describe.each<[string, () => SkippedRecordStore]>([
  ['DynamoDB', () => skippedRecordRepository],
  ['memory', memorySkippedRecords],
])('SkippedRecordStore (%s)', (_name, storeOf) => {
  const setUp = () => ({ store: storeOf(), tenant: uniqueTenant('skipped-store') });

  it('stores a run’s skipped records and lists them back as they were, by record type and id, a page at a time', async () => {
    const { store, tenant } = setUp();
    const records = [skipped('deal', 'd-2'), skipped('lead', 'l-1', { reason: 'bad_date', detail: 'createdAt "soon" is not a date', goalIds: [] }), skipped('deal', 'd-1', { reason: 'bad_value' })];
    await store.put(tenant, run, records);
    const first = await store.list(tenant, run.runId, 2);
    expect(first.items).toEqual([records[2], records[0]]);
    expect(first.nextCursor).not.toBeNull();
    expect(await store.list(tenant, run.runId, 2, first.nextCursor!)).toEqual({ items: [records[1]], nextCursor: null });
  });

  it('keeps each record once under a run, and each run and tenant apart', async () => {
    const { store, tenant } = setUp();
    await store.put(tenant, run, [skipped('deal', 'd-1')]);
    await store.put(tenant, run, [skipped('deal', 'd-1', { reason: 'bad_splits' })]);
    expect((await store.list(tenant, run.runId, 10)).items).toEqual([skipped('deal', 'd-1', { reason: 'bad_splits' })]);
    expect(await store.list(tenant, '01OTHER', 10)).toEqual({ items: [], nextCursor: null });
    expect(await store.list(uniqueTenant('other'), run.runId, 10)).toEqual({ items: [], nextCursor: null });
  });

  it('stores none for an empty list', async () => {
    const { store, tenant } = setUp();
    await store.put(tenant, run, []);
    expect(await store.list(tenant, run.runId, 10)).toEqual({ items: [], nextCursor: null });
  });
});

describe('the DynamoDB skipped-record store', () => {
  it('writes more than one batch, and lets each item expire with the run’s record', async () => {
    const tenant = uniqueTenant('skipped-ttl');
    const records = Array.from({ length: 60 }, (_, i) => skipped('deal', `d-${String(i).padStart(2, '0')}`));
    await skippedRecordRepository.put(tenant, run, records);
    expect((await skippedRecordRepository.list(tenant, run.runId, 100)).items).toEqual(records);
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: skippedKey(tenant, run.runId, 'deal', 'd-00') }));
    expect(Item?.ttl).toBe(runExpiry(run.queuedAt));
    expect(runExpiry(run.queuedAt)).toBe(Date.parse(run.queuedAt) / 1000 + 90 * 86_400);
  });

  it('leaves out a record whose id no key can hold, storing the others', async () => {
    const tenant = uniqueTenant('skipped-odd');
    await skippedRecordRepository.put(tenant, run, [skipped('deal', 'has space'), skipped('deal', 'd-1')]);
    expect((await skippedRecordRepository.list(tenant, run.runId, 10)).items.map((s) => s.id)).toEqual(['d-1']);
  });

  it('refuses an item that does not match the model, naming its key', async () => {
    const tenant = uniqueTenant('skipped-bad');
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...skippedKey(tenant, run.runId, 'deal', 'd-1'), entity: 'skipped-record', ...skipped('deal', 'd-1'), reason: 'gone' } }));
    const read = skippedRecordRepository.list(tenant, run.runId, 10);
    await expect(read).rejects.toThrow(StoredItemError);
    await expect(read).rejects.toThrow(/skipped-record .*#skipped \/ rec#deal#d-1/);
  });
});
