import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';
import { expectError, expectUnchanged, oversizedBody, snapshot } from './expect-api.ts';

const defaults = {
  timezone: 'UTC',
  fiscalYearStartMonth: 1,
  weekStartsOn: 1,
  defaultCurrency: 'EUR',
  paceTolerancePercent: 5,
  rollupSchedule: '0 2 * * *',
  stopRollupDaysAfterEnd: 30,
};

const oslo = {
  timezone: 'Europe/Oslo',
  fiscalYearStartMonth: 4,
  weekStartsOn: 7,
  defaultCurrency: 'NOK',
  paceTolerancePercent: 7.5,
  rollupSchedule: '30 3 * * *',
  stopRollupDaysAfterEnd: 45,
};

describe('settings', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  /** A client of a tenant of its own, so each test starts from the defaults. */
  const freshAdmin = (): Promise<ApiClient> => api.as('admin', { tenant: uniqueTenant('settings') });

  describe('GET /settings', () => {
    it('shows the defaults at version 0 until an admin stores settings', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.get('/settings');

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...defaults, version: 0 });
      expect(response.headers.get('etag')).toBe('"0"');
    });

    it('is readable by every role of the tenant, integration included', async () => {
      // Prepare
      const tenant = uniqueTenant('settings');
      await (await api.as('admin', { tenant })).put('/settings', { timezone: 'Asia/Tokyo' });

      for (const role of ['manager', 'member', 'integration'] as const) {
        // Act
        const response = await (await api.as(role, { tenant })).get('/settings');

        // Assess
        expect(response.status, role).toBe(200);
        expect(response.body.timezone, role).toBe('Asia/Tokyo');
      }
    });

    it('answers 401 unauthorized without a token', async () => {
      // Act
      const response = await send(api.url, 'GET', '/settings', undefined);

      // Assess
      expectError(response, 401, 'unauthorized');
    });
  });

  describe('PUT /settings', () => {
    it('stores a full body, bumps the version and sends it as the ETag', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.put('/settings', oslo);

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...oslo, version: 1 });
      expect(response.headers.get('etag')).toBe('"1"');
      const stored = await admin.get('/settings');
      expect(stored.body).toEqual({ ...oslo, version: 1 });
      expect(stored.headers.get('etag')).toBe('"1"');
    });

    it('merges a partial body: fields left out keep their current value', async () => {
      // Prepare
      const admin = await freshAdmin();
      await admin.put('/settings', oslo);

      // Act
      const response = await admin.put('/settings', { weekStartsOn: 1 });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...oslo, weekStartsOn: 1, version: 2 });
      expect((await admin.get('/settings')).body).toEqual({ ...oslo, weekStartsOn: 1, version: 2 });
    });

    it('accepts an empty object as "no change" and still counts a version', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.put('/settings', {});

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...defaults, version: 1 });
    });

    it('applies the write when If-Match names the stored version', async () => {
      // Prepare
      const admin = await freshAdmin();
      await admin.put('/settings', { timezone: 'Europe/Oslo' });

      // Act
      const response = await admin.put('/settings', { timezone: 'Europe/Paris' }, { 'if-match': '"1"' });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ timezone: 'Europe/Paris', version: 2 });
    });

    it('answers 412 precondition_failed to a stale If-Match and keeps the stored settings', async () => {
      // Prepare
      const admin = await freshAdmin();
      await admin.put('/settings', { timezone: 'Europe/Oslo' });
      await admin.put('/settings', { timezone: 'Europe/Paris' });
      const before = await snapshot(admin, '/settings');

      // Act
      const response = await admin.put('/settings', { timezone: 'Asia/Tokyo' }, { 'if-match': '"1"' });

      // Assess
      expectError(response, 412, 'precondition_failed');
      await expectUnchanged(admin, '/settings', before);
    });

    it('answers 400 validation_failed to an If-Match that is not a version ETag', async () => {
      // Prepare
      const admin = await freshAdmin();
      const before = await snapshot(admin, '/settings');

      // Act
      const response = await admin.put('/settings', { timezone: 'Asia/Tokyo' }, { 'if-match': '"abc"' });

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['headers.if-match'] });
      await expectUnchanged(admin, '/settings', before);
    });

    it('answers 400 validation_failed with one detail per invalid field and stores nothing', async () => {
      // Prepare
      const admin = await freshAdmin();
      await admin.put('/settings', oslo);
      const before = await snapshot(admin, '/settings');

      // Act
      const response = await admin.put('/settings', {
        timezone: 'Mars/Olympus_Mons',
        fiscalYearStartMonth: 13,
        weekStartsOn: 0,
        defaultCurrency: 'EURO',
        paceTolerancePercent: 101,
        rollupSchedule: 'every night',
        stopRollupDaysAfterEnd: -1,
      });

      // Assess
      expectError(response, 400, 'validation_failed', {
        paths: [
          'body.timezone',
          'body.fiscalYearStartMonth',
          'body.weekStartsOn',
          'body.defaultCurrency',
          'body.paceTolerancePercent',
          'body.rollupSchedule',
          'body.stopRollupDaysAfterEnd',
        ],
      });
      await expectUnchanged(admin, '/settings', before);
    });

    it('refuses fractional months and week days, and values of the wrong JSON type', async () => {
      // Prepare
      const admin = await freshAdmin();
      const before = await snapshot(admin, '/settings');

      // Act
      const response = await admin.put('/settings', { fiscalYearStartMonth: 1.5, weekStartsOn: '1', paceTolerancePercent: '5' });

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['body.fiscalYearStartMonth', 'body.weekStartsOn', 'body.paceTolerancePercent'] });
      await expectUnchanged(admin, '/settings', before);
    });

    it('answers 400 validation_failed listing each unknown field, the version included', async () => {
      // Prepare
      const admin = await freshAdmin();
      const before = await snapshot(admin, '/settings');

      // Act
      const response = await admin.put('/settings', { timezone: 'Europe/Oslo', locale: 'nb-NO', version: 9 });

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['body.locale', 'body.version'] });
      await expectUnchanged(admin, '/settings', before);
    });

    it('answers 400 validation_failed when the body is missing or not an object', async () => {
      // Prepare
      const admin = await freshAdmin();
      const before = await snapshot(admin, '/settings');

      // Act
      const missing = await admin.put('/settings');
      const array = await admin.put('/settings', [{ timezone: 'Europe/Oslo' }]);
      const nullBody = await admin.put('/settings', null);

      // Assess
      expectError(missing, 400, 'validation_failed', { paths: ['body'] });
      expectError(array, 400, 'validation_failed', { paths: ['body'] });
      expectError(nullBody, 400, 'validation_failed', { paths: ['body'] });
      await expectUnchanged(admin, '/settings', before);
    });

    it('answers 400 bad_json to a malformed body', async () => {
      // Prepare
      const admin = await freshAdmin();
      const before = await snapshot(admin, '/settings');

      // Act
      const response = await admin.put('/settings', '{"timezone": "Europe/Oslo",');

      // Assess
      expectError(response, 400, 'bad_json');
      await expectUnchanged(admin, '/settings', before);
    });

    it('answers 413 payload_too_large above 256 KiB', async () => {
      // Prepare
      const admin = await freshAdmin();
      const before = await snapshot(admin, '/settings');

      // Act
      const response = await admin.put('/settings', oversizedBody());

      // Assess
      expectError(response, 413, 'payload_too_large');
      await expectUnchanged(admin, '/settings', before);
    });

    it('answers 403 forbidden to every role but admin, integration included', async () => {
      // Prepare
      const tenant = uniqueTenant('settings');
      const admin = await api.as('admin', { tenant });
      await admin.put('/settings', oslo);
      const before = await snapshot(admin, '/settings');

      for (const role of ['manager', 'member', 'integration'] as const) {
        // Act
        const response = await (await api.as(role, { tenant })).put('/settings', { timezone: 'UTC' });

        // Assess
        expectError(response, 403, 'forbidden');
      }
      await expectUnchanged(admin, '/settings', before);
    });

    it('answers 401 unauthorized to a token signed with another secret', async () => {
      // Prepare
      const admin = await freshAdmin();
      const before = await snapshot(admin, '/settings');

      // Act
      const response = await send(api.url, 'PUT', '/settings', 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl', { timezone: 'UTC' });

      // Assess
      expectError(response, 401, 'unauthorized');
      await expectUnchanged(admin, '/settings', before);
    });

    it("keeps each tenant's settings to itself", async () => {
      // Prepare
      const first = await freshAdmin();
      const second = await freshAdmin();

      // Act
      await first.put('/settings', oslo);

      // Assess
      expect((await second.get('/settings')).body).toEqual({ ...defaults, version: 0 });
      expect((await first.get('/settings')).body).toEqual({ ...oslo, version: 1 });
    });
  });
});
