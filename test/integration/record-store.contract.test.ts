/**
 * The RecordStore port's contract (and the rollup's record reader over it), proven against the
 * DynamoDB repository (DynamoDB Local) and the in-memory store the use-case tests run on.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { RecordInput as StoredRecord } from '../../core/model/record-input.ts';
import { ddb, tableName } from '../../functions/store/client.ts';
import { recordKey } from '../../functions/store/keys.ts';
import { readRecordsOfType } from '../../functions/store/record-reader.ts';
import { recordRepository } from '../../functions/store/record-repository.ts';
import type { AppPorts } from '../../functions/use-cases/ports.ts';
import { tombstoneDays, type RecordStore } from '../../functions/use-cases/records/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { memoryRecords } from '../support/memory/records.ts';

const record = (updatedAt: string, amount: string, overrides: Partial<StoredRecord> = {}): StoredRecord => ({
  recordType: 'deal', id: 'd-1', ownerId: 'u-1', updatedAt, splits: null, fields: { amount, status: 'won' }, ...overrides,
});
const day = 86_400_000;
/** "Now" for the writes: after every updatedAt the tests write, so a delete is newer than them. */
const now = Date.parse('2026-04-01T00:00:00Z');

describe.each<[string, () => { records: RecordStore; recordPages: AppPorts['recordPages'] }]>([
  ['DynamoDB', () => ({ records: recordRepository, recordPages: readRecordsOfType })],
  ['memory', memoryRecords],
])('RecordStore (%s)', (_name, store) => {
  it('applies the newest updatedAt whatever the arrival order, comparing instants not strings; an equal one again', async () => {
    const [{ records }, tenant] = [store(), uniqueTenant()];
    expect(await records.upsert(tenant, record('2026-03-01T12:00:00+02:00', '1.00'), now)).toEqual({ applied: true, created: true });
    // 10:30Z is after 10:00Z (12:00+02:00) although the string sorts first.
    expect(await records.upsert(tenant, record('2026-03-01T10:30:00Z', '2.00'), now)).toEqual({ applied: true, created: false });
    expect(await records.upsert(tenant, record('2026-03-01T11:00:00+02:00', '3.00'), now)).toEqual({ applied: false, current: record('2026-03-01T10:30:00Z', '2.00') });
    expect(await records.upsert(tenant, record('2026-03-01T10:30:00Z', '4.00'), now)).toEqual({ applied: true, created: false });
    expect(await records.get(tenant, 'deal', 'd-1')).toEqual(record('2026-03-01T10:30:00Z', '4.00'));
    expect(await records.get(uniqueTenant(), 'deal', 'd-1')).toBeUndefined();
  });

  it('deletes into a tombstone: reads miss it, a second delete is false, older upserts are refused, newer ones re-create', async () => {
    const [{ records }, tenant] = [store(), uniqueTenant()];
    await records.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00'), now);
    expect(await records.delete(tenant, 'deal', 'd-1', now)).toBe(true);
    expect(await records.delete(tenant, 'deal', 'd-1', now)).toBe(false);
    expect(await records.delete(tenant, 'deal', 'never', now)).toBe(false);
    expect(await records.get(tenant, 'deal', 'd-1')).toBeUndefined();
    expect(await records.upsert(tenant, record('2026-03-01T12:00:00Z', '2.00'), now)).toEqual({ applied: false, current: null });
    expect(await records.upsert(tenant, record(new Date(now + 60_000).toISOString(), '3.00'), now)).toEqual({ applied: true, created: true });
    expect((await records.get(tenant, 'deal', 'd-1'))?.fields.amount).toBe('3.00');
  });

  it('gives each applied write the next server revision, the first the write\'s instant; image() reads it, a deleted record\'s as null', async () => {
    const [{ records, recordPages }, tenant] = [store(), uniqueTenant()];
    expect(await records.image(tenant, 'deal', 'd-1')).toBeUndefined();
    await records.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00'), now);
    await records.upsert(tenant, record('2026-03-01T11:00:00Z', '9.00'), now); // older: not applied, no revision
    await records.upsert(tenant, record('2026-03-01T12:00:00Z', '2.00'), now);
    expect(await records.image(tenant, 'deal', 'd-1')).toEqual({ rev: now + 2, record: { ...record('2026-03-01T12:00:00Z', '2.00'), rev: now + 2 } });
    const read: StoredRecord[] = [];
    await recordPages(tenant, 'deal', (page) => read.push(...page));
    expect(read.map((r) => [r.id, r.rev])).toEqual([['d-1', now + 2]]);
    expect(await records.get(tenant, 'deal', 'd-1')).toEqual(record('2026-03-01T12:00:00Z', '2.00')); // callers never see it

    await records.delete(tenant, 'deal', 'd-1', now);
    expect(await records.image(tenant, 'deal', 'd-1')).toEqual({ rev: now + 3, record: null });
    await records.upsert(tenant, record(new Date(now + 60_000).toISOString(), '3.00'), now);
    expect((await records.image(tenant, 'deal', 'd-1'))?.rev).toBe(now + 4);
  });

  it(`lets any upsert through once the tombstone is past its ttl (${tombstoneDays} days), before anything removes it`, async () => {
    const [{ records }, tenant] = [store(), uniqueTenant()];
    await records.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00'), now);
    await records.delete(tenant, 'deal', 'd-1', now);
    expect(await records.upsert(tenant, record('2026-03-01T12:00:00Z', '2.00'), now + (tombstoneDays - 1) * day)).toEqual({ applied: false, current: null });
    expect(await records.upsert(tenant, record('2026-03-01T12:00:00Z', '3.00'), now + (tombstoneDays + 1) * day)).toEqual({ applied: true, created: true });
    expect((await records.get(tenant, 'deal', 'd-1'))?.fields.amount).toBe('3.00');
  });

  it("upserts many: one outcome per record in order, the same record in the batch's order, each as its single upsert", async () => {
    const [{ records }, tenant] = [store(), uniqueTenant()];
    await records.upsert(tenant, record('2026-03-05T00:00:00Z', '1.00', { id: 'd-2' }), now);
    await records.upsert(tenant, record('2026-03-01T00:00:00Z', '1.00', { id: 'd-gone' }), now);
    await records.delete(tenant, 'deal', 'd-gone', now);
    const outcomes = await records.upsertMany(
      tenant,
      [
        record('2026-03-01T00:00:00Z', '1.00'),
        record('2026-03-02T00:00:00Z', '2.00'),
        record('2026-03-01T12:00:00Z', '3.00'),
        record('2026-03-04T00:00:00Z', '4.00', { id: 'd-2' }),
        record('2026-03-01T00:00:00Z', '5.00', { id: 'd-gone' }),
        record('2026-03-01T00:00:00Z', '6.00', { recordType: 'lead' }),
      ],
      now,
    );
    expect(outcomes).toEqual([
      { applied: true, created: true },
      { applied: true, created: false },
      { applied: false },
      { applied: false },
      { applied: false },
      { applied: true, created: true },
    ]);
    expect((await records.get(tenant, 'deal', 'd-1'))?.fields.amount).toBe('2.00');
    expect((await records.get(tenant, 'deal', 'd-2'))?.fields.amount).toBe('1.00');
    expect(await records.get(tenant, 'deal', 'd-gone')).toBeUndefined();
  });

  it('reads no tombstone: full and windowed reads of the type leave deleted records out, and a window its outside', async () => {
    const [{ records, recordPages }, tenant] = [store(), uniqueTenant()];
    const dated = (id: string, closedAt: string) => record('2026-03-01T12:00:00Z', '1.00', { id, fields: { amount: '1.00', closedAt } });
    for (const [id, closedAt] of [['d-1', '2026-02-10T10:00:00Z'], ['d-2', '2026-02-11T10:00:00Z'], ['d-3', '2026-02-12T10:00:00Z'], ['d-old', '2025-06-01T00:00:00Z']] as const) {
      await records.upsert(tenant, dated(id, closedAt), now);
    }
    await records.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00', { id: 'undated' }), now);
    await records.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00', { recordType: 'lead', id: 'l-1', fields: { closedAt: '2026-02-10T10:00:00Z' } }), now);
    await records.delete(tenant, 'deal', 'd-2', now);

    const ids = async (window?: { startMs: number; endMs: number }) => {
      const seen: string[] = [];
      const count = await recordPages(tenant, 'deal', (page) => seen.push(...page.map((r) => r.id)), { window });
      expect(count).toBe(seen.length);
      return seen.sort();
    };
    expect(await ids()).toEqual(['d-1', 'd-3', 'd-old', 'undated']);
    expect(await ids({ startMs: Date.parse('2026-01-01T00:00:00Z'), endMs: Date.parse('2027-01-01T00:00:00Z') })).toEqual(['d-1', 'd-3']);
  });
});

describe('RecordStore (DynamoDB): the tombstone item', () => {
  it('expires tombstoneDays after the delete and is in no index', async () => {
    const tenant = uniqueTenant();
    await recordRepository.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00'), now);
    await recordRepository.delete(tenant, 'deal', 'd-1', now);
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: recordKey(tenant, 'deal', 'd-1') }));
    expect(Item?.ttl).toBe(Math.floor(now / 1000) + tombstoneDays * 86_400);
    expect(Item?.gsi1pk).toBeUndefined();
  });
});
