import { describe, expect, it } from 'vitest';
import { exchangeRatesKey, goalKey, MalformedKeyError, parseEntitySk, recordKey, recordShard, recordShards, skippedKey, tenantPk, unitParentIndexPk } from '../../functions/store/keys.ts';
import { decodeCursor, encodeCursor } from '../../functions/store/cursor.ts';
import { RequestValidationError } from '../../functions/shared/errors.ts';

describe('key builders', () => {
  it('build self-describing keys scoped to the tenant', () => {
    expect(goalKey('demo', 'g-1')).toEqual({ pk: 't#demo#goals', sk: 'goal#g-1' });
    expect(unitParentIndexPk('demo', null)).toBe('t#demo#unit-parent#-');
    expect(recordKey('demo', 'deal', 'd-1').pk).toMatch(/^t#demo#rec#deal#\d{2}$/);
    expect(skippedKey('demo', '01R', 'deal', 'd-1')).toEqual({ pk: 't#demo#runs#01R#skipped', sk: 'rec#deal#d-1' });
    expect(exchangeRatesKey('demo', 'USD')).toEqual({ pk: 't#demo', sk: 'exchange-rates#USD' });
  });

  it.each(['', 'a#b', 'a b', 'x'.repeat(129), 'ü'])('refuse the malformed part %j', (bad) => {
    expect(() => tenantPk(bad)).toThrow(MalformedKeyError);
    expect(() => goalKey('demo', bad)).toThrow(MalformedKeyError);
    expect(() => skippedKey('demo', bad, 'deal', 'd-1')).toThrow(MalformedKeyError);
    expect(() => skippedKey('demo', '01R', 'deal', bad)).toThrow(MalformedKeyError);
    expect(() => exchangeRatesKey('demo', bad)).toThrow(MalformedKeyError);
  });

  it('parse the id back out of a sort key and refuse a foreign prefix', () => {
    expect(parseEntitySk('goal#g-1', 'goal')).toBe('g-1');
    expect(() => parseEntitySk('unit#u-1', 'goal')).toThrow(MalformedKeyError);
  });

  it('spread record ids over every shard, stably', () => {
    const shards = new Set(Array.from({ length: 2000 }, (_, i) => recordShard(`deal-${i}`)));
    expect(shards.size).toBe(recordShards);
    expect(recordShard('deal-42')).toBe(recordShard('deal-42'));
  });
});

describe('list cursors', () => {
  it('round-trip a key of the tenant', () => {
    const key = { pk: 't#demo#goals', sk: 'goal#g-9' };
    expect(decodeCursor(encodeCursor(key) ?? undefined, 't#demo')).toEqual(key);
    expect(encodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['garbage', 'not-base64-json'],
    ['another tenant', encodeCursor({ pk: 't#other#goals', sk: 'goal#g-1' })!],
    ['a prefix-sharing tenant', encodeCursor({ pk: 't#demo2#goals', sk: 'goal#g-1' })!],
    ['a foreign attribute', encodeCursor({ pk: 't#demo#goals', sk: 'goal#g-1', evil: 'x' })!],
    ['a non-string part', encodeCursor({ pk: 't#demo#goals', sk: 5 })!],
  ])('refuse %s', (_what, cursor) => {
    expect(() => decodeCursor(cursor, 't#demo')).toThrow(RequestValidationError);
  });
});

describe('list cursors of one list', () => {
  const shape = { tenantPrefix: 't#demo', indexName: 'gsi1', partition: 't#demo#goal-owner#ann' };
  const good = { pk: 't#demo#goals', sk: 'goal#g-1', gsi1pk: 't#demo#goal-owner#ann', gsi1sk: 'goal#g-1' };

  it('accept exactly the key of the queried index and partition', () => {
    expect(decodeCursor(encodeCursor(good)!, shape)).toEqual(good);
  });

  it.each([
    ['a key without the index attributes', { pk: 't#demo#goals', sk: 'goal#g-1' }],
    ['another partition of the index', { ...good, gsi1pk: 't#demo#goal-owner#bob' }],
    ['an extra attribute', { ...good, gsi2pk: 't#demo#x' }],
    ['an empty sort key', { ...good, sk: '' }],
  ])('refuse %s', (_what, key) => {
    expect(() => decodeCursor(encodeCursor(key)!, shape)).toThrow(RequestValidationError);
  });

  it('refuse a sort key outside the list’s prefix', () => {
    const units = { tenantPrefix: 't#demo', partition: 't#demo', sortPrefix: 'unit#' };
    expect(decodeCursor(encodeCursor({ pk: 't#demo', sk: 'unit#a' })!, units)).toEqual({ pk: 't#demo', sk: 'unit#a' });
    expect(() => decodeCursor(encodeCursor({ pk: 't#demo', sk: 'user#a' })!, units)).toThrow(RequestValidationError);
  });
});
