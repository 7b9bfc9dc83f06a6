/**
 * The LiveStore port's contract (live values and shadows), proven against the DynamoDB repository
 * (DynamoDB Local, real transactions) and the in-memory store the use-case tests run on.
 */
import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../core/model/record-input.ts';
import type { GoalCredit } from '../../core/rollup/record-credits.ts';
import { liveRepository } from '../../functions/store/live-repository.ts';
import { ChangeTooWideError, type LiveChange, type LiveStore } from '../../functions/use-cases/live/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { memoryLive } from '../support/memory/live.ts';

const record: RecordInput = { recordType: 'deal', id: 'd-1', ownerId: 'u-1', updatedAt: '2026-03-01T12:00:00Z', splits: null, fields: { amount: '10.00', status: 'won' } };
const credit = (goalId: string, actual: bigint, skipped = 0): GoalCredit => ({ goalId, values: [actual, 0n, 0n], skipped });
const change = (expectedRev: number | null, rev: number, deltas: GoalCredit[], image: RecordInput | null = record): LiveChange => ({
  recordType: 'deal', id: 'd-1', expectedRev, next: { rev, record: image }, deltas, at: `2026-03-01T12:00:0${rev}Z`,
});

describe.each<[string, () => LiveStore]>([
  ['DynamoDB', () => liveRepository],
  ['memory', () => memoryLive().live],
])('LiveStore (%s)', (_name, store) => {
  it('moves the shadow and adds the deltas only while the shadow is at the expected revision', async () => {
    const [live, tenant] = [store(), uniqueTenant()];
    expect(await live.shadow(tenant, 'deal', 'd-1')).toBeUndefined();

    expect(await live.apply(tenant, change(null, 1, [credit('g-1', 1000n), credit('g-2', 1000n)]))).toBe(true);
    expect(await live.apply(tenant, change(null, 2, [credit('g-1', 5n)]))).toBe(false); // a shadow exists now
    expect(await live.apply(tenant, change(7, 8, [credit('g-1', 5n)]))).toBe(false); // not at revision 7
    expect(await live.apply(tenant, change(1, 2, [credit('g-1', -1000n, 1)], null))).toBe(true);

    expect(await live.shadow(tenant, 'deal', 'd-1')).toEqual({ rev: 2, record: null });
    const values = await live.values(tenant);
    expect(new Map([...values].map(([id, v]) => [id, [v.values, v.skipped, v.updatedAt]]))).toEqual(new Map([
      ['g-1', [[0n, 0n, 0n], 1, '2026-03-01T12:00:02Z']],
      ['g-2', [[1000n, 0n, 0n], 0, '2026-03-01T12:00:01Z']],
    ]));
  });

  it('keeps the shadow\'s image as it was written, and each tenant\'s values apart', async () => {
    const [live, tenant, other] = [store(), uniqueTenant(), uniqueTenant()];
    const split = { ...record, splits: [{ ownerId: 'u-1', percent: '60' }, { ownerId: 'u-2', percent: 40 }], fields: { ...record.fields, note: 'a, "quoted"\nline', flag: true, none: null, n: 12.5 } };

    await live.apply(tenant, change(null, 1, [credit('g-1', 1n)], split));

    expect(await live.shadow(tenant, 'deal', 'd-1')).toEqual({ rev: 1, record: split });
    expect(await live.shadow(other, 'deal', 'd-1')).toBeUndefined();
    expect((await live.values(other)).size).toBe(0);
  });

  it('adds exactly, beyond what a double holds', async () => {
    const [live, tenant] = [store(), uniqueTenant()];
    const big = 10n ** 30n + 1n;

    await live.apply(tenant, change(null, 1, [credit('g-1', big)]));
    await live.apply(tenant, change(1, 2, [credit('g-1', -1n)]));
    await live.apply(tenant, change(2, 3, [{ goalId: 'g-1', values: [1n, 10n ** 20n + 7n, -3n], skipped: 0 }]));

    expect((await live.values(tenant)).get('g-1')?.values).toEqual([10n ** 30n + 1n, 10n ** 20n + 7n, -3n]);
  });

  it('refuses a change wider than one transaction, writing nothing', async () => {
    const [live, tenant] = [store(), uniqueTenant()];
    const wide = Array.from({ length: 100 }, (_, i) => credit(`g-${i}`, 1n));

    await expect(live.apply(tenant, change(null, 1, wide))).rejects.toBeInstanceOf(ChangeTooWideError);
    expect(await live.apply(tenant, change(null, 1, wide.slice(0, 99)))).toBe(true);
    expect((await live.values(tenant)).size).toBe(99);
  });
});
