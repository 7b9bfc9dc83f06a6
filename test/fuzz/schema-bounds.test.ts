import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { conditionSchema } from '../../core/queries/condition-schema.ts';
import { idSchema } from '../../core/model/primitives.ts';
import { listQuerySchema } from '../../functions/api/common-schemas.ts';
import { cascadeBodySchema, goalCreateSchema, periodsBodySchema } from '../../functions/use-cases/goals/goal-inputs.ts';
import { metricCreateSchema } from '../../functions/use-cases/metrics/metric-inputs.ts';
import { batchRecordSchema, recordBodySchema } from '../../functions/api/records/record-schema.ts';
import { settingsUpdateSchema } from '../../functions/api/settings/settings-schema.ts';
import { unitInputSchema } from '../../functions/api/units/unit-schema.ts';
import { userInputSchema } from '../../functions/api/users/user-schema.ts';
import { jsonText, nested, wide } from './fuzz-values.ts';

const x = (n: number) => 'x'.repeat(n);
const many = <T>(n: number, item: (i: number) => T) => Array.from({ length: n }, (_, i) => item(i));

/** A schema, a body it accepts, and edits that put one value just past a bound. */
const cases: { name: string; schema: z.ZodType; valid: Record<string, unknown>; atLimit?: Record<string, unknown>; over: Record<string, unknown>[] }[] = [
  {
    name: 'PUT /settings',
    schema: settingsUpdateSchema,
    valid: { timezone: 'Europe/Oslo', defaultCurrency: 'EUR', paceTolerancePercent: 5 },
    atLimit: { paceTolerancePercent: 100, stopRollupDaysAfterEnd: 3650, fiscalYearStartMonth: 12, weekStartsOn: 7 },
    over: [{ timezone: x(65) }, { defaultCurrency: 'EURO' }, { defaultCurrency: x(100_000) }, { paceTolerancePercent: 100.01 }, { paceTolerancePercent: -0.01 }, { stopRollupDaysAfterEnd: 3651 }, { fiscalYearStartMonth: 13 }, { weekStartsOn: 0 }, { rollupSchedule: x(101) }, { version: 1 },
      { paceTolerancePercent: 1e-300 }, { paceTolerancePercent: 5e-324 }, { rollupSchedule: '0 0 31 2 *' }, { rollupSchedule: '0 0 30 2 *' }],
  },
  {
    name: 'PUT /units/{id}',
    schema: unitInputSchema,
    valid: { name: 'Team', kind: 'team' },
    atLimit: { name: x(200), parentId: x(128), managerIds: many(50, (i) => `u${i}`) },
    over: [{ name: x(201) }, { parentId: x(129) }, { managerIds: many(51, (i) => `u${i}`) }, { managerIds: ['a b'] }, { extra: 1 }],
  },
  {
    name: 'PUT /users/{id}',
    schema: userInputSchema,
    valid: { name: 'Ann', role: 'member', memberships: [] },
    atLimit: { email: `${x(64)}@${x(185)}.com`, zones: many(50, () => x(64)), memberships: many(50, () => ({ unitId: 'u', from: '1900-01-01', to: '2999-12-31' })) },
    over: [{ email: `${x(64)}@${x(186)}.com` }, { zones: many(51, () => 'z') }, { zones: [x(65)] }, { memberships: many(51, () => ({ unitId: 'u' })) }, { memberships: [{ unitId: 'u', from: '1899-12-31' }] }, { memberships: [{ unitId: 'u', to: '3000-01-01' }] }],
  },
  {
    name: 'POST /metrics',
    schema: metricCreateSchema,
    valid: { name: 'Won', kind: 'count', dataType: 'integer', recordType: 'deal', dateField: 'closedAt', actual: { where: { field: 'status', op: 'eq', value: 'won' } } },
    atLimit: { name: x(200), recordType: x(128), dateField: x(64), actual: { where: wide(99) } },
    over: [{ name: x(201) }, { recordType: x(129) }, { dateField: x(65) }, { dateField: 'constructor' }, { valueField: '__proto__' }, { actual: { where: wide(100) } }, { actual: { where: nested(9) } }, { currency: 'EU' },
      { actual: { where: { field: 'amount', op: 'gt', value: 1e-300 } } }, { custom: { where: { field: 'amount', op: 'in', value: [1, -5e-324] } } }],
  },
  {
    name: 'POST /goals',
    schema: goalCreateSchema,
    valid: { name: 'Q1', metricId: 'm', owner: { type: 'user', id: 'u' }, period: { start: '2026-01-01', end: '2026-03-31' }, target: '100.00' },
    atLimit: { description: x(2000), target: 1e15, stretchTarget: '999999999999999999999999.999999999999', period: { start: '1900-01-01', end: '2999-12-31' } },
    over: [
      { name: x(201) }, { description: x(2001) }, { target: 1e15 + 1 }, { target: -1e16 }, { target: '1'.repeat(25) }, { target: '1.1234567890123' }, { stretchTarget: 1e300 },
      { bonus: { amount: 1, currency: 'EURO' } }, { period: { start: '1899-12-31', end: '2026-01-01' } }, { period: { granularity: 'month', anchor: '9999-12-31' } },
      { filter: nested(9) }, { filter: { field: 'toString', op: 'exists' } }, { filter: { field: 'a', op: 'eq', value: 1e16 } }, { owner: { type: 'user', id: x(129) } },
      { filter: { field: 'a', op: 'eq', value: -5e-324 } }, { target: 1e-300 }, { bonus: { amount: 1e-300, currency: 'EUR' } },
    ],
  },
  {
    name: 'POST /goals/{id}/cascade',
    schema: cascadeBodySchema,
    valid: { method: 'weighted', assignees: [{ owner: { type: 'user', id: 'u' }, weight: 1 }] },
    atLimit: { assignees: many(200, (i) => ({ owner: { type: 'user', id: `u${i}` }, weight: 1e15 })) },
    over: [{ assignees: many(201, (i) => ({ owner: { type: 'user', id: `u${i}` }, weight: 1 })) }, { assignees: [{ owner: { type: 'user', id: 'u' }, weight: -1 }] }, { assignees: [{ owner: { type: 'user', id: 'u' }, weight: '-0.5' }] }, { assignees: [{ owner: { type: 'user', id: 'u' }, weight: 1e16 }] }, { assignees: [{ owner: { type: 'user', id: 'u' }, weight: 1e-300 }] }],
  },
  {
    name: 'POST /goals/{id}/periods',
    schema: periodsBodySchema,
    valid: { granularity: 'month', method: 'custom', weights: [1, 2] },
    atLimit: { weights: many(530, () => 0) },
    over: [{ weights: many(531, () => 1) }, { weights: ['-1'] }, { weights: [1e16] }, { method: 'equal', weights: [-1] }, { weights: [5e-324] }],
  },
  {
    name: 'PUT /records/{recordType}/{id}',
    schema: recordBodySchema,
    valid: { ownerId: 'u', updatedAt: '2026-01-01T00:00:00Z', status: 'won' },
    atLimit: { note: x(4096), amount: 1e15, tiny: -1e-130, updatedAt: '0001-01-01T00:00:00+18:00', ...Object.fromEntries(many(96, (i) => [`f${i}`, i])) },
    over: [{ note: x(4097) }, { amount: 1e16 }, { amount: -1e15 - 1 }, { ...Object.fromEntries(many(101, (i) => [`f${i}`, i])) }, { constructor: 'x' }, { toString: 1 }, { updatedAt: `2026-01-01T00:00:00.${'1'.repeat(30)}Z` }, { splits: many(21, (i) => ({ ownerId: `u${i}`, percent: 5 })) },
      { amount: 1e-300 }, { amount: -5e-324 }, { updatedAt: '2026-03-01T24:00:00Z' }, { updatedAt: '2026-03-01T10:00:00+25:00' }, { updatedAt: '2026-03-01T10:00:00-18:01' }, { updatedAt: '0000-03-01T10:00:00Z' }],
  },
];

