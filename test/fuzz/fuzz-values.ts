import fc, { type Arbitrary } from 'fast-check';
import { isStorableNumber } from '../../core/values/storable-number.ts';

/**
 * Values for the route fuzz, by the kind of field they go into: `valid` gives values the contract
 * accepts (edgy ones included), `invalid` values it must refuse with a 4xx.
 */
export type Kind =
  | 'name' | 'description' | 'id' | 'email' | 'date' | 'instant' | 'decimal' | 'target' | 'weight'
  | 'currency' | 'timezone' | 'cron' | 'bool' | 'fieldName' | 'condition' | 'rollupQuery' | 'owner'
  | 'period' | 'ids' | 'zones' | 'memberships' | 'splits' | 'bonus' | 'assignees' | 'weights' | 'metric' | 'rates'
  | { int: [number, number] } | { num: [number, number] } | { enum: readonly string[] };

/** Ids of the seeded tenant, so valid values reference things that exist. */
export interface KnownIds {
  readonly units: readonly string[];
  readonly users: readonly string[];
}

const long = (n: number, unit = 'x') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const oneOfValues = <T>(...values: T[]): Arbitrary<T> => fc.constantFrom(...values);
/** Anything of another JSON type than a string. */
const notString: Arbitrary<unknown> = oneOfValues<unknown>(0, -1, 1.5, 1e300, true, false, [], {}, ['x'], { x: 1 });
const notNumber: Arbitrary<unknown> = oneOfValues<unknown>('1', '', 'NaN', true, [], {}, [1], { n: 1 });
/** JSON numbers DynamoDB cannot store (magnitude below 1e-130, subnormals): 400, never "Number underflow". */
export const unstorableNumbers: Arbitrary<number> = oneOfValues(1e-300, -5e-324, 5e-324, 9.99e-131, -1e-131, 2.2250738585072014e-308);

export const edgyStrings: Arbitrary<string> = oneOfValues(
  'Q1 Revenue', long(200), ' padded ', 'Ünïcødé 🚀', '\u202Eevil', 'tab\tnew\nline', '<script>alert(1)</script>',
  "'; DROP TABLE goals; --", '${jndi:ldap://x}', '%s%n', '\\u0000', 'a\u0000b', 'null', '__proto__',
);

export const invalidIds: Arbitrary<string> = oneOfValues(
  '', ' ', 'a b', long(129), long(5000), '../etc/passwd', '..\\..', 'a/b', 'a#b', 'a?b', 'ü', '日本', '🚀', '%41', 'a%2Fb',
  'a\u0000b', 'a\nb', 'x;y', '$attain', 't#other', 'unit#x', '*', "' OR 1=1",
);
export const edgyValidIds: Arbitrary<string> = oneOfValues(long(128), '.', '..', '-', ':', '_', 'a.b:c-d_e', '0', 'A', 'x--x', '...');

const date = (year: number, month = 1, day = 1) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
const thisYear = new Date().getUTCFullYear();

