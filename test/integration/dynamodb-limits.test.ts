import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableNumber } from '../../core/values/storable-number.ts';
import type { Goal } from '../../core/model/goal.ts';
import { ddb, tableName } from '../../functions/store/client.ts';
import { goalRepository } from '../../functions/store/goal-repository.ts';
import { maxChildrenPerWrite, writeChildGoals } from '../../functions/use-cases/goals/child-goals.ts';
import type { GoalWrite } from '../../functions/use-cases/goals/ports.ts';
import { DYNAMODB_LIMITS, dynamoItemSize } from '../../functions/store/item-size.ts';
import { VersionConflictError } from '../../functions/shared/errors.ts';
import { uniqueTenant } from '../support/api.ts';
import { goalFixture } from '../support/goal-fixture.ts';

/** Whether DynamoDB (Local, through the document client) takes the write. */
async function stored(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch {
    return false;
  }
}

const put = (item: Record<string, unknown>) => stored(() => ddb().send(new PutCommand({ TableName: tableName(), Item: item })));

describe('isStorableNumber', () => {
  it('accepts exactly the numbers DynamoDB and its document client store', async () => {
    // Prepare: any double, subnormals included, and the edges of both bounds
    const edges = [0, -0, 1e-130, -1e-130, 9.999999999999999e-131, 1e-131, 5e-324, -5e-324, 1e-300, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e20, 1e126];
    const key = { pk: `limits#${uniqueTenant()}`, sk: 'number' };

    // Act + Assess
    for (const n of edges) expect(await put({ ...key, n }), String(n)).toBe(isStorableNumber(n));
    await fc.assert(
      fc.asyncProperty(fc.double({ noNaN: true, noDefaultInfinity: true }), async (n) => {
        expect(await put({ ...key, n }), String(n)).toBe(isStorableNumber(n));
      }),
      { numRuns: 200 },
    );
  });
});

describe('dynamoItemSize', () => {
  /** An item of exactly `bytes` as measured, its padding string making up the difference. */
  const itemOf = (bytes: number, content: Record<string, unknown>): Record<string, unknown> => {
    const base = { pk: `limits#${uniqueTenant()}`, sk: 'size', ...content, pad: '' };
    return { ...base, pad: 'p'.repeat(bytes - dynamoItemSize(base)) };
  };
  const goalLike = {
    name: 'Ünïcødé 🚀 goal',
    filter: { any: [{ field: 'zone', op: 'in', value: ['north', 'south', null, true] }, { not: { field: 'x', op: 'exists' } }], empty: {}, list: [] },
    locked: false,
    parentId: null,
  };

  it('measures strings, maps, lists, booleans and nulls exactly as DynamoDB counts them against 400 KB', async () => {
    // Act
    const atLimit = await put(itemOf(DYNAMODB_LIMITS.itemBytes, goalLike));
    const overLimit = await put(itemOf(DYNAMODB_LIMITS.itemBytes + 1, goalLike));

    // Assess
    expect([atLimit, overLimit]).toEqual([true, false]);
  });

  it('never counts a number smaller than DynamoDB does', async () => {
    for (const n of [1, 12, 1.5, 0.001, 123456789.25, -42, 1e-130, 2 ** 53 - 1]) {
      expect(await put(itemOf(DYNAMODB_LIMITS.itemBytes, { ...goalLike, version: n, nested: { n, list: [n, n] } })), String(n)).toBe(true);
    }
  });

  it('measures a transaction exactly against its 4 MB', async () => {
    // Prepare: ten items of 400,000 bytes and one making up the rest of 4 MB
    const items = Array.from({ length: 10 }, () => itemOf(400_000, goalLike));
    const rest = DYNAMODB_LIMITS.transactionBytes - 10 * 400_000;
    const transact = (last: Record<string, unknown>) =>
      stored(() => ddb().send(new TransactWriteCommand({ TransactItems: [...items, last].map((Item) => ({ Put: { TableName: tableName(), Item } })) })));

    // Act
    const atLimit = await transact(itemOf(rest, goalLike));
    const overLimit = await transact(itemOf(rest + 1, goalLike));

    // Assess
    expect([atLimit, overLimit]).toEqual([true, false]);
  });
});

describe('writeChildGoals', () => {
  const goal = (id: string, overrides: Partial<Goal> = {}): Goal => goalFixture(id, { parentId: 'parent', ...overrides });

  it('undoes the transactions already written when a later one fails, so no child is left half-written', async () => {
    // Prepare: two stored children; a write of 120 that updates the first (in transaction 1), creates 118
    // and updates the second at a version it no longer has (in transaction 2, which therefore fails)
    const tenant = uniqueTenant();
    const kept = goal('kept', { target: '5.00' });
    const stale = goal('stale', { target: '7.00' });
    await goalRepository.write(tenant, [kept, stale].map((g) => ({ goal: g, expectedVersion: 0 })));
    const created = Array.from({ length: 118 }, (_, i) => goal(`new-${String(i).padStart(3, '0')}`));
    const writes: GoalWrite[] = [
      { goal: { ...kept, target: '9.00', version: 2 }, expectedVersion: 1 },
      ...created.map((g) => ({ goal: g, expectedVersion: 0 })),
      { goal: { ...stale, target: '8.00', version: 4 }, expectedVersion: 3 },
    ];
    expect(writes.length).toBeGreaterThan(maxChildrenPerWrite(goalRepository));

    // Act
    const outcome = writeChildGoals(goalRepository, tenant, writes, new Map([kept, stale].map((g) => [g.id, g])));

    // Assess
    await expect(outcome).rejects.toThrow(VersionConflictError);
    const after = await goalRepository.all(tenant);
    expect(after.map((g) => g.id).sort()).toEqual(['kept', 'stale']);
    expect(after.find((g) => g.id === 'kept')).toEqual({ ...kept, version: 3 });
    expect(after.find((g) => g.id === 'stale')).toEqual(stale);
  });

  it('writes all of them when every transaction succeeds', async () => {
    // Prepare
    const tenant = uniqueTenant();
    const writes = Array.from({ length: 150 }, (_, i) => ({ goal: goal(`c-${String(i).padStart(3, '0')}`), expectedVersion: 0 }));

    // Act
    await writeChildGoals(goalRepository, tenant, writes, new Map());

    // Assess
    expect((await goalRepository.all(tenant)).map((g) => g.id)).toEqual(writes.map((w) => w.goal.id));
  });
});
