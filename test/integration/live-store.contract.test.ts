/**
 * The LiveStore port's contract (live values and shadows), proven against the DynamoDB repository
 * (DynamoDB Local, real transactions) and the in-memory store the use-case tests run on.
 */
import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../core/model/record-input.ts';
import type { GoalCredit } from '../../core/rollup/record-credits.ts';
import { liveRepository } from '../../functions/store/live-repository.ts';
import { ChangeTooWideError, maxGoalsPerChange, recordKey, type Guard, type LiveChange, type LiveStore } from '../../functions/use-cases/live/ports.ts';
import { runRepository } from '../../functions/store/run-repository.ts';
import type { RunStore } from '../../functions/use-cases/rollups/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { memoryLeases } from '../support/memory/gate.ts';
import { memoryRuns } from '../support/memory/results.ts';
import { memoryLive } from '../support/memory/live.ts';

const record: RecordInput = { recordType: 'deal', id: 'd-1', ownerId: 'u-1', updatedAt: '2026-03-01T12:00:00Z', splits: null, fields: { amount: '10.00', status: 'won' } };
const credit = (goalId: string, actual: bigint, skipped = 0): GoalCredit => ({ goalId, values: [actual, 0n, 0n], skipped });
/** The consumer's guard on a tenant no run ever held. */
const free: Guard = { free: { nowMs: Date.parse('2026-03-01T12:00:00Z'), generation: 0 } };
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

    expect(await live.apply(tenant, [change(null, 1, [credit('g-1', 1000n), credit('g-2', 1000n)])], free)).toBe('applied');
    expect(await live.apply(tenant, [change(null, 2, [credit('g-1', 5n)])], free)).toBe('shadow-moved'); // a shadow exists now
    expect(await live.apply(tenant, [change(7, 8, [credit('g-1', 5n)])], free)).toBe('shadow-moved'); // not at revision 7
    expect(await live.apply(tenant, [change(1, 2, [credit('g-1', -1000n, 1)], null)], free)).toBe('applied');

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

    await live.apply(tenant, [change(null, 1, [credit('g-1', 1n)], split)], free);

    expect(await live.shadow(tenant, 'deal', 'd-1')).toEqual({ rev: 1, record: split });
    expect(await live.shadow(other, 'deal', 'd-1')).toBeUndefined();
    expect((await live.values(other)).size).toBe(0);
  });

  it('adds exactly, beyond what a double holds', async () => {
    const [live, tenant] = [store(), uniqueTenant()];
    const big = 10n ** 30n + 1n;

    await live.apply(tenant, [change(null, 1, [credit('g-1', big)])], free);
    await live.apply(tenant, [change(1, 2, [credit('g-1', -1n)])], free);
    await live.apply(tenant, [change(2, 3, [{ goalId: 'g-1', values: [1n, 10n ** 20n + 7n, -3n], skipped: 0 }])], free);

    expect((await live.values(tenant)).get('g-1')?.values).toEqual([10n ** 30n + 1n, 10n ** 20n + 7n, -3n]);
  });

  it('applies changes of several records in one step, summed per goal, or none of them when one shadow moved', async () => {
    const [live, tenant] = [store(), uniqueTenant()];
    const of = (id: string, expectedRev: number | null, rev: number, deltas: GoalCredit[]): LiveChange => ({ ...change(expectedRev, rev, deltas), id, at: `2026-03-01T12:00:0${rev}Z` });
    await live.apply(tenant, [of('d-2', null, 1, [credit('g-1', 7n)])], free);

    // d-2 is at revision 1, not 5: nothing of the three lands.
    expect(await live.apply(tenant, [of('d-1', null, 1, [credit('g-1', 1n)]), of('d-2', 5, 6, [credit('g-1', 100n)]), of('d-3', null, 1, [credit('g-2', 1n)])], free)).toBe('shadow-moved');
    expect([...(await live.values(tenant)).keys()]).toEqual(['g-1']);
    expect(await live.shadowsOf(tenant, [{ recordType: 'deal', id: 'd-1' }, { recordType: 'deal', id: 'd-2' }, { recordType: 'deal', id: 'd-3' }])).toEqual(new Map([[recordKey('deal', 'd-2'), { rev: 1, record }]]));

    expect(await live.apply(tenant, [of('d-1', null, 1, [credit('g-1', 1n)]), of('d-2', 1, 3, [credit('g-1', 100n), credit('g-2', -4n, 1)]), of('d-3', null, 2, [credit('g-2', 4n, -1)])], free)).toBe('applied');
    const values = await live.values(tenant);
    expect(values.get('g-1')?.values).toEqual([108n, 0n, 0n]);
    // g-2's deltas sum to zero: nothing to write there.
    expect(values.has('g-2')).toBe(false);
    expect(await live.shadowsOf(tenant, [{ recordType: 'deal', id: 'd-3' }, { recordType: 'deal', id: 'd-1' }, { recordType: 'deal', id: 'd-2' }])).toEqual(
      new Map([[recordKey('deal', 'd-1'), { rev: 1, record }], [recordKey('deal', 'd-2'), { rev: 3, record }], [recordKey('deal', 'd-3'), { rev: 2, record }]]),
    );
    // More shadows and goals than one transaction holds: refused, nothing written.
    const many = Array.from({ length: 50 }, (_, i) => of(`m-${i}`, null, 1, [credit(`h-${i}`, 1n)]));
    await expect(live.apply(tenant, many, free)).rejects.toThrow(/do not fit/);
    expect((await live.shadowsOf(tenant, many)).size).toBe(0);
  });

  it('refuses a change wider than one transaction, writing nothing', async () => {
    const [live, tenant] = [store(), uniqueTenant()];
    const wide = Array.from({ length: maxGoalsPerChange + 1 }, (_, i) => credit(`g-${i}`, 1n));

    await expect(live.apply(tenant, [change(null, 1, wide)], free)).rejects.toBeInstanceOf(ChangeTooWideError);
    expect(await live.apply(tenant, [change(null, 1, wide.slice(0, maxGoalsPerChange))], free)).toBe('applied');
    expect((await live.values(tenant)).size).toBe(maxGoalsPerChange);
  });
});

