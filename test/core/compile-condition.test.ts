import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileCondition } from '../../core/queries/compile-condition.ts';
import type { Condition } from '../../core/queries/condition.ts';
import { compareDecimals, normalizeDecimal } from '../../core/queries/exact-compare.ts';
import { LocalDayCache } from '../../core/periods/period-instants.ts';
import { formatDecimal } from '../../core/values/decimal.ts';

const days = new LocalDayCache('Europe/Oslo');
const matches = (condition: Condition, fields: Record<string, string | number | boolean | null>): boolean =>
  compileCondition(condition, days)(fields);

describe('compileCondition', () => {
  it('compares strings exactly', () => {
    expect(matches({ field: 'status', op: 'eq', value: 'won' }, { status: 'won' })).toBe(true);
    expect(matches({ field: 'status', op: 'eq', value: 'won' }, { status: 'Won' })).toBe(false);
    expect(matches({ field: 'status', op: 'ne', value: 'won' }, { status: 'lost' })).toBe(true);
  });

  it('compares numbers and decimal strings as exact decimals', () => {
    expect(matches({ field: 'amount', op: 'eq', value: 100 }, { amount: '100.00' })).toBe(true);
    expect(matches({ field: 'amount', op: 'gt', value: '0.1' }, { amount: 0.1 })).toBe(false);
    expect(matches({ field: 'amount', op: 'gte', value: '0.1' }, { amount: 0.1 })).toBe(true);
    expect(matches({ field: 'amount', op: 'gt', value: '9007199254740992' }, { amount: '9007199254740993' })).toBe(true);
    expect(matches({ field: 'amount', op: 'lt', value: '1.0000000000000001' }, { amount: '1' })).toBe(true);
    expect(matches({ field: 'amount', op: 'lt', value: -5 }, { amount: '-5.01' })).toBe(true);
    expect(matches({ field: 'amount', op: 'gt', value: 5 }, { amount: 'lots' })).toBe(false);
  });

  it('compares instants and dates as instants, dates at local midnight', () => {
    const after = { field: 'closedAt', op: 'gte', value: '2026-04-01' } as const;
    expect(matches(after, { closedAt: '2026-03-31T23:30:00+02:00' })).toBe(false);
    expect(matches(after, { closedAt: '2026-03-31T22:30:00Z' })).toBe(true);
    expect(matches({ field: 'closedAt', op: 'eq', value: '2026-03-31T21:30:00Z' }, { closedAt: '2026-03-31T23:30:00+02:00' })).toBe(true);
  });

  it('compares booleans with booleans and their string form', () => {
    expect(matches({ field: 'qualified', op: 'eq', value: true }, { qualified: true })).toBe(true);
    expect(matches({ field: 'qualified', op: 'eq', value: true }, { qualified: 'true' })).toBe(true);
    expect(matches({ field: 'qualified', op: 'eq', value: true }, { qualified: false })).toBe(false);
    expect(matches({ field: 'qualified', op: 'eq', value: 'true' }, { qualified: true })).toBe(true);
  });

  it('treats missing fields as unknown: only ne, nin, exists false and eq null match', () => {
    expect(matches({ field: 'zone', op: 'eq', value: 'north' }, {})).toBe(false);
    expect(matches({ field: 'zone', op: 'ne', value: 'north' }, {})).toBe(true);
    expect(matches({ field: 'zone', op: 'in', value: ['north'] }, {})).toBe(false);
    expect(matches({ field: 'zone', op: 'nin', value: ['north'] }, {})).toBe(true);
    expect(matches({ field: 'zone', op: 'gt', value: 1 }, {})).toBe(false);
    expect(matches({ field: 'zone', op: 'exists' }, {})).toBe(false);
    expect(matches({ field: 'zone', op: 'exists', value: false }, { zone: null })).toBe(true);
    expect(matches({ field: 'zone', op: 'eq', value: null }, {})).toBe(true);
    expect(matches({ field: 'zone', op: 'contains', value: 'n' }, {})).toBe(false);
  });

  it('matches in and nin against mixed lists', () => {
    const inZones = { field: 'zone', op: 'in', value: ['north', 'west', 3] } as const;
    expect(matches(inZones, { zone: 'west' })).toBe(true);
    expect(matches(inZones, { zone: '3.0' })).toBe(true);
    expect(matches(inZones, { zone: 'south' })).toBe(false);
    expect(matches({ field: 'zone', op: 'nin', value: ['north'] }, { zone: 'south' })).toBe(true);
  });

  it('finds substrings with contains', () => {
    expect(matches({ field: 'name', op: 'contains', value: 'renew' }, { name: 'Q1 renewal' })).toBe(true);
    expect(matches({ field: 'name', op: 'contains', value: 'Renew' }, { name: 'Q1 renewal' })).toBe(false);
  });

  it('combines with all, any and not', () => {
    const condition: Condition = {
      all: [{ field: 'status', op: 'eq', value: 'won' }, { any: [{ field: 'zone', op: 'eq', value: 'north' }, { not: { field: 'amount', op: 'lt', value: 1000 } }] }],
    };
    expect(matches(condition, { status: 'won', zone: 'north', amount: '5' })).toBe(true);
    expect(matches(condition, { status: 'won', zone: 'south', amount: '5000' })).toBe(true);
    expect(matches(condition, { status: 'won', zone: 'south', amount: '5' })).toBe(false);
    expect(matches(condition, { status: 'lost', zone: 'north', amount: '5000' })).toBe(false);
  });

  it('compares equal negative decimals as exactly 0', () => {
    expect(compareDecimals(normalizeDecimal('-27')!, normalizeDecimal('-27.0')!)).toBe(0);
  });

  it('orders decimal strings exactly like their bigint values', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 8 }), (a, b, scale) => {
        const expected = a === b ? 0 : a < b ? -1 : 1;
        const fields = { v: formatDecimal(a, scale) };
        const operand = formatDecimal(b, scale);
        expect(Math.sign(compareDecimals(normalizeDecimal(fields.v)!, normalizeDecimal(operand)!))).toBe(expected);
        expect(matches({ field: 'v', op: 'gt', value: operand }, fields)).toBe(expected > 0);
        expect(matches({ field: 'v', op: 'lte', value: operand }, fields)).toBe(expected <= 0);
        expect(matches({ field: 'v', op: 'eq', value: operand }, fields)).toBe(expected === 0);
      }),
    );
  });
});
