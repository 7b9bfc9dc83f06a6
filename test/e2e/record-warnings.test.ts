import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startTestApi, type ApiClient, type TestApi } from '../support/api.ts';

// API.md, records: a record that is stored but may not count the way a metric of its type would
// count it gets `warnings` in its answer — the single PUT and each batch entry.

let api: TestApi;
let crm: ApiClient;

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.as('admin');
  const puts: [string, unknown][] = [
    ['/settings', { timezone: 'Europe/Oslo', defaultCurrency: 'EUR' }],
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'org' }] }],
    ['/users/bob', { name: 'Bob', role: 'member', memberships: [{ unitId: 'org' }] }],
  ];
  for (const [path, body] of puts) expect((await admin.put(path, body)).status).toBeLessThan(300);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'revenue' })).status).toBe(201);
  expect((await admin.post('/metrics', { template: 'deal-count', id: 'deals' })).status).toBe(201);
  crm = await api.as('integration');
});
afterAll(() => api.close());

/** A won EUR deal of ann that both metrics count as it is. */
const deal = (fields: Record<string, unknown> = {}) => ({
  ownerId: 'ann', updatedAt: '2026-03-01T12:00:00Z', status: 'won', amount: '1200.50', currency: 'EUR', closedAt: '2026-02-27T16:30:00+01:00', ...fields,
});

/** Each warning as [code, field, metricId]; metrics come in id order (deals, then revenue). */
const codesOf = (warnings: { code: string; field?: string; metricId?: string }[] | undefined) => warnings?.map((w) => [w.code, w.field, w.metricId]);

/** Each case: the record's fields over a clean deal, and the warnings it gets. */
const cases: [string, Record<string, unknown>, (string | undefined)[][]][] = [
  ['unknown_owner', { ownerId: 'zed', splits: [{ ownerId: 'zed', percent: 60 }, { ownerId: 'yan', percent: 40 }] }, [['unknown_owner', 'ownerId', undefined], ['unknown_owner', 'splits', undefined]]],
  ['bad_date:missing', { closedAt: null }, [['bad_date', 'closedAt', 'deals'], ['bad_date', 'closedAt', 'revenue']]],
  ['bad_date:not-an-instant', { closedAt: '27/02/2026' }, [['bad_date', 'closedAt', 'deals'], ['bad_date', 'closedAt', 'revenue']]],
  ['bad_value', { amount: '1.200,50' }, [['bad_value', 'amount', 'revenue']]],
  ['currency_missing', { currency: null }, [['currency_missing', 'currency', 'revenue']]],
];

describe('PUT /records/{recordType}/{id}: warnings', () => {
  it.each(cases)('%s: stores the record and answers its warnings', async (code, fields, expected) => {
    // Act
    const response = await crm.put(`/records/deal/put-${code}`, deal(fields));

    // Assess
    expect(response.status).toBe(201);
    expect(response.body.applied).toBe(true);
    expect(codesOf(response.body.warnings)).toEqual(expected);
    for (const warning of response.body.warnings) expect(warning.message.length).toBeGreaterThan(10);
    expect((await crm.get(`/records/deal/put-${code}`)).body).toMatchObject({ id: `put-${code}`, updatedAt: '2026-03-01T12:00:00Z' });
    expect((await crm.get(`/records/deal/put-${code}`)).body).not.toHaveProperty('warnings');
  });

  it('answers no warnings for a clean record, for a record type no metric reads, or for a record not applied', async () => {
    // Act
    const clean = await crm.put('/records/deal/put-clean', deal());
    const unread = await crm.put('/records/call/put-unread', { ownerId: 'nobody', updatedAt: '2026-03-01T12:00:00Z', closedAt: 'soon' });
    const stale = await crm.put('/records/deal/put-clean', deal({ updatedAt: '2026-01-01T00:00:00Z', ownerId: 'nobody', amount: 'n/a' }));

    // Assess
    expect(clean.status).toBe(201);
    expect(clean.body).toEqual({ recordType: 'deal', id: 'put-clean', ...deal(), applied: true });
    expect(unread.status).toBe(201);
    expect(unread.body).not.toHaveProperty('warnings');
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual({ recordType: 'deal', id: 'put-clean', ...deal(), applied: false });
  });

  it('warns of a date field a query overrides: an open deal without expectedCloseAt', async () => {
    const response = await crm.put('/records/deal/put-open', deal({ status: 'open', closedAt: null }));
    expect(codesOf(response.body.warnings)).toEqual([
      ['bad_date', 'expectedCloseAt', 'deals'],
      ['bad_date', 'expectedCloseAt', 'revenue'],
    ]);
  });
});