export function validValue(kind: Kind, known: KnownIds): Arbitrary<unknown> {
  const unitId = fc.constantFrom(...known.units);
  const userId = fc.constantFrom(...known.users);
  if (typeof kind === 'object') {
    if ('int' in kind) return fc.oneof(oneOfValues(...kind.int), fc.integer({ min: kind.int[0], max: kind.int[1] }));
    if ('num' in kind) {
      const doubles = fc.double({ min: kind.num[0], max: kind.num[1], noNaN: true }).filter(isStorableNumber);
      return fc.oneof(oneOfValues(...kind.num, ...(kind.num[0] <= 1e-130 && kind.num[1] >= 1e-130 ? [1e-130] : [])), doubles);
    }
    return fc.constantFrom(...kind.enum);
  }
  switch (kind) {
    case 'name': return edgyStrings;
    case 'description': return fc.oneof(edgyStrings, oneOfValues('', long(2000)));
    case 'id': return fc.oneof(edgyValidIds, fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/));
    case 'email': return oneOfValues('ann@example.com', `${long(64)}@${long(180)}.com`, 'a+b@c.io');
    case 'date': return oneOfValues(date(thisYear), date(2024, 2, 29), date(1970), date(1900), date(2999, 12, 31), date(thisYear, 12, 31));
    case 'instant': return oneOfValues(`${thisYear}-03-01T10:00:00Z`, '2024-02-29T23:59:59.999999999+14:00', '1970-01-01T00:00:00-1200', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00+18:00', `${thisYear}-12-31T23:59:59-18:00`);
    case 'decimal': return oneOfValues<unknown>('0', '0.00', '400000.00', '-5', 1e15, -1e15, 0.1, 123, '999999999999999999999999', '0.000000000001', -0);
    case 'target': return oneOfValues<unknown>('0', '0.00', '400000.00', 1e15, 0.5, 123, '999999999999999999999999');
    case 'weight': return oneOfValues<unknown>('0', '1', '2.5', 1e15, 0.000001, 3);
    case 'currency': return oneOfValues('EUR', 'USD', 'JPY', 'BHD', 'CLF');
    case 'timezone': return oneOfValues('UTC', 'Europe/Oslo', 'Pacific/Kiritimati', 'America/St_Johns', 'Asia/Kathmandu');
    case 'cron': return oneOfValues('0 2 * * *', '*/5 * * * *', '59 23 31 12 *', '0 0 1 1 *', '0 0 29 2 *', '0 0 31 1-2 *');
    case 'bool': return fc.boolean();
    case 'fieldName': return oneOfValues('amount', '_x', 'a.b-c', long(64, 'f'), 'closedAt');
    case 'condition': return validCondition;
    case 'rollupQuery': return fc.record({ where: fc.option(validCondition, { nil: null }), dateField: fc.option(oneOfValues('closedAt', 'expectedCloseAt'), { nil: null }) }, { requiredKeys: [] });
    case 'owner': return fc.oneof(userId.map((id) => ({ type: 'user', id })), unitId.map((id) => ({ type: 'team', id })));
    case 'period': return fc.oneof(
      oneOfValues({ start: date(thisYear), end: date(thisYear, 12, 31) }, { start: date(1900), end: date(2999, 12, 31) }, { start: date(2024, 2, 29), end: date(2024, 2, 29) }),
      fc.record({ granularity: oneOfValues('week', 'month', 'quarter', 'year', 'fiscal-quarter', 'fiscal-year'), anchor: oneOfValues(date(thisYear, 6, 15), date(2024, 2, 29), date(1900), date(2999, 12, 31)) }),
    );
    case 'ids': return fc.array(userId, { maxLength: 50 });
    case 'zones': return fc.array(edgyStrings.map((s) => s.slice(0, 64)).filter((s) => s.trim().length > 0), { maxLength: 50 });
    case 'memberships': return fc.array(fc.record({ unitId, from: oneOfValues(null, date(2020)), to: oneOfValues(null, date(2999, 12, 31)) }, { requiredKeys: ['unitId'] }), { maxLength: 5 });
    case 'splits': return userId.map((ownerId) => [{ ownerId, percent: 100 }]);
    case 'bonus': return oneOfValues({ amount: '1000.00', currency: 'EUR' }, { amount: 0, currency: 'JPY' });
    case 'assignees': return fc.array(fc.record({ owner: fc.oneof(userId.map((id) => ({ type: 'user', id }))) }), { minLength: 1, maxLength: 3 });
    case 'weights': return fc.array(oneOfValues<unknown>(1, '2.5', 0), { minLength: 1, maxLength: 12 });
    case 'metric': return oneOfValues<unknown>(
      { template: 'revenue', currency: 'USD' }, { template: 'deal-count' }, { template: 'pipeline-value', name: 'Open', currency: 'JPY' },
      { name: 'Won', kind: 'count', dataType: 'integer', recordType: 'deal', dateField: 'closedAt', actual: { where: { field: 'status', op: 'eq', value: 'won' } } },
    );
    case 'rates': return oneOfValues<unknown>(
      [{ from: date(thisYear), rate: '1.0825' }],
      [{ from: date(2999, 12, 31), rate: '999999999999.9999999999' }, { from: date(1900), rate: '0.0000000001' }],
      [{ from: date(2024, 2, 29), rate: 0.5 }, { from: date(thisYear), rate: 3 }],
    );
  }
}

