import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, uniqueTenant, type TestApi } from '../support/api.ts';
import { artifact, watchConsoles } from './browser.ts';
import { answer, devToken, signIn, startWebStack, type WebStack } from './harness.ts';

const tenant = uniqueTenant('org');
/** Every page this file opens is 1000 px tall. */
const tall = { height: 1000 };

let stack: WebStack;
let api: TestApi;
let adminToken: string;
let memberToken: string;

/** The console of every page a test opened: any error fails the test (statuses it provokes on purpose aside). */
const consoles = watchConsoles();

const asAdmin = <T = any>(method: string, path: string, body?: unknown) => send<T>(api.url, method, path, adminToken, body);

async function must(method: string, path: string, body?: unknown): Promise<void> {
  const response = await asAdmin(method, path, body);
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
}

async function prepareTenant(started: TestApi): Promise<void> {
  api = started;
  adminToken = await devToken(tenant, 'u-ada', 'admin');
  memberToken = await devToken(tenant, 'u-max', 'member');
  await must('PUT', '/units/acme', { name: 'Acme', kind: 'organization' });
  await must('PUT', '/units/sales', { name: 'Sales', kind: 'department', parentId: 'acme' });
  await must('PUT', '/units/north', { name: 'North', kind: 'team', parentId: 'sales', managerIds: ['u-mia'] });
  await must('PUT', '/users/u-ada', { name: 'Ada Admin', role: 'admin', memberships: [] });
  await must('PUT', '/users/u-mia', { name: 'Mia Manager', email: 'mia@example.com', role: 'manager', zones: ['nordics'], memberships: [{ unitId: 'sales' }] });
  await must('PUT', '/users/u-max', { name: 'Max Member', role: 'member', memberships: [{ unitId: 'north', from: '2025-01-01' }] });
}

beforeAll(async () => {
  // These regions never start a rollup: the stack needs no worker for one.
  stack = await startWebStack({ tenant, rollups: 'none', consoles, prepare: prepareTenant });
}, 120_000);

afterAll(async () => stack?.stop());

