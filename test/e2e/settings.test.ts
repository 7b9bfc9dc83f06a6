import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';
import { manualClock } from '../support/manual-clock.ts';
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

// The API's clock stands still the day before Oslo's clocks spring forward (02:00 → 03:00 on
// 29 March 2026), so the schedule's next runs are exact.
const now = Date.parse('2026-03-28T12:00:00Z');
/** The next runs of the defaults (02:00 UTC) and of `oslo` (03:30 Oslo: +01:00, then +02:00). */
const defaultRuns = ['2026-03-29T02:00:00.000Z', '2026-03-30T02:00:00.000Z', '2026-03-31T02:00:00.000Z'];
const osloRuns = ['2026-03-29T01:30:00.000Z', '2026-03-30T01:30:00.000Z', '2026-03-31T01:30:00.000Z'];

describe('settings', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ ports: { clock: manualClock(now) } });
  });
  afterAll(() => api.close());

  /** A client of a tenant of its own, so each test starts from the defaults. */
  const freshAdmin = (): Promise<ApiClient> => api.as('admin', { tenant: uniqueTenant('settings') });

  describe('GET /settings', () => {
    it('shows the defaults at version 0 until an admin stores settings, with their next runs', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.get('/settings');

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...defaults, version: 0, nextRuns: defaultRuns });
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
      expect(response.body).toEqual({ ...oslo, version: 1, nextRuns: osloRuns });
      expect(response.headers.get('etag')).toBe('"1"');
      const stored = await admin.get('/settings');
      expect(stored.body).toEqual({ ...oslo, version: 1, nextRuns: osloRuns });
      expect(stored.headers.get('etag')).toBe('"1"');
    });

    it('accepts an empty object as "no change" and still counts a version', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.put('/settings', {});

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...defaults, version: 1, nextRuns: defaultRuns });
    });

    it('answers the next runs of the schedule it stored, in its time zone, skipping a local time that does not exist', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.put('/settings', { timezone: 'Europe/Oslo', rollupSchedule: '30 2 * * *' });

      // Assess
      const runs = ['2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z', '2026-04-01T00:30:00.000Z'];
      expect(response.status).toBe(200);
      expect(response.body.nextRuns).toEqual(runs);
      expect((await admin.get('/settings')).body.nextRuns).toEqual(runs);
    });

    it('refuses nextRuns in the body (read-only: it follows from the schedule) and stores nothing', async () => {
      // Prepare
      const admin = await freshAdmin();
      const before = await snapshot(admin, '/settings');
      const { version: _version, ...echoed } = (await admin.get('/settings')).body;
      expect(echoed.nextRuns).toEqual(defaultRuns);

      // Act
      const response = await admin.put('/settings', { ...echoed, timezone: 'Europe/Oslo' });

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['body.nextRuns'] });
      await expectUnchanged(admin, '/settings', before);
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