describe('request schemas bound every value', () => {
  for (const { name, schema, valid, atLimit, over } of cases) {
    it(`${name} accepts values at their limits and refuses each one past them`, () => {
      expect(schema.safeParse(valid).success).toBe(true);
      if (atLimit) expect(schema.safeParse({ ...valid, ...atLimit }).error?.issues).toBeUndefined();
      for (const edit of over) {
        expect(schema.safeParse({ ...valid, ...edit }).success, JSON.stringify(edit).slice(0, 120)).toBe(false);
      }
    });
  }

  it('refuses a record field named __proto__ instead of dropping it', () => {
    const body = JSON.parse('{"ownerId":"u","updatedAt":"2026-01-01T00:00:00Z","__proto__":"x"}');
    expect(recordBodySchema.safeParse(body).error?.issues.map((i) => i.path)).toEqual([['__proto__']]);
    expect(batchRecordSchema.safeParse({ ...body, recordType: 'deal', id: 'd' }).success).toBe(false);
  });

  it('measures a condition 30,000 levels deep without recursing', () => {
    const deep = JSON.parse(jsonText(nested(30_000)));
    expect(conditionSchema.safeParse(deep).error?.issues[0]?.message).toMatch(/more than 8 levels/);
    expect(conditionSchema.safeParse(JSON.parse(jsonText(nested(30_000, 'all')))).success).toBe(false);
  });

  it('bounds ids to 128 characters of the contract and list queries to limit 500 and 2,048-character cursors', () => {
    expect(idSchema.safeParse(x(128)).success).toBe(true);
    expect(idSchema.safeParse(x(129)).success).toBe(false);
    expect(listQuerySchema.safeParse({ limit: '500', cursor: x(2048) }).success).toBe(true);
    expect(listQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
    expect(listQuerySchema.safeParse({ cursor: x(2049) }).success).toBe(false);
    expect(listQuerySchema.safeParse({ limit: '10', extra: '1' }).success).toBe(false);
  });
});