/** The gate (functions/use-cases/live/DESIGN.md): the live store and the run store share the tenant's lease item. */
describe.each<[string, () => { live: LiveStore; runs: RunStore }]>([
  ['DynamoDB', () => ({ live: liveRepository, runs: runRepository })],
  [
    'memory',
    () => {
      const leases = memoryLeases();
      return { live: memoryLive(leases).live, runs: memoryRuns(leases) };
    },
  ],
])('LiveStore and RunStore: the gate (%s)', (_name, stores) => {
  const t0 = Date.parse('2026-03-01T12:00:00Z');
  const image = (rev: number) => ({ recordType: 'deal', id: 'd-1', rev, record: rev === 3 ? null : { ...record, updatedAt: `2026-03-01T12:00:0${rev}Z` } });

  it('applies a consumer\'s change only while no run holds the lease and its generation is current; a run\'s only while it holds it', async () => {
    const [{ live, runs }, tenant] = [stores(), uniqueTenant()];
    expect(await live.gate(tenant, t0)).toEqual({ heldBy: null, inboxCount: 0, generation: 0 });

    expect(await runs.acquireLease(tenant, 'run-1', t0, 60_000)).toBe(true);
    expect(await live.gate(tenant, t0 + 1)).toEqual({ heldBy: 'run-1', inboxCount: 0, generation: 0 });
    expect(await live.apply(tenant, [change(null, 1, [credit('g-1', 5n)])], { free: { nowMs: t0 + 1, generation: 0 } })).toBe('guard-failed');
    expect(await live.apply(tenant, [change(null, 1, [credit('g-1', 5n)])], { held: { runId: 'run-2', nowMs: t0 + 1 } })).toBe('guard-failed');
    expect(await live.repair(tenant, [credit('g-1', 7n)], 'x', { held: { runId: 'run-2', nowMs: t0 + 1 } })).toBe(false);
    expect(await live.apply(tenant, [change(null, 1, [credit('g-1', 5n)])], { held: { runId: 'run-1', nowMs: t0 + 1 } })).toBe('applied');
    expect(await live.repair(tenant, [credit('g-2', 7n, 2)], '2026-03-01T12:00:09Z', { held: { runId: 'run-1', nowMs: t0 + 2 } })).toBe(true);
    // Expired: the run's guard fails, the consumer's holds (for the generation of before the lease).
    expect(await live.apply(tenant, [change(1, 2, [credit('g-1', 1n)])], { held: { runId: 'run-1', nowMs: t0 + 60_001 } })).toBe('guard-failed');
    expect(await live.gate(tenant, t0 + 60_001)).toEqual({ heldBy: null, inboxCount: 0, generation: 0 });
    expect(await live.apply(tenant, [change(1, 2, [credit('g-1', 1n)])], { free: { nowMs: t0 + 60_001, generation: 0 } })).toBe('applied');

    expect(await runs.releaseLease(tenant, 'run-1')).toBe(true);
    expect(await live.gate(tenant, t0 + 60_002)).toEqual({ heldBy: null, inboxCount: 0, generation: 1 });
    expect(await live.apply(tenant, [change(2, 3, [credit('g-1', 1n)])], { free: { nowMs: t0 + 60_002, generation: 0 } })).toBe('guard-failed');
    expect(await live.apply(tenant, [change(2, 3, [credit('g-1', 1n)])], { free: { nowMs: t0 + 60_002, generation: 1 } })).toBe('applied');
    const values = await live.values(tenant);
    expect([values.get('g-1')?.values, values.get('g-2')?.values, values.get('g-2')?.skipped]).toEqual([[7n, 0n, 0n], [7n, 0n, 0n], 2]);
  });

  it('diverts changes to the inbox only while a run holds the lease, once per revision; the lease is let go only with an empty inbox', async () => {
    const [{ live, runs }, tenant] = [stores(), uniqueTenant()];
    expect(await live.divert(tenant, image(1), t0)).toBe('not-held');

    await runs.acquireLease(tenant, 'run-1', t0, 60_000);
    expect(await live.divert(tenant, image(2), t0 + 1)).toBe('diverted');
    expect(await live.divert(tenant, image(1), t0 + 1)).toBe('diverted');
    expect(await live.divert(tenant, image(2), t0 + 2)).toBe('duplicate');
    expect(await live.divert(tenant, image(3), t0 + 60_001)).toBe('not-held'); // expired
    expect((await live.gate(tenant, t0 + 3)).inboxCount).toBe(2);
    const inbox = await live.inbox(tenant);
    expect(inbox.map((entry) => entry.image)).toEqual([image(1), image(2)]);
    expect(await runs.releaseLease(tenant, 'run-1')).toBe(false);

    await live.removeFromInbox(tenant, inbox.slice(0, 1));
    await live.removeFromInbox(tenant, inbox); // the first one again: skipped, not counted twice
    expect(await live.inbox(tenant)).toEqual([]);
    expect((await live.gate(tenant, t0 + 3)).inboxCount).toBe(0);
    expect(await runs.releaseLease(tenant, 'run-1')).toBe(true);
    expect(await live.gate(tenant, t0 + 3)).toEqual({ heldBy: null, inboxCount: 0, generation: 1 });
  });

  it('catches up in bulk only while the run holds the lease: deltas added, shadows moved, past one transaction', async () => {
    const [{ live, runs }, tenant] = [stores(), uniqueTenant()];
    const deltas = Array.from({ length: 120 }, (_, i) => credit(`g-${i}`, BigInt(i + 1), i % 2));
    const images = Array.from({ length: 30 }, (_, i) => ({ recordType: 'deal', id: `d-${i}`, rev: i + 1, record: i % 5 === 0 ? null : { ...record, id: `d-${i}` } }));
    const held = { held: { runId: 'run-1', nowMs: t0 + 1 } };
    expect(await live.catchUp(tenant, deltas, images, 'x', held)).toBe(false);
    await runs.acquireLease(tenant, 'run-1', t0, 60_000);

    expect(await live.catchUp(tenant, deltas, images, '2026-03-01T12:00:05Z', held)).toBe(true);

    const values = await live.values(tenant);
    expect(values.size).toBe(120);
    expect([values.get('g-0'), values.get('g-119')]).toEqual([
      { values: [1n, 0n, 0n], skipped: 0, updatedAt: '2026-03-01T12:00:05Z' },
      { values: [120n, 0n, 0n], skipped: 1, updatedAt: '2026-03-01T12:00:05Z' },
    ]);
    const shadows = await live.shadows(tenant, 'deal');
    expect(shadows.size).toBe(30);
    expect([shadows.get('d-0'), shadows.get('d-29')]).toEqual([{ rev: 1, record: null }, { rev: 30, record: { ...record, id: 'd-29' } }]);
  });

  it('reads the shadows a window can hold by their images\' dates (read consistently, not from an index), with their images', async () => {
    const [{ live }, tenant] = [stores(), uniqueTenant()];
    const guard: Guard = { free: { nowMs: t0, generation: 0 } };
    const dated = (id: string, closedAt: string, createdAt = closedAt) => ({ ...record, id, fields: { ...record.fields, closedAt, createdAt } });
    const put = (id: string, image: RecordInput | null) => live.apply(tenant, [{ ...change(null, 1, []), id, next: { rev: 1, record: image } }], guard);
    await put('in', dated('in', '2026-02-10T00:00:00Z'));
    await put('spans', dated('spans', '2026-03-05T00:00:00Z', '2025-12-01T00:00:00Z')); // latest after, earliest before the window
    await put('before', dated('before', '2026-01-31T23:59:59Z'));
    await put('after', dated('after', '2026-03-01T00:00:00Z'));
    await put('undated', record);
    await put('deleted', null);

    const window = { startMs: Date.parse('2026-02-01T00:00:00Z'), endMs: Date.parse('2026-03-01T00:00:00Z') };
    const inWindow = await live.shadows(tenant, 'deal', window);
    expect([...inWindow.keys()].sort()).toEqual(['in', 'spans']);
    expect(inWindow.get('in')).toEqual({ rev: 1, record: dated('in', '2026-02-10T00:00:00Z') });
    expect((await live.shadows(tenant, 'deal')).size).toBe(6);
  });

  it('reads every shadow of a record type', async () => {
    const [{ live }, tenant] = [stores(), uniqueTenant()];
    const guard: Guard = { free: { nowMs: t0, generation: 0 } };
    await live.apply(tenant, [change(null, 4, [credit('g-1', 1n)])], guard);
    await live.apply(tenant, [{ ...change(null, 2, []), id: 'd-2', next: { rev: 2, record: null } }], guard);

    expect(await live.shadows(tenant, 'deal')).toEqual(new Map([['d-1', { rev: 4, record }], ['d-2', { rev: 2, record: null }]]));
    expect((await live.shadows(tenant, 'call')).size).toBe(0);
  });
});

