import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';
import { expectError, expectUnchanged, snapshot } from './expect-api.ts';

const deal = {
  ownerId: 'u-1',
  updatedAt: '2026-03-01T12:00:00+01:00',
  status: 'won',
  amount: '1200.50',
  quantity: 3,
  strategic: true,
  lostReason: null,
  closedAt: '2026-02-27T16:30:00Z',
  type: 'new-business',
};

describe('records', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const freshAdmin = (): Promise<ApiClient> => api.as('admin', { tenant: uniqueTenant('records') });

  /** An admin of a tenant of its own with the record `deal/d-1`. */
  async function withDeal(): Promise<ApiClient> {
    const admin = await freshAdmin();
    expect((await admin.put('/records/deal/d-1', deal)).status).toBe(201);
    return admin;
  }

  describe('PUT /records/{recordType}/{id}', () => {
    it('creates a record with 201 and applied=true; GET returns its fields as sent, `type` included', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.put('/records/deal/d-1', deal);

      // Assess
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ recordType: 'deal', id: 'd-1', ...deal, applied: true });
      const stored = await admin.get('/records/deal/d-1');
      expect(stored.status).toBe(200);
      expect(stored.body).toEqual({ recordType: 'deal', id: 'd-1', ...deal });
    });

    it('updates with 200 when updatedAt is newer, replacing every field', async () => {
      // Prepare
      const admin = await withDeal();
      const update = { ownerId: 'u-2', updatedAt: '2026-03-02T08:00:00Z', status: 'lost' };

      // Act
      const response = await admin.put('/records/deal/d-1', update);

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ recordType: 'deal', id: 'd-1', ...update, applied: true });
      expect((await admin.get('/records/deal/d-1')).body).toEqual({ recordType: 'deal', id: 'd-1', ...update });
    });

    it('ignores an older updatedAt with 200 and applied=false, answering the stored record', async () => {
      // Prepare
      const admin = await withDeal();
      const before = await snapshot(admin, '/records/deal/d-1');

      // Act
      const response = await admin.put('/records/deal/d-1', { ...deal, updatedAt: '2026-02-28T23:59:59Z', status: 'open' });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ recordType: 'deal', id: 'd-1', ...deal, applied: false });
      await expectUnchanged(admin, '/records/deal/d-1', before);
    });

    it('stores splits that credit several owners', async () => {
      // Prepare
      const admin = await freshAdmin();
      const splits = [
        { ownerId: 'u-1', percent: 50 },
        { ownerId: 'u-2', percent: '33.333334' },
        { ownerId: 'u-3', percent: '16.666666' },
      ];

      // Act
      const response = await admin.put('/records/deal/d-split', { ...deal, splits });

      // Assess
      expect(response.status).toBe(201);
      expect((await admin.get('/records/deal/d-split')).body).toEqual({ recordType: 'deal', id: 'd-split', ...deal, splits });
    });

    it('never lets a body field override the id or record type of the path', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.put('/records/deal/d-7', { ...deal, id: 'd-8', recordType: 'lead' });

      // Assess
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ recordType: 'deal', id: 'd-7' });
      expect((await admin.get('/records/deal/d-7')).body).toMatchObject({ recordType: 'deal', id: 'd-7' });
      expectError(await admin.get('/records/lead/d-8'), 404, 'not_found');
    });

    it('answers 400 validation_failed to missing or malformed ownerId and updatedAt, and stores nothing', async () => {
      // Prepare
      const admin = await withDeal();
      const before = await snapshot(admin, '/records/deal/d-1');

      // Act
      const missing = await admin.put('/records/deal/d-1', { status: 'won' });
      const noOffset = await admin.put('/records/deal/d-1', { ...deal, updatedAt: '2026-04-01T10:00:00' });
      const dateOnly = await admin.put('/records/deal/d-1', { ...deal, updatedAt: '2026-04-01' });
      const badOwner = await admin.put('/records/deal/d-1', { ...deal, ownerId: 'u 1', updatedAt: '2026-04-01T10:00:00Z' });

      // Assess
      expectError(missing, 400, 'validation_failed', { paths: ['body.ownerId', 'body.updatedAt'] });
      expectError(noOffset, 400, 'validation_failed');
      expect(noOffset.body.error.details.every((d: { path: string }) => d.path === 'body.updatedAt')).toBe(true);
      expectError(dateOnly, 400, 'validation_failed');
      expect(dateOnly.body.error.details.every((d: { path: string }) => d.path === 'body.updatedAt')).toBe(true);
      expectError(badOwner, 400, 'validation_failed', { paths: ['body.ownerId'] });
      await expectUnchanged(admin, '/records/deal/d-1', before);
    });

    it('answers 400 validation_failed to an instant that does not exist', async () => {
      // Prepare
      const admin = await withDeal();
      const before = await snapshot(admin, '/records/deal/d-1');

      // Act
      const response = await admin.put('/records/deal/d-1', { ...deal, updatedAt: '2026-02-30T10:00:00Z' });

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['body.updatedAt'] });
      await expectUnchanged(admin, '/records/deal/d-1', before);
    });

    it('answers 400 validation_failed to field values that are objects or arrays, and to bad field names', async () => {
      // Prepare
      const admin = await withDeal();
      const before = await snapshot(admin, '/records/deal/d-1');

      // Act
      const response = await admin.put('/records/deal/d-1', {
        ...deal,
        updatedAt: '2026-04-01T10:00:00Z',
        address: { city: 'Oslo' },
        tags: ['a', 'b'],
        'bad name': 1,
        '9lives': 2,
      });

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['body.address', 'body.tags', 'body.bad name', 'body.9lives'] });
      await expectUnchanged(admin, '/records/deal/d-1', before);
    });

    it('answers 400 validation_failed to more than 100 own fields and to a string over 4096 characters', async () => {
      // Prepare
      const admin = await withDeal();
      const before = await snapshot(admin, '/records/deal/d-1');
      const manyFields = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, i]));

      // Act
      const tooMany = await admin.put('/records/deal/d-1', { ...manyFields, ownerId: 'u-1', updatedAt: '2026-04-01T10:00:00Z' });
      const hundred = await admin.put('/records/deal/d-100', { ...Object.fromEntries(Object.entries(manyFields).slice(0, 100)), ownerId: 'u-1', updatedAt: '2026-04-01T10:00:00Z' });
      const longText = await admin.put('/records/deal/d-1', { ...deal, updatedAt: '2026-04-01T10:00:00Z', notes: 'n'.repeat(4097) });

      // Assess
      expectError(tooMany, 400, 'validation_failed', { paths: ['body'] });
      expect(hundred.status).toBe(201);
      expectError(longText, 400, 'validation_failed', { paths: ['body.notes'] });
      await expectUnchanged(admin, '/records/deal/d-1', before);
    });

    it('answers 400 validation_failed to splits that do not add up to 100, repeat an owner or have a bad percent', async () => {
      // Prepare
      const admin = await withDeal();
      const before = await snapshot(admin, '/records/deal/d-1');
      const put = (splits: unknown) => admin.put('/records/deal/d-1', { ...deal, updatedAt: '2026-04-01T10:00:00Z', splits });

      // Act
      const short = await put([{ ownerId: 'u-1', percent: 60 }, { ownerId: 'u-2', percent: 30 }]);
      const repeated = await put([{ ownerId: 'u-1', percent: 50 }, { ownerId: 'u-1', percent: 50 }]);
      const zero = await put([{ ownerId: 'u-1', percent: 100 }, { ownerId: 'u-2', percent: 0 }]);
      const tooPrecise = await put([{ ownerId: 'u-1', percent: '99.9999999' }, { ownerId: 'u-2', percent: '0.0000001' }]);
      const empty = await put([]);
      const unknownKey = await put([{ ownerId: 'u-1', percent: 100, weight: 1 }]);

      // Assess
      expectError(short, 400, 'validation_failed', { paths: ['body.splits'] });
      expectError(repeated, 400, 'validation_failed', { paths: ['body.splits'] });
      expectError(zero, 400, 'validation_failed', { paths: ['body.splits.1.percent'] });
      expectError(tooPrecise, 400, 'validation_failed', { paths: ['body.splits.0.percent', 'body.splits.1.percent'] });
      expectError(empty, 400, 'validation_failed', { paths: ['body.splits', 'body.splits'] }); // none given, and they do not add up to 100
      expectError(unknownKey, 400, 'validation_failed', { paths: ['body.splits.0.weight'] });
      await expectUnchanged(admin, '/records/deal/d-1', before);
    });

    it('answers 400 validation_failed to a record type or id outside the id pattern', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const type = await admin.put('/records/deal%20s/d-1', deal);
      const id = await admin.put(`/records/deal/${'d'.repeat(129)}`, deal);

      // Assess
      expectError(type, 400, 'validation_failed', { paths: ['params.recordType'] });
      expectError(id, 400, 'validation_failed', { paths: ['params.id'] });
    });

  });

  describe('GET /records/{recordType}/{id}', () => {

    it("answers 404 not_found to an unknown record, a known id under another type, and another tenant's record", async () => {
      // Prepare
      await withDeal();
      const admin = await withDeal();
      const other = await freshAdmin();

      // Act
      const unknown = await admin.get('/records/deal/nope');
      const otherType = await admin.get('/records/lead/d-1');
      const foreign = await other.get('/records/deal/d-1');

      // Assess
      expectError(unknown, 404, 'not_found');
      expectError(otherType, 404, 'not_found');
      expectError(foreign, 404, 'not_found');
    });

    it('answers 400 validation_failed to malformed path parts and 401 without a token', async () => {
      // Prepare
      const admin = await withDeal();

      // Act
      const malformed = await admin.get('/records/de%24l/d-1');
      const anonymous = await send(api.url, 'GET', '/records/deal/d-1', undefined);

      // Assess
      expectError(malformed, 400, 'validation_failed', { paths: ['params.recordType'] });
      expectError(anonymous, 401, 'unauthorized');
    });
  });

  describe('DELETE /records/{recordType}/{id}', () => {
    it('deletes with 204 and no body; the record is gone and a second delete is 404', async () => {
      // Prepare
      const admin = await withDeal();

      // Act
      const response = await admin.delete('/records/deal/d-1');
      const again = await admin.delete('/records/deal/d-1');

      // Assess
      expect(response.status).toBe(204);
      expect(response.body).toBeUndefined();
      expectError(await admin.get('/records/deal/d-1'), 404, 'not_found');
      expectError(again, 404, 'not_found');
    });

    it('answers 400 validation_failed to a malformed id', async () => {
      // Prepare
      const admin = await withDeal();

      // Act
      const response = await admin.delete('/records/deal/d%2F1');

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['params.id'] });
    });
  });

  describe('POST /records/batch', () => {
    it('answers one result per record, in order, as the single PUT would', async () => {
      // Prepare
      const admin = await withDeal();
      await admin.put('/records/deal/d-2', { ...deal, updatedAt: '2026-03-05T00:00:00Z' });

      // Act
      const response = await admin.post('/records/batch', {
        records: [
          { recordType: 'lead', id: 'l-1', ownerId: 'u-1', updatedAt: '2026-01-10T09:00:00Z', source: 'web' },
          { recordType: 'deal', id: 'd-1', ...deal, updatedAt: '2026-03-03T00:00:00Z', status: 'lost' },
          { recordType: 'deal', id: 'd-2', ...deal, updatedAt: '2026-03-04T00:00:00Z', status: 'open' },
        ],
      });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        results: [
          { recordType: 'lead', id: 'l-1', status: 201, applied: true },
          { recordType: 'deal', id: 'd-1', status: 200, applied: true },
          { recordType: 'deal', id: 'd-2', status: 200, applied: false },
        ],
      });
      expect((await admin.get('/records/lead/l-1')).body).toEqual({
        recordType: 'lead',
        id: 'l-1',
        ownerId: 'u-1',
        updatedAt: '2026-01-10T09:00:00Z',
        source: 'web',
      });
      expect((await admin.get('/records/deal/d-1')).body.status).toBe('lost');
      expect((await admin.get('/records/deal/d-2')).body).toMatchObject({ status: 'won', updatedAt: '2026-03-05T00:00:00Z' });
    });

    it('stores the good records of a batch and answers 400 with the error for each bad one', async () => {
      // Prepare
      const admin = await withDeal();
      const before = await snapshot(admin, '/records/deal/d-1');

      // Act
      const response = await admin.post('/records/batch', {
        records: [
          { recordType: 'deal', id: 'd-ok-1', ownerId: 'u-1', updatedAt: '2026-01-01T00:00:00Z' },
          { recordType: 'deal', id: 'd-1', updatedAt: '2026-09-01T00:00:00Z', status: 'lost' },
          42,
          { recordType: 'deal', id: 'bad id', ownerId: 'u-1', updatedAt: '2026-01-01T00:00:00Z' },
          { recordType: 'deal', id: 'd-ok-2', ownerId: 'u-2', updatedAt: '2026-01-01T00:00:00Z', nested: { a: 1 } },
          { recordType: 'deal', id: 'd-ok-3', ownerId: 'u-3', updatedAt: '2026-01-01T00:00:00Z', splits: [{ ownerId: 'u-3', percent: 100 }] },
        ],
      });

      // Assess
      expect(response.status).toBe(200);
      const results = response.body.results as Record<string, any>[];
      expect(results.map((r) => [r.recordType, r.id, r.status])).toEqual([
        ['deal', 'd-ok-1', 201],
        ['deal', 'd-1', 400],
        [undefined, undefined, 400],
        ['deal', 'bad id', 400],
        ['deal', 'd-ok-2', 400],
        ['deal', 'd-ok-3', 201],
      ]);
      expect(results[0]).toEqual({ recordType: 'deal', id: 'd-ok-1', status: 201, applied: true });
      for (const [index, paths] of [
        [1, ['body.records.1.ownerId']],
        [2, ['body.records.2']],
        [3, ['body.records.3.id']],
        [4, ['body.records.4.nested']],
      ] as const) {
        const result = results[index]!;
        expect(result.applied, `record ${index}`).toBeUndefined();
        expectError({ status: result.status, headers: response.headers, body: { error: result.error } }, 400, 'validation_failed', { paths: [...paths] });
      }
      await expectUnchanged(admin, '/records/deal/d-1', before);
      expect((await admin.get('/records/deal/d-ok-3')).body.splits).toEqual([{ ownerId: 'u-3', percent: 100 }]);
      expectError(await admin.get('/records/deal/d-ok-2'), 404, 'not_found');
    });

    it('reserves recordType and id in a batch entry: both are required', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.post('/records/batch', { records: [{ ownerId: 'u-1', updatedAt: '2026-01-01T00:00:00Z', type: 'call' }] });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.results).toEqual([
        {
          status: 400,
          error: expect.objectContaining({ code: 'validation_failed', details: expect.any(Array) }),
        },
      ]);
      expect(response.body.results[0].error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.records.0.id', 'body.records.0.recordType']);
    });

    it('takes exactly 500 records and refuses 501 or none with 400 validation_failed, storing nothing', async () => {
      // Prepare
      const admin = await freshAdmin();
      const records = (count: number, prefix: string) =>
        Array.from({ length: count }, (_, i) => ({ recordType: 'activity', id: `${prefix}-${i}`, ownerId: 'u-1', updatedAt: '2026-01-01T00:00:00Z', type: 'call' }));

      // Act
      const tooMany = await admin.post('/records/batch', { records: records(501, 'over') });
      const none = await admin.post('/records/batch', { records: [] });
      const most = await admin.post('/records/batch', { records: records(500, 'max') });

      // Assess
      expectError(tooMany, 400, 'validation_failed', { paths: ['body.records'] });
      expectError(none, 400, 'validation_failed', { paths: ['body.records'] });
      expectError(await admin.get('/records/activity/over-0'), 404, 'not_found');
      expect(most.status).toBe(200);
      expect(most.body.results).toHaveLength(500);
      expect(most.body.results.every((r: { status: number; applied: boolean }) => r.status === 201 && r.applied)).toBe(true);
      expect(most.body.results[499]).toMatchObject({ id: 'max-499' });
      expect((await admin.get('/records/activity/max-499')).status).toBe(200);
    });

    it('answers 400 validation_failed when records is missing or not an array, and to unknown top-level fields', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const missing = await admin.post('/records/batch', {});
      const notArray = await admin.post('/records/batch', { records: { recordType: 'deal' } });
      const extra = await admin.post('/records/batch', { records: [{ recordType: 'deal', id: 'd-x', ownerId: 'u', updatedAt: '2026-01-01T00:00:00Z' }], dryRun: true });

      // Assess
      expectError(missing, 400, 'validation_failed', { paths: ['body.records'] });
      expectError(notArray, 400, 'validation_failed', { paths: ['body.records'] });
      expectError(extra, 400, 'validation_failed', { paths: ['body.dryRun'] });
      expectError(await admin.get('/records/deal/d-x'), 404, 'not_found');
    });

  });
});