export function invalidValue(kind: Kind): Arbitrary<unknown> {
  if (typeof kind === 'object') {
    if ('int' in kind) return fc.oneof(oneOfValues<unknown>(kind.int[0] - 1, kind.int[1] + 1, 1.5, 1e300, -1e300, 5e-324, null), notNumber);
    if ('num' in kind) return fc.oneof(oneOfValues<unknown>(kind.num[0] - 0.01, kind.num[1] + 0.01, 1e300, null), unstorableNumbers, notNumber);
    return fc.oneof(oneOfValues<unknown>('', 'x', kind.enum[0]!.toUpperCase(), ` ${kind.enum[0]}`, null), notString);
  }
  switch (kind) {
    case 'name': return fc.oneof(oneOfValues<unknown>('', '   ', long(201), long(100_000), null), notString);
    case 'description': return fc.oneof(oneOfValues<unknown>(long(2001), null), notString);
    case 'id': return fc.oneof(invalidIds, oneOfValues<unknown>(null), notString);
    case 'email': return fc.oneof(oneOfValues<unknown>('not-an-email', 'a@', '@b.co', `${long(250)}@b.co`, long(100_000), 'a@b'), notString);
    case 'date': return fc.oneof(oneOfValues<unknown>('0001-01-01', '9999-12-31', '1899-12-31', '3000-01-01', '2023-02-29', '2024-13-01', '24-01-01', '2024-1-1', '2024-01-01T00:00:00Z', long(1000), '', '+002024-01-01', null), notString);
    case 'instant': return fc.oneof(
      oneOfValues<unknown>('2024-01-01', '2024-01-01T25:00:00Z', '2024-01-01T00:00:00', long(50), '2024-02-30T00:00:00Z', null),
      oneOfValues<unknown>('2026-03-01T24:00:00Z', '2026-03-01T10:00:00+25:00', '2026-03-01T10:00:00-18:01', '2026-03-01T10:00:00+1900', '0000-03-01T10:00:00Z'),
      notString,
    );
    case 'decimal': return fc.oneof(oneOfValues<unknown>('1e5', '+1', '.5', '1.', ' 1', '1,5', 'x', long(25, '9'), `0.${long(13, '1')}`, 1e16, -1e16, 1e300, null), unstorableNumbers, oneOfValues<unknown>(true, [], {}, [1]));
    case 'target': return fc.oneof(oneOfValues<unknown>('-1', -0.01, '1.001', 0.001), invalidValue('decimal'));
    case 'weight': return fc.oneof(oneOfValues<unknown>('-1', -0.5), invalidValue('decimal'));
    case 'currency': return fc.oneof(oneOfValues<unknown>('EU', 'EURO', 'eur', 'XXX', 'ABC', '', long(10_000)), notString);
    case 'timezone': return fc.oneof(oneOfValues<unknown>('Mars/Base', '', long(65), 'UTC+25', '../../etc/localtime', null), notString);
    case 'cron': return fc.oneof(oneOfValues<unknown>('* * *', long(101), '60 * * * *', '', '* * * * * * *', '0 2 * * * ; rm -rf /', null, '0 0 31 2 *', '0 0 30,31 2 *', '0 0 31 4,6,9,11 *'), notString);
    case 'bool': return oneOfValues<unknown>('true', 1, 0, null, 'yes', [], {});
    case 'fieldName': return fc.oneof(oneOfValues<unknown>('1abc', 'a b', long(65), '', '$where', 'a/b', 'constructor', '__proto__', 'valueOf'), oneOfValues<unknown>(1, true, [], {}));
    case 'condition': return invalidCondition;
    case 'rollupQuery': return fc.oneof(invalidCondition.map((where) => ({ where })), oneOfValues<unknown>({ dateField: 'bad name' }, { unknown: 1 }, 'x', [], 5));
    case 'owner': return oneOfValues<unknown>({ type: 'x', id: 'a' }, { type: 'user' }, { id: 'a' }, { type: 'user', id: 'bad id' }, { type: 'user', id: 'a', extra: 1 }, 'user:a', null, [], 1);
    case 'period': return oneOfValues<unknown>(
      { start: '2024-02-01', end: '2024-01-01' }, { start: 'bad', end: '2024-01-01' }, { granularity: 'decade', anchor: '2024-01-01' },
      { granularity: 'month' }, { start: '2024-01-01', end: '2024-12-31', extra: true }, { start: '2024-01-01', end: '2024-12-31', granularity: 'year' },
      { start: '2024-01-01' }, {}, 'Q1', 2024, null, [], { granularity: 'month', anchor: '9999-12-31' }, { start: '0001-01-01', end: '9999-12-31' },
    );
    case 'ids': return oneOfValues<unknown>(Array.from({ length: 51 }, (_, i) => `u${i}`), ['bad id'], [''], [1], 'u1', {}, null, Array.from({ length: 10_000 }, () => 'u'));
    case 'zones': return oneOfValues<unknown>(Array.from({ length: 51 }, (_, i) => `z${i}`), [''], ['  '], [long(65)], [1], 'north', null);
    case 'memberships': return oneOfValues<unknown>(
      Array.from({ length: 51 }, () => ({ unitId: 'x' })), [{ unitId: 'bad id' }], [{ unitId: 'a', from: '2024-02-01', to: '2024-01-01' }],
      [{ unitId: 'a', extra: 1 }], [{}], [1], 'x', null, [{ unitId: 'no-such-unit-9f' }],
    );
    case 'splits': return oneOfValues<unknown>(
      [], Array.from({ length: 21 }, (_, i) => ({ ownerId: `u${i}`, percent: 5 })), [{ ownerId: 'a', percent: 50 }],
      [{ ownerId: 'a', percent: 0 }, { ownerId: 'b', percent: 100 }], [{ ownerId: 'a', percent: 101 }], [{ ownerId: 'a', percent: '1e2' }],
      [{ ownerId: 'a', percent: 50 }, { ownerId: 'a', percent: 50 }], [{ ownerId: 'bad id', percent: 100 }], [{ ownerId: 'a', percent: '33.3333333' }, { ownerId: 'b', percent: '66.6666667' }],
      [{ ownerId: 'a', percent: 100, x: 1 }], 'x', {}, [null],
    );
    case 'bonus': return oneOfValues<unknown>({ amount: 'x', currency: 'EUR' }, { amount: 1 }, { amount: 1, currency: 'EU' }, { amount: '1.001', currency: 'EUR' }, { amount: 1, currency: 'EUR', x: 1 }, 'x', 5);
    case 'assignees': return oneOfValues<unknown>(
      [], Array.from({ length: 201 }, (_, i) => ({ owner: { type: 'user', id: `u${i}` } })), [{ owner: { type: 'x', id: 'a' } }],
      [{ owner: { type: 'user', id: 'a' }, weight: -1 }], [{ owner: { type: 'user', id: 'a' }, weight: 1e16 }], [{ owner: { type: 'user', id: 'a' }, weight: 1e-300 }], [{}], 'x', [1],
    );
    case 'weights': return oneOfValues<unknown>([], Array.from({ length: 531 }, () => 1), ['-1'], [1e16], [5e-324], ['x'], 'x', [null]);
    // Bad fields and broken metric rules alike (a count of money, no query at all).
    case 'metric': return oneOfValues<unknown>(
      { template: 'nope' }, { template: 'revenue', currency: 'EURO' }, { template: 'revenue', x: 1 }, {}, 'revenue', null, [], 5,
      { name: 'Bad', kind: 'count', dataType: 'money', currency: 'EUR', recordType: 'deal', dateField: 'closedAt', actual: {} },
      { name: 'None', kind: 'amount', dataType: 'decimal', recordType: 'deal', dateField: null },
    );
    // Empty, too many, a non-positive, too precise or malformed rate, a date that does not exist, two on one date.
    case 'rates': return oneOfValues<unknown>(
      [], Array.from({ length: 4001 }, (_, i) => ({ from: date(1900 + Math.floor(i / 12), (i % 12) + 1), rate: '1' })),
      [{ from: date(thisYear), rate: '0' }], [{ from: date(thisYear), rate: '-1' }], [{ from: date(thisYear), rate: 0 }], [{ from: date(thisYear), rate: '1.00000000001' }],
      [{ from: date(thisYear), rate: '1e3' }], [{ from: date(thisYear), rate: '01' }], [{ from: date(thisYear), rate: 1e-300 }], [{ from: date(thisYear), rate: '1000000000000' }],
      [{ from: '2023-02-29', rate: '1' }], [{ from: date(thisYear), rate: '1' }, { from: date(thisYear), rate: '2' }],
      [{ from: date(thisYear) }], [{ rate: '1' }], [{ from: date(thisYear), rate: '1', x: 1 }], [null], 'x', {}, null, 5,
    );
  }
}

