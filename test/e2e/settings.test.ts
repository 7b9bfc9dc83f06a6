import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';
import { osloSettings } from '../support/org-fixtures.ts';
import { expectError, expectUnchanged, snapshot } from './expect-api.ts';

const defaults = {
  timezone: 'UTC',
  fiscalYearStartMonth: 1,
  weekStartsOn: 1,
  defaultCurrency: 'EUR',
  paceTolerancePercent: 5,
  rollupSchedule: '0 2 * * *',
  stopRollupDaysAfterEnd: 30,
};

const oslo = osloSettings;

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

    it('accepts an empty object as "no change" and still counts a version', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.put('/settings', {});

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...defaults, version: 1 });
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
  });
});