describe('the Organization and Settings regions', { timeout: 120_000 }, () => {
  it('creates a user with team memberships and their dates in the "New user" dialog, stored exactly as entered', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, tall);
    const region = page.getByRole('region', { name: 'Organization' });

    // Act
    await region.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Name').fill('Åse Berg');
    await dialog.getByLabel('Email').fill('ase@example.com');
    await dialog.getByLabel('Role').selectOption('member');
    await dialog.getByLabel('Can lock targets').check();
    await dialog.getByRole('button', { name: 'Add membership' }).click();
    await dialog.getByRole('button', { name: 'Add membership' }).click();
    await dialog.getByLabel('Team').nth(0).selectOption('north');
    await dialog.getByLabel('From').nth(0).fill('2026-01-01');
    await dialog.getByLabel('To').nth(0).fill('2026-06-30');
    await dialog.getByLabel('Team').nth(1).selectOption('sales');
    await dialog.getByLabel('From').nth(1).fill('2026-07-01');
    await dialog.screenshot({ path: artifact('organization-new-user.png') });
    const [created] = await Promise.all([answer(page, 'PUT', '/users/ase-berg'), dialog.getByRole('button', { name: 'Create user' }).click()]);

    // Assess: the id is made from the name; the list shows the memberships in words.
    expect(created.status()).toBe(201);
    const stored = await asAdmin('GET', '/users/ase-berg');
    expect(stored.body).toEqual({
      id: 'ase-berg',
      name: 'Åse Berg',
      email: 'ase@example.com',
      role: 'member',
      active: true,
      zones: [],
      memberships: [
        { unitId: 'north', from: '2026-01-01', to: '2026-06-30' },
        { unitId: 'sales', from: '2026-07-01', to: null },
      ],
      canLockTargets: true,
      version: 1,
    });
    const listed = region.locator('li[data-user-id="ase-berg"]');
    await listed.getByText('North · from 2026-01-01 until 2026-06-30').waitFor();
    await listed.getByText('Sales · from 2026-07-01').waitFor();
    await dialog.waitFor({ state: 'detached' }); // closed once the list shows the new user
    await page.close();
  });

  it('edits a user with the version read, keeping the fields the form does not show', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, tall);
    const region = page.getByRole('region', { name: 'Organization' });
    const before = (await asAdmin('GET', '/users/u-mia')).body;

    // Act: Mia leaves Sales at the end of June and may lock targets
    await region.locator('li[data-user-id="u-mia"] > .item-head').getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit user' });
    await dialog.getByLabel('To').fill('2026-06-30');
    await dialog.getByLabel('Can lock targets').check();
    const [saved] = await Promise.all([answer(page, 'PUT', '/users/u-mia'), dialog.getByRole('button', { name: 'Save user' }).click()]);
    await region.locator('li[data-user-id="u-mia"]').getByText('Sales · until 2026-06-30').waitFor();

    // Assess: her email and zones stay (a PUT replaces the whole user)
    expect(before).toMatchObject({ email: 'mia@example.com', zones: ['nordics'] });
    expect(saved.request().headers()['if-match']).toBe(`"${before.version}"`);
    expect((await asAdmin('GET', '/users/u-mia')).body).toEqual({
      ...before,
      memberships: [{ unitId: 'sales', from: null, to: '2026-06-30' }],
      canLockTargets: true,
      version: before.version + 1,
    });
    await page.close();
  });

  it('creates a team under a department, marking a refused parent next to its field first', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, tall);
    const region = page.getByRole('region', { name: 'Organization' });
    await region.getByRole('button', { name: 'New unit' }).click();
    const dialog = page.getByRole('dialog', { name: 'New unit' });
    await dialog.getByLabel('Name').fill('South');
    await dialog.getByLabel('Kind').selectOption('organization');
    await dialog.getByLabel('Parent unit').selectOption('sales');
    await dialog.getByLabel('Managers').selectOption(['u-mia']);
    consoles.provoke(400);

    // Act: an organization has no parent (400 on parentId), then a team
    const [refused] = await Promise.all([answer(page, 'PUT', '/units/south'), dialog.getByRole('button', { name: 'Create unit' }).click()]);
    const parentField = dialog.locator('.field', { has: page.getByLabel('Parent unit') });
    await parentField.getByText('Must be null for an organization').waitFor();
    await dialog.getByLabel('Kind').selectOption('team');
    const [created] = await Promise.all([answer(page, 'PUT', '/units/south'), dialog.getByRole('button', { name: 'Create unit' }).click()]);
    await region.locator('li[data-unit-id="sales"] > ul > li[data-unit-id="south"]').waitFor();

    // Assess
    expect(refused.status()).toBe(400);
    expect(created.status()).toBe(201);
    expect((await asAdmin('GET', '/units/south')).body).toEqual({ id: 'south', name: 'South', kind: 'team', parentId: 'sales', managerIds: ['u-mia'], version: 1 });
    const south = region.locator('li[data-unit-id="south"]');
    expect(await south.locator('.item-head').innerText()).toContain('team');
    expect(await south.getByText('Managed by Mia Manager').count()).toBe(1);
    await page.close();
  });

  it('edits a unit with all its fields and the version it read', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, tall);
    const region = page.getByRole('region', { name: 'Organization' });
    const before = (await asAdmin('GET', '/units/north')).body;

    // Act
    await region.locator('li[data-unit-id="north"] > .item-head').getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit unit' });
    await dialog.getByLabel('Name').fill('North Star');
    const [saved] = await Promise.all([answer(page, 'PUT', '/units/north'), dialog.getByRole('button', { name: 'Save unit' }).click()]);
    await region.locator('li[data-unit-id="north"] > .item-head').getByText('North Star').waitFor();

    // Assess: the managers and the parent it had are kept (a full replace)
    expect(saved.request().headers()['if-match']).toBe(`"${before.version}"`);
    expect((await asAdmin('GET', '/units/north')).body).toEqual({ ...before, name: 'North Star', version: before.version + 1 });
    await page.close();
  });

  it('says in words why a unit with child units cannot be deleted (409)', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, tall);
    const region = page.getByRole('region', { name: 'Organization' });
    consoles.provoke(409);

    // Act
    await region.locator('li[data-unit-id="sales"] > .item-head').getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete unit' });
    const [refused] = await Promise.all([answer(page, 'DELETE', '/units/sales'), dialog.getByRole('button', { name: 'Delete' }).click()]);
    const words = dialog.locator('.form-error');
    await words.getByText('still has units below it').waitFor();

    // Assess
    expect(refused.status()).toBe(409);
    expect(await words.innerText()).toMatch(/^Sales still has units below it \(North.*\)\. Move or delete them first\.$/);
    expect(await words.innerText()).not.toContain('{');
    expect((await asAdmin('GET', '/units/sales')).status).toBe(200);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.screenshot({ path: artifact('organization.png'), fullPage: true });
    await page.close();
  });

  it('saves the settings and shows the schedule’s next runs in the new time zone, as the API computes them', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, tall);
    const region = page.getByRole('region', { name: 'Settings' });
    const version = (await asAdmin('GET', '/settings')).body.version;

    // Act
    await region.getByLabel('Time zone').selectOption('Europe/Oslo');
    await region.getByLabel('Fiscal year start').selectOption({ label: 'April' });
    await region.getByLabel('Rollup schedule').fill('30 6 * * 1-5');
    const reread = answer(page, 'GET', '/settings');
    const [saved] = await Promise.all([answer(page, 'PUT', '/settings'), region.getByRole('button', { name: 'Save settings' }).click()]);
    const shown = (await (await reread).json()) as { nextRuns: string[]; version: number };
    await region.getByText('Settings saved.').waitFor();

    // Assess: the page sent the version it read, and shows the runs of the answer it read next
    expect(saved.status()).toBe(200);
    expect(saved.request().headers()['if-match']).toBe(`"${version}"`);
    const stored = (await asAdmin('GET', '/settings')).body;
    expect(stored).toMatchObject({ timezone: 'Europe/Oslo', fiscalYearStartMonth: 4, rollupSchedule: '30 6 * * 1-5', version: version + 1 });
    const times = region.locator('.next-runs time');
    expect(await times.evaluateAll((els) => els.map((el) => el.getAttribute('datetime')))).toEqual(shown.nextRuns);
    expect(shown.nextRuns).toHaveLength(3);
    const texts = await times.allInnerTexts();
    shown.nextRuns.forEach((at, i) => {
      // "Tue 1 Dec 06:30": weekdays at 06:30 in Oslo (a month may be abbreviated "Sep" or "Sept").
      const oslo = DateTime.fromISO(at, { zone: 'Europe/Oslo' }).setLocale('en');
      const [weekday, day, month, time] = texts[i]!.split(' ');
      expect(oslo.weekday, at).toBeLessThanOrEqual(5);
      expect([weekday, day, month!.slice(0, 3), time], at).toEqual([oslo.toFormat('ccc'), String(oslo.day), oslo.toFormat('LLL'), '06:30']);
    });
    await page.screenshot({ path: artifact('settings.png'), fullPage: true });
    await page.close();
  });

  it('offers "Reload" when the settings changed since the page read them (412), then shows what is stored', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, tall);
    const region = page.getByRole('region', { name: 'Settings' });
    await must('PUT', '/settings', { stopRollupDaysAfterEnd: 90 });
    consoles.provoke(412);

    // Act
    await region.getByLabel('Days to keep rolling up').fill('60');
    const [stale] = await Promise.all([answer(page, 'PUT', '/settings'), region.getByRole('button', { name: 'Save settings' }).click()]);
    await region.getByText('Someone else changed this').waitFor();
    await Promise.all([answer(page, 'GET', '/settings'), region.getByRole('button', { name: 'Reload' }).click()]);
    await page.waitForFunction("document.querySelector('#settings [name=stopRollupDaysAfterEnd]')?.value === '90'");

    // Assess
    expect(stale.status()).toBe(412);
    expect((await asAdmin('GET', '/settings')).body.stopRollupDaysAfterEnd).toBe(90);
    await page.close();
  });

  it('shows a member both regions and no control to change them', async () => {
    // Prepare
    const settings = (await asAdmin('GET', '/settings')).body as { nextRuns: string[] };

    // Act
    const page = await signIn(stack, memberToken, { ...tall, width: 390 });
    const organization = page.getByRole('region', { name: 'Organization' });
    const settingsRegion = page.getByRole('region', { name: 'Settings' });

    // Assess
    await organization.locator('li[data-unit-id="sales"]').waitFor();
    await organization.locator('li[data-user-id="u-max"]').getByText(/^North.* · from 2025-01-01$/).waitFor();
    expect(await settingsRegion.getByText('Europe/Oslo').first().isVisible()).toBe(true);
    expect(await settingsRegion.locator('.next-runs time').evaluateAll((els) => els.map((el) => el.getAttribute('datetime')))).toHaveLength(settings.nextRuns.length);
    for (const name of ['New unit', 'New user', 'Edit', 'Delete', 'Save settings']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    expect(await organization.locator('input, select').count()).toBe(0);
    expect(await settingsRegion.locator('input, select').count()).toBe(0);
    await page.screenshot({ path: artifact('org-settings-member-phone.png'), fullPage: true });
    await page.close();
  });
});