const leaf = fc.record({
  field: oneOfValues('status', 'amount', 'zone', 'closedAt', long(128)),
  op: oneOfValues('eq', 'ne', 'gt', 'lte', 'contains'),
  value: oneOfValues<unknown>('won', '100.00', 1e15, -1e15, 1e-130, -1e-130, 0, long(1000)),
}).filter((c) => c.op !== 'contains' || typeof c.value === 'string');
const validCondition: Arbitrary<unknown> = fc.oneof(
  leaf,
  fc.array(leaf, { minLength: 1, maxLength: 5 }).map((all) => ({ all })),
  oneOfValues<unknown>(nested(8), wide(99), { field: 'zone', op: 'in', value: Array.from({ length: 100 }, (_, i) => `z${i}`) }, { field: 'x', op: 'exists' }),
);

/** `{"not": … {"field": …}}` with `depth` levels (a leaf is 1). */
export function nested(depth: number, kind: 'not' | 'all' | 'any' = 'not'): unknown {
  // JSON.stringify recurses too: past a few hundred levels the tree goes as a placeholder for its text.
  if (depth > 200) return deepPlaceholder(depth, kind);
  let condition: unknown = { field: 'status', op: 'eq', value: 'won' };
  for (let i = 1; i < depth; i++) condition = kind === 'not' ? { not: condition } : { [kind]: [condition] };
  return condition;
}

