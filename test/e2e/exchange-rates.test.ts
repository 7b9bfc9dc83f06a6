import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';
import { expectError, expectUnchanged, listAll, snapshot } from './expect-api.ts';

describe('exchange rates', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  /** An admin of a tenant of its own (default currency EUR). */
  const freshAdmin = (): Promise<ApiClient> => api.as('admin', { tenant: uniqueTenant('rates') });

  describe('PUT /exchange-rates/{currency}', () => {
    it('creates a currency’s rates with 201, version 1 and ETag "1", stored sorted by date as the decimal strings sent', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.put('/exchange-rates/USD', {
        rates: [
          { from: '2026-04-01', rate: '1.0900' },
          { from: '2026-01-01', rate: '1.0825' },
          { from: '2026-02-15', rate: 0.9375 },
        ],
      });

      // Assess: a JSON number is read by its shortest decimal text, as values are
      const stored = {
        currency: 'USD',
        rates: [
          { from: '2026-01-01', rate: '1.0825' },
          { from: '2026-02-15', rate: '0.9375' },
          { from: '2026-04-01', rate: '1.0900' },
        ],
        version: 1,
      };
      expect(response.status).toBe(201);
      expect(response.body).toEqual(stored);
      expect(response.headers.get('etag')).toBe('"1"');
      const read = await admin.get('/exchange-rates/USD');
      expect(read.status).toBe(200);
      expect(read.body).toEqual(stored);
      expect(read.headers.get('etag')).toBe('"1"');
    });

    it('replaces the rates with 200 and the next version; a stale If-Match is 412 and changes nothing', async () => {
      // Prepare
      const admin = await freshAdmin();
      await admin.put('/exchange-rates/GBP', { rates: [{ from: '2026-01-01', rate: '1.17' }] });

      // Act
      const matching = await admin.put('/exchange-rates/GBP', { rates: [{ from: '2025-01-01', rate: '1.2' }, { from: '2026-01-01', rate: '1.18' }] }, { 'if-match': '"1"' });
      const before = await snapshot(admin, '/exchange-rates/GBP');
      const stale = await admin.put('/exchange-rates/GBP', { rates: [{ from: '2026-01-01', rate: '9' }] }, { 'if-match': '"1"' });
      const staleCreate = await admin.put('/exchange-rates/SEK', { rates: [{ from: '2026-01-01', rate: '0.087' }] }, { 'if-match': '"3"' });

      // Assess
      expect(matching.status).toBe(200);
      expect(matching.body).toEqual({ currency: 'GBP', rates: [{ from: '2025-01-01', rate: '1.2' }, { from: '2026-01-01', rate: '1.18' }], version: 2 });
      expect(matching.headers.get('etag')).toBe('"2"');
      expectError(stale, 412, 'precondition_failed');
      expectError(staleCreate, 412, 'precondition_failed');
      await expectUnchanged(admin, '/exchange-rates/GBP', before);
      expect((await admin.get('/exchange-rates/SEK')).status).toBe(404);
    });

    it('answers 400 validation_failed with one detail per problem: code, empty or missing rates, dates, duplicates, rates', async () => {
      // Prepare
      const admin = await freshAdmin();
      const put = (currency: string, body: unknown) => admin.put(`/exchange-rates/${currency}`, body);

      // Act
      const unknownCode = await put('XYZ', { rates: [{ from: '2026-01-01', rate: '1' }] });
      const lowerCase = await put('usd', { rates: [{ from: '2026-01-01', rate: '1' }] });
      const empty = await put('USD', { rates: [] });
      const missing = await put('USD', {});
      const extra = await put('USD', { currency: 'USD', version: 1, rates: [{ from: '2026-01-01', rate: '1' }] });
      const bad = await put('USD', {
        rates: [
          { from: '2026-02-30', rate: '1' },
          { from: '2026-01-01', rate: '0' },
          { from: '2026-01-01', rate: '-1.5' },
          { from: '2026-03-01', rate: '1.12345678901' },
          { from: '2026-04-01', rate: '1e3' },
          { from: '2026-05-01', rate: 1.5, note: 'x' },
          { from: '2026-06-01' },
        ],
      });

      // Assess
      expectError(unknownCode, 400, 'validation_failed', { paths: ['params.currency'] });
      expectError(lowerCase, 400, 'validation_failed', { paths: ['params.currency'] });
      expectError(empty, 400, 'validation_failed', { paths: ['body.rates'] });
      expectError(missing, 400, 'validation_failed', { paths: ['body.rates'] });
      expectError(extra, 400, 'validation_failed', { paths: ['body.currency', 'body.version'] });
      expectError(bad, 400, 'validation_failed', {
        paths: ['body.rates.0.from', 'body.rates.1.rate', 'body.rates.2.rate', 'body.rates.2.from', 'body.rates.3.rate', 'body.rates.4.rate', 'body.rates.5.note', 'body.rates.6.rate'],
      });
      const messages = Object.fromEntries((bad.body.error.details as { path: string; message: string }[]).map((d) => [d.path, d.message]));
      expect(messages['body.rates.1.rate']).toBe('A rate is positive');
      expect(messages['body.rates.2.from']).toBe('Rate 2 has this date too: one rate a date');
      expect(messages['body.rates.3.rate']).toMatch(/10 after it/);
      expect(empty.body.error.details[0].message).toMatch(/at least one rate/);
      expect((await admin.get('/exchange-rates')).body).toEqual({ items: [], nextCursor: null });
    });

    it('answers 409 conflict naming the currency to rates for the tenant’s default currency, which follows the settings', async () => {
      // Prepare
      const admin = await freshAdmin();
      await admin.put('/settings', { defaultCurrency: 'USD' });

      // Act
      const usd = await admin.put('/exchange-rates/USD', { rates: [{ from: '2026-01-01', rate: '1' }] });
      const eur = await admin.put('/exchange-rates/EUR', { rates: [{ from: '2026-01-01', rate: '1.0825' }] });

      // Assess
      expectError(usd, 409, 'conflict', { paths: ['params.currency'] });
      expect(usd.body.error.message).toBe('USD is the default currency: its rate is 1 on every date');
      expect(eur.status).toBe(201);
      expect((await admin.get('/exchange-rates/USD')).status).toBe(404);
    });
  });

  describe('GET and DELETE', () => {
    it('lists every currency in code order, page by page', async () => {
      // Prepare
      const admin = await freshAdmin();
      for (const currency of ['USD', 'CHF', 'SEK', 'GBP', 'JPY']) {
        expect((await admin.put(`/exchange-rates/${currency}`, { rates: [{ from: '2026-01-01', rate: '2' }] })).status).toBe(201);
      }

      // Act
      const { items, pages } = await listAll(admin, '/exchange-rates', 2);

      // Assess
      expect(items.map((r) => r.currency)).toEqual(['CHF', 'GBP', 'JPY', 'SEK', 'USD']);
      expect(pages).toBe(3);
      expect(items[0]).toEqual({ currency: 'CHF', rates: [{ from: '2026-01-01', rate: '2' }], version: 1 });
    });

    it('answers 404 not_found for a currency without rates, and for one only another tenant has', async () => {
      // Prepare
      const admin = await freshAdmin();
      const other = await freshAdmin();
      await other.put('/exchange-rates/USD', { rates: [{ from: '2026-01-01', rate: '0.92' }] });

      // Act
      const get = await admin.get('/exchange-rates/USD');
      const del = await admin.delete('/exchange-rates/USD');

      // Assess
      expectError(get, 404, 'not_found');
      expectError(del, 404, 'not_found');
      expect((await other.get('/exchange-rates/USD')).status).toBe(200);
    });

    it('deletes with 204, honouring If-Match (412 when stale); the currency then reads 404', async () => {
      // Prepare
      const admin = await freshAdmin();
      await admin.put('/exchange-rates/JPY', { rates: [{ from: '2026-01-01', rate: '0.0061' }] });
      await admin.put('/exchange-rates/JPY', { rates: [{ from: '2026-01-01', rate: '0.0062' }] });
      const before = await snapshot(admin, '/exchange-rates/JPY');

      // Act
      const stale = await admin.delete('/exchange-rates/JPY', { 'if-match': '"1"' });
      await expectUnchanged(admin, '/exchange-rates/JPY', before);
      const deleted = await admin.delete('/exchange-rates/JPY', { 'if-match': '"2"' });

      // Assess
      expectError(stale, 412, 'precondition_failed');
      expect(deleted.status).toBe(204);
      expectError(await admin.get('/exchange-rates/JPY'), 404, 'not_found');
    });

    it('lets every role read and only admins write: 403 to the others, 404 before 403 on DELETE', async () => {
      // Prepare
      const tenant = uniqueTenant('rates');
      const admin = await api.as('admin', { tenant });
      await admin.put('/exchange-rates/USD', { rates: [{ from: '2026-01-01', rate: '0.92' }] });
      const before = await snapshot(admin, '/exchange-rates/USD');

      for (const role of ['manager', 'member', 'integration'] as const) {
        const client = await api.as(role, { tenant });

        // Act
        const list = await client.get('/exchange-rates');
        const one = await client.get('/exchange-rates/USD');
        const put = await client.put('/exchange-rates/USD', { rates: [{ from: '2026-01-01', rate: '1' }] });
        const del = await client.delete('/exchange-rates/USD');
        const delMissing = await client.delete('/exchange-rates/GBP');

        // Assess
        expect([list.status, one.status], role).toEqual([200, 200]);
        expect(one.body).toEqual(before.body);
        expectError(put, 403, 'forbidden');
        expectError(del, 403, 'forbidden');
        expectError(delMissing, 404, 'not_found');
      }
      await expectUnchanged(admin, '/exchange-rates/USD', before);
    });
  });
});
