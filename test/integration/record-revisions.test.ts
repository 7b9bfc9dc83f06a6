/**
 * Each record write raises the record's server revision (`rev` on its item), the number the live
 * path applies each change by (functions/use-cases/live/DESIGN.md): by one per applied write —
 * single, batch, delete, re-create — never by a write that does not apply.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../core/model/record-input.ts';
import { ddb, tableName } from '../../functions/store/client.ts';
import { recordKey } from '../../functions/store/keys.ts';
import { recordRepository } from '../../functions/store/record-repository.ts';
import { uniqueTenant } from '../support/api.ts';

const record = (updatedAt: string, amount: string): RecordInput => ({ recordType: 'deal', id: 'd-1', ownerId: 'u-1', updatedAt, splits: null, fields: { amount, status: 'won' } });
const now = Date.parse('2026-04-01T00:00:00Z');
const revOf = async (tenant: string): Promise<unknown> =>
  (await ddb().send(new GetCommand({ TableName: tableName(), Key: recordKey(tenant, 'deal', 'd-1'), ConsistentRead: true }))).Item?.rev;

describe('record revisions', () => {
  it('start at the first write\'s instant and rise by one with each write that applies, a delete and a re-create included', async () => {
    const tenant = uniqueTenant();
    await recordRepository.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00'), now);
    const first = (await revOf(tenant)) as number;
    expect(first).toBe(now + 1);

    await recordRepository.upsert(tenant, record('2026-03-02T12:00:00Z', '2.00'), now);
    await recordRepository.upsert(tenant, record('2026-03-01T00:00:00Z', '0.50'), now); // older: not applied
    expect(await revOf(tenant)).toBe(first + 1);

    await recordRepository.delete(tenant, 'deal', 'd-1', now);
    expect(await revOf(tenant)).toBe(first + 2);
    await recordRepository.upsert(tenant, record(new Date(now + 60_000).toISOString(), '3.00'), now + 60_000);
    expect(await revOf(tenant)).toBe(first + 3);
    expect((await recordRepository.get(tenant, 'deal', 'd-1'))?.fields).toEqual({ amount: '3.00', status: 'won' });
  });

  it('rise by one per applied entry of a batch, twice for the same record twice', async () => {
    const tenant = uniqueTenant();
    await recordRepository.upsert(tenant, record('2026-03-01T12:00:00Z', '1.00'), now);
    const first = (await revOf(tenant)) as number;

    const outcomes = await recordRepository.upsertMany(tenant, [record('2026-03-02T00:00:00Z', '2.00'), record('2026-03-03T00:00:00Z', '3.00'), record('2026-03-01T00:00:00Z', '0.10')], now);

    expect(outcomes.map((o) => ('applied' in o ? o.applied : 'error'))).toEqual([true, true, false]);
    expect(await revOf(tenant)).toBe(first + 2);
  });
});