describe('POST /records/batch: warnings', () => {
  it('answers each entry with its own warnings, as the single PUT would', async () => {
    // Act
    const response = await crm.post('/records/batch', {
      records: [
        { recordType: 'deal', id: 'batch-clean', ...deal() },
        ...cases.map(([code, fields]) => ({ recordType: 'deal', id: `batch-${code}`, ...deal(fields) })),
        { recordType: 'call', id: 'batch-unread', ownerId: 'nobody', updatedAt: '2026-03-01T12:00:00Z' },
        { recordType: 'deal', id: 'batch-invalid', updatedAt: '2026-03-01T12:00:00Z' },
      ],
    });

    // Assess
    expect(response.status).toBe(200);
    const results = response.body.results as { id: string; status: number; applied?: boolean; warnings?: [] }[];
    expect(results.map((r) => [r.id, r.status, r.applied])).toEqual([
      ['batch-clean', 201, true],
      ...cases.map(([code]) => [`batch-${code}`, 201, true]),
      ['batch-unread', 201, true],
      ['batch-invalid', 400, undefined],
    ]);
    expect(results.map((r) => codesOf(r.warnings))).toEqual([undefined, ...cases.map(([, , expected]) => expected), undefined, undefined]);
    expect(Object.keys(results[0]!).sort()).toEqual(['applied', 'id', 'recordType', 'status']);
  });

  it('answers the same id twice with the warnings of each version it applies, none for one it does not', async () => {
    // Act
    const response = await crm.post('/records/batch', {
      records: [
        { recordType: 'deal', id: 'batch-twice', ...deal({ amount: 'tbd', updatedAt: '2026-03-01T10:00:00Z' }) },
        { recordType: 'deal', id: 'batch-twice', ...deal({ updatedAt: '2026-03-02T10:00:00Z' }) },
        { recordType: 'deal', id: 'batch-twice', ...deal({ currency: null, updatedAt: '2026-03-01T11:00:00Z' }) },
      ],
    });

    // Assess
    expect(response.body.results.map((r: { status: number; applied: boolean; warnings?: [] }) => [r.status, r.applied, codesOf(r.warnings)])).toEqual([
      [201, true, [['bad_value', 'amount', 'revenue']]],
      [200, true, undefined],
      [200, false, undefined],
    ]);
  });
});

describe('GET /openapi.json: warnings', () => {
  it('documents warnings in the answers of PUT and of each batch entry', async () => {
    // Prepare
    const document = (await send<Record<string, any>>(api.url, 'GET', '/openapi.json', undefined)).body;
    const answer = (path: string, method: string, status: string) => document.paths[path][method].responses[status].content['application/json'].schema;

    // Act
    const put = [answer('/records/{recordType}/{id}', 'put', '200'), answer('/records/{recordType}/{id}', 'put', '201')];
    const batch = answer('/records/batch', 'post', '200').properties.results.items;

    // Assess
    for (const schema of [...put, batch]) {
      const warnings = schema.properties.warnings;
      expect(warnings).toMatchObject({ type: 'array', minItems: 1 });
      expect(warnings.items.properties.code.enum).toEqual(['unknown_owner', 'bad_date', 'bad_value', 'currency_missing', 'no_rate']);
      expect([...warnings.items.required].sort()).toEqual(['code', 'message']);
      expect(Object.keys(warnings.items.properties).sort()).toEqual(['code', 'field', 'message', 'metricId']);
      expect(schema.required ?? []).not.toContain('warnings');
    }
    expect(answer('/records/{recordType}/{id}', 'get', '200').properties.warnings).toBeUndefined();
  });
});
