import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cloudPorts } from '../../functions/cloud-ports.ts';
import type { TenantSchedule } from '../../functions/use-cases/rollups/ports.ts';
import { scheduleTenant } from '../../functions/use-cases/rollups/schedule-tenant.ts';
import { settingsRepository } from '../../functions/store/settings-repository.ts';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';

const nightlyUtc: TenantSchedule = { rollupSchedule: '0 2 * * *', timezone: 'UTC' };

/** Every schedule sync the handlers ask for, by tenant, in order. */
const synced: { tenant: string; schedule: TenantSchedule }[] = [];
let failing = false;
const syncedFor = (tenant: string) => synced.filter((call) => call.tenant === tenant).map((call) => call.schedule);

let api: TestApi;
/** The tenants the API's process saw scheduled (cleared: as a new Lambda container would start). */
const scheduledTenants = new Set<string>();

async function spy(tenant: string, schedule: TenantSchedule): Promise<void> {
  if (failing) throw new Error('ThrottlingException: Rate exceeded');
  synced.push({ tenant, schedule: { rollupSchedule: schedule.rollupSchedule, timezone: schedule.timezone } });
}

beforeAll(async () => {
  api = await startTestApi({ ports: { scheduler: spy, scheduledTenants } });
});

afterEach(() => {
  failing = false;
});

afterAll(async () => {
  await api.close();
});

async function tenantWithMetric(): Promise<{ tenant: string; admin: ApiClient }> {
  const tenant = uniqueTenant('sched');
  const admin = await api.as('admin', { tenant });
  expect((await admin.put('/units/org', { name: 'Org', kind: 'organization' })).status).toBeLessThan(300);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'rev', currency: 'EUR' })).status).toBe(201);
  return { tenant, admin };
}

const goal = (id: string) => ({
  id,
  name: `Goal ${id}`,
  metricId: 'rev',
  owner: { type: 'organization', id: 'org' },
  period: { start: '2026-01-01', end: '2026-12-31' },
  target: '100.00',
});

const registered = async (tenant: string) => (await settingsRepository.scheduledTenants()).find((entry) => entry.tenant === tenant);

describe('a tenant that never stores settings', () => {
  it('gets the default nightly schedule with its first goal, once', async () => {
    // Prepare
    const { tenant, admin } = await tenantWithMetric();
    expect(syncedFor(tenant)).toEqual([]);
    expect(await registered(tenant)).toBeUndefined();

    // Act
    const first = await admin.post('/goals', goal('g-1'));
    scheduledTenants.clear(); // as a new Lambda container would
    const second = await admin.post('/goals', goal('g-2'));

    // Assess
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(syncedFor(tenant)).toEqual([nightlyUtc]);
    expect(await registered(tenant)).toEqual({ tenant, ...nightlyUtc });
  });

  it('still reads the defaults at version 0, and an admin stores settings over them as usual', async () => {
    // Prepare
    const { tenant, admin } = await tenantWithMetric();
    await admin.post('/goals', goal('g-1'));

    // Act
    const read = await admin.get('/settings');
    const stored = await admin.put('/settings', { timezone: 'Asia/Tokyo', rollupSchedule: '30 3 * * *' }, { 'if-match': '"0"' });

    // Assess
    expect(read.body).toMatchObject({ ...nightlyUtc, version: 0 });
    expect(read.headers.get('etag')).toBe('"0"');
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ timezone: 'Asia/Tokyo', rollupSchedule: '30 3 * * *', version: 1 });
    expect(syncedFor(tenant)).toEqual([nightlyUtc, { rollupSchedule: '30 3 * * *', timezone: 'Asia/Tokyo' }]);
    expect(await registered(tenant)).toEqual({ tenant, rollupSchedule: '30 3 * * *', timezone: 'Asia/Tokyo' });
  });

  it('keeps a schedule the admin set before the first goal', async () => {
    // Prepare
    const { tenant, admin } = await tenantWithMetric();
    expect((await admin.put('/settings', { timezone: 'Europe/Oslo' })).status).toBe(200);

    // Act
    expect((await admin.post('/goals', goal('g-1'))).status).toBe(201);

    // Assess
    expect(syncedFor(tenant)).toEqual([{ rollupSchedule: '0 2 * * *', timezone: 'Europe/Oslo' }]);
    expect((await admin.get('/settings')).body).toMatchObject({ timezone: 'Europe/Oslo', version: 1 });
  });

  it('stores the goal when the scheduler fails, and tries again with the next goal', async () => {
    // Prepare
    const { tenant, admin } = await tenantWithMetric();
    failing = true;

    // Act
    const first = await admin.post('/goals', goal('g-1'));
    const afterFailure = await registered(tenant);
    failing = false;
    const second = await admin.post('/goals', goal('g-2'));

    // Assess
    expect(first.status).toBe(201);
    expect((await admin.get('/goals/g-1')).status).toBe(200);
    expect(afterFailure).toBeUndefined();
    expect(second.status).toBe(201);
    expect(syncedFor(tenant)).toEqual([nightlyUtc]);
    expect(await registered(tenant)).toEqual({ tenant, ...nightlyUtc });
  });
});

describe('scheduleTenant racing an admin', () => {
  it('ends with the stored schedule when settings are stored between its check and its registration', async () => {
    // Prepare: the admin stores settings while the default schedule is being created
    const tenant = uniqueTenant('race');
    const calls: TenantSchedule[] = [];
    const racing = async (_tenant: string, schedule: TenantSchedule) => {
      calls.push({ rollupSchedule: schedule.rollupSchedule, timezone: schedule.timezone });
      if (calls.length === 1) {
        const { version: _v, ...defaults } = await settingsRepository.get(tenant);
        await settingsRepository.put(tenant, { ...defaults, timezone: 'America/Chicago' }, 0);
      }
    };

    // Act
    await scheduleTenant(cloudPorts({ scheduler: racing }), tenant);

    // Assess
    expect(calls).toEqual([nightlyUtc, { rollupSchedule: '0 2 * * *', timezone: 'America/Chicago' }]);
    expect((await settingsRepository.get(tenant)).version).toBe(1);
  });
});