const deepMark = '\u0000deep:';
const deepPlaceholder = (depth: number, kind: string) => `${deepMark}${depth}:${kind}\u0000`;

/** The JSON text of `value`, with each deep-tree placeholder replaced by the tree's own text. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000deep:(\d+):(\w+)\\u0000"/g, (_, depth: string, kind: string) => {
    const levels = Number(depth) - 1;
    const open = kind === 'not' ? '{"not":' : `{"${kind}":[`;
    const close = kind === 'not' ? '}' : ']}';
    return `${open.repeat(levels)}{"field":"status","op":"eq","value":"won"}${close.repeat(levels)}`;
  });
}

/** `{"all": [leaves…]}`: `leaves + 1` nodes. */
export function wide(leaves: number): unknown {
  return { all: Array.from({ length: leaves }, (_, i) => ({ field: `f${i % 10}`, op: 'eq', value: i })) };
}

const invalidCondition: Arbitrary<unknown> = fc.oneof(
  oneOfValues<unknown>(nested(9), nested(9, 'all'), nested(50, 'any'), nested(5000), nested(30_000), wide(100), wide(5000)),
  oneOfValues<unknown>(
    { field: 'a', op: 'like', value: 'x' }, { field: 'a', op: 'in', value: 'x' }, { field: 'a', op: 'gt', value: true }, { field: 'a', op: 'eq' },
    { field: '', op: 'eq', value: 1 }, { field: long(129), op: 'eq', value: 1 }, { field: 'a', op: 'eq', value: long(1001) },
    { field: 'a', op: 'in', value: Array.from({ length: 101 }, (_, i) => i) }, { field: 'a', op: 'eq', value: 1e16 }, { field: 'a', op: 'eq', value: { x: 1 } },
    { field: 'a', op: 'gt', value: 1e-300 }, { field: 'a', op: 'in', value: [1, -5e-324] }, { all: [{ field: 'a', op: 'eq', value: 1 }, { not: { field: 'b', op: 'lte', value: 9.99e-131 } }] },
    { field: 'a', op: 'eq', value: 1, all: [] }, { all: [] }, { any: 'x' }, { not: null }, { not: [] }, {}, [], 'status = won', 1, true,
    { all: [{ field: 'a', op: 'eq', value: 1 }], extra: 1 }, { field: 'a', op: 'contains', value: 3 }, { field: 'a', op: 'exists', value: 'yes' },
    { field: 'constructor', op: 'exists' }, { field: 'toString', op: 'eq', value: 'x' }, { field: '__proto__', op: 'exists', value: true },
  ),
);

/** Request body text that is not JSON: cut, with trailing garbage, or never JSON at all. */
export function badJsonText(validBody: unknown): Arbitrary<string> {
  const text = validBody === undefined ? '{}' : jsonText(validBody);
  return fc.oneof(
    fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((cut) => text.slice(0, cut)),
    oneOfValues(`${text}}`, `${text},`, `${text} x`, `${text}\u0000`, `\uFEFF${text}`, `${text}${text}`),
    oneOfValues("{'a': 1}", '{"a": 1,}', '{a: 1}', 'NaN', 'undefined', '[', '"', '{', '}', '01', '- 1', '{"a": .5}', '{"a": 0x10}',
      '{"a": "\\x41"}', '{"a": "\u0001\u0002"}', '\\', '{"a":1}{"b":2}', '//comment\n{}', '{"a": Infinity}', `${'['.repeat(100_000)}`),
    fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !isJson(s)),
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Keys no request schema knows (for strict objects) and record field names the contract refuses. */
export const unknownKeys: Arbitrary<string> = oneOfValues('foo', 'Name', 'name ', '__proto__', 'constructor', 'prototype', 'version', 'locked', 'tenant', long(300), '', 'ownerID', '$where', '\u0000');
export const badFieldNames: Arbitrary<string> = oneOfValues('1abc', 'a b', '', long(65), '$where', 'a/b', 'ü', '.x', '-x', 'x\u0000', 'field#1', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf');
export const badFieldValues: Arbitrary<unknown> = fc.oneof(oneOfValues<unknown>({}, [], { a: 1 }, [1, 2], long(4097), 1e16, -1e16, 1e300), unstorableNumbers);
