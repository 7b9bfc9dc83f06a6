import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, uniqueTenant, type TestApi } from '../support/api.ts';
import { artifact, watchConsoles } from './browser.ts';
import { devToken, signIn, startWebStack, type WebStack } from './harness.ts';

// The "Metrics" region (UI.md): admins create metrics from a template or with the condition
// builder, preview them before saving, edit and delete them; members see the list only.

const tenant = uniqueTenant('web-metrics');
// Far from UTC, so "this quarter" is the tenant's, not the machine's.
const zone = 'Pacific/Auckland';

let stack: WebStack;
let api: TestApi;
let adminToken: string;
let memberToken: string;

/** Today's date in the tenant's zone and the calendar quarter holding it. */
function thisQuarter(): { start: string; end: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first = month - ((month - 1) % 3);
  const day = (m: number, d: number) => new Date(Date.UTC(year, m - 1, d)).toISOString().slice(0, 10);
  return { start: day(first, 1), end: day(first + 3, 0) };
}
const quarter = thisQuarter();
/** Noon (local) of the day `days` after the quarter's first: inside the quarter for 0 ≤ days < 90, before it for −1. */
const noonAfterStart = (days: number) => {
  const date = new Date(Date.parse(`${quarter.start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return `${date}T12:00:00+12:00`;
};

interface Deal {
  id: string;
  ownerId: string;
  status: string;
  amount: string;
  currency: string;
  closedAt?: string;
  expectedCloseAt?: string;
}
const deals: Deal[] = [
  { id: 'won-ann-usd', ownerId: 'ann', status: 'won', amount: '1200.50', currency: 'USD', closedAt: noonAfterStart(1) },
  { id: 'won-ann-small', ownerId: 'ann', status: 'won', amount: '99.99', currency: 'USD', closedAt: noonAfterStart(2) },
  { id: 'won-bob-usd', ownerId: 'bob', status: 'won', amount: '410.00', currency: 'USD', closedAt: noonAfterStart(3) },
  { id: 'won-ann-eur', ownerId: 'ann', status: 'won', amount: '300.00', currency: 'EUR', closedAt: noonAfterStart(4) },
  { id: 'open-ann-usd', ownerId: 'ann', status: 'open', amount: '50.25', currency: 'USD', expectedCloseAt: noonAfterStart(40) },
  { id: 'lost-ann-usd', ownerId: 'ann', status: 'lost', amount: '70.00', currency: 'USD', closedAt: noonAfterStart(5) },
  { id: 'won-ann-earlier', ownerId: 'ann', status: 'won', amount: '500.00', currency: 'USD', closedAt: noonAfterStart(-1) },
];
const inQuarter = (instant: string | undefined) => instant !== undefined && instant.slice(0, 10) >= quarter.start && instant.slice(0, 10) <= quarter.end;
const cents = (amount: string) => BigInt(amount.replace('.', ''));
const asAmount = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

const exact = { exact: true };
const apiAs = <T = any>(token: string, method: string, path: string, body?: unknown) => send<T>(api.url, method, path, token, body);

async function must(response: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await response;
  if (status >= 300) throw new Error(`setup failed with ${status}: ${JSON.stringify(body)}`);
}

async function prepareTenant(started: TestApi): Promise<void> {
  api = started;
  adminToken = await devToken(tenant, 'u-admin', 'admin');
  memberToken = await devToken(tenant, 'mia', 'member');
  const admin = (method: string, path: string, body?: unknown) => must(apiAs(adminToken, method, path, body));
  await admin('PUT', '/settings', { timezone: zone, defaultCurrency: 'EUR' });
  await admin('PUT', '/units/acme', { name: 'Acme', kind: 'organization' });
  await admin('PUT', '/units/team-a', { name: 'Team A', kind: 'team', parentId: 'acme' });
  await admin('PUT', '/units/team-b', { name: 'Team B', kind: 'team', parentId: 'acme' });
  await admin('PUT', '/users/u-admin', { name: 'Ada Admin', role: 'admin', memberships: [] });
  await admin('PUT', '/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'team-a' }] });
  await admin('PUT', '/users/bob', { name: 'Bob', role: 'member', memberships: [{ unitId: 'team-b' }] });
  await admin('PUT', '/users/mia', { name: 'Mia', role: 'member', memberships: [{ unitId: 'team-b' }] });
  const updatedAt = new Date().toISOString();
  for (const { id, ...fields } of deals) await admin('PUT', `/records/deal/${id}`, { updatedAt, ...fields });
  await admin('POST', '/metrics', { template: 'deal-count', id: 'deals-won' });
  await admin('POST', '/goals', { id: 'g-acme', name: 'Deals this quarter', metricId: 'deals-won', owner: { type: 'organization', id: 'acme' }, period: quarter, target: 10 });
  await admin('POST', '/rollups', {});
}

/** The console of every page a test opened: any error fails the test (statuses it provokes on purpose aside). */
const consoles = watchConsoles();

beforeAll(async () => {
  // Rollups run in this process and end before POST /rollups answers: the page finds results at once.
  stack = await startWebStack({ tenant, rollups: 'in-process', consoles, prepare: prepareTenant });
}, 120_000);

afterAll(async () => stack?.stop());

const isCall = (method: string, path: string) => (response: Response) => response.request().method() === method && new URL(response.url()).pathname === path;

/** Clicks `button` and resolves to the answer of the `method path` request it sends. */
async function answerTo(page: Page, button: Locator, method: string, path: string): Promise<Response> {
  const [response] = await Promise.all([page.waitForResponse(isCall(method, path)), button.click()]);
  return response;
}

async function openNewMetric(page: Page): Promise<Locator> {
  await page.getByRole('region', { name: 'Metrics' }).getByRole('button', { name: 'New metric' }).click();
  return page.getByRole('dialog', { name: 'New metric' });
}

/** Chooses "Custom" in the dialog and fills in the metric's fields (`dataType` only where it is a choice). */
async function startCustom(dialog: Locator, metric: { name: string; kind: string; dataType?: string; recordType: string; dateField?: string }): Promise<Locator> {
  await dialog.getByLabel('Custom', exact).check();
  await dialog.getByLabel('Name', exact).fill(metric.name);
  await dialog.getByLabel('Kind', exact).selectOption(metric.kind);
  if (metric.dataType) await dialog.getByLabel('Data type', exact).selectOption(metric.dataType);
  await dialog.getByLabel('Record type', exact).fill(metric.recordType);
  if (metric.dateField) await dialog.getByLabel('Date field', exact).fill(metric.dateField);
  return dialog.getByRole('group', { name: 'Actual', exact: true });
}

/** What the page shows as a preview: its values, the number of matching records and their ids. */
async function shownPreview(dialog: Locator) {
  const result = dialog.locator('.preview-result');
  const value = (key: string) => result.locator(`dd[data-key=${key}]`).getAttribute('data-value');
  return {
    actual: await value('actual'),
    inProgress: await value('inProgress'),
    custom: await value('custom'),
    matchingRecords: Number(await result.locator('.matching').getAttribute('data-value')),
    recordIds: (await result.locator('.record-ids li').allTextContents()).sort(),
  };
}
/** The same facts of an API preview ('' for null, as the page keeps them), ids in one order. */
const previewFacts = (p: { actual: string | null; inProgress: string | null; custom: string | null; matchingRecords: number; recordIds: string[] }) => ({
  actual: p.actual ?? '', inProgress: p.inProgress ?? '', custom: p.custom ?? '', matchingRecords: p.matchingRecords, recordIds: [...p.recordIds].sort(),
});

/** The error the page shows beside `control` (in its field). */
const errorBeside = (control: Locator) => control.evaluate((el) => el.closest('.field')!.querySelector('.field-error')!.textContent);


describe('the Metrics region', { timeout: 120_000 }, () => {
  it('previews the revenue template in USD for a team this quarter with the values the API computes, then creates it', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, { height: 1400 });
    const dialog = await openNewMetric(page);

    // Act
    await dialog.getByLabel('Template', exact).selectOption('revenue');
    await dialog.getByLabel('Currency', exact).fill('USD');
    expect(await dialog.getByLabel('Start', exact).inputValue()).toBe(quarter.start);
    expect(await dialog.getByLabel('End', exact).inputValue()).toBe(quarter.end);
    await dialog.getByLabel('Owner', exact).selectOption('team:team-a');
    const answer = await answerTo(page, dialog.getByRole('button', { name: 'Preview', exact: true }), 'POST', '/metrics/preview');
    await dialog.locator('.preview-result dd[data-key=actual]').waitFor();

    // Assess: the page asked for the template in USD, and shows exactly what the API computes
    const sent = answer.request().postDataJSON();
    expect(sent).toEqual({ metric: { template: 'revenue', currency: 'USD', currencyMode: 'only' }, period: quarter, owner: { type: 'team', id: 'team-a' } });
    const fromApi = await apiAs(adminToken, 'POST', '/metrics/preview', sent);
    expect(fromApi.status).toBe(200);
    expect(await shownPreview(dialog)).toEqual(previewFacts(fromApi.body));
    // …which is Ann's won USD deals this quarter, and her open one expected this quarter.
    const anns = deals.filter((d) => d.ownerId === 'ann' && d.currency === 'USD');
    const won = anns.filter((d) => d.status === 'won' && inQuarter(d.closedAt));
    const open = anns.filter((d) => d.status === 'open' && inQuarter(d.expectedCloseAt));
    expect(fromApi.body.actual).toBe(asAmount(won.reduce((sum, d) => sum + cents(d.amount), 0n)));
    expect(fromApi.body.inProgress).toBe(asAmount(open.reduce((sum, d) => sum + cents(d.amount), 0n)));
    expect(fromApi.body.recordIds.sort()).toEqual([...won, ...open].map((d) => d.id).sort());
    const shownActual = (await dialog.locator('.preview-result dd[data-key=actual]').textContent())!;
    expect(shownActual).toMatch(/^\$ \d{1,3}(,\d{3})*\.\d{2}$/); // in its currency, grouped
    expect(shownActual.slice(2).replaceAll(',', '')).toBe(fromApi.body.actual);
    expect((await apiAs(adminToken, 'GET', '/metrics')).body.items.map((m: { id: string }) => m.id)).toEqual(['deals-won']);
    await dialog.locator('.preview-result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('metrics.png') });

    // Act: create it
    const created = await answerTo(page, dialog.getByRole('button', { name: 'Create metric' }), 'POST', '/metrics');
    await dialog.waitFor({ state: 'detached' });

    // Assess: the API holds the revenue template in USD, and the list shows it
    expect(created.status()).toBe(201);
    const metrics = (await apiAs(adminToken, 'GET', '/metrics')).body.items as { id: string; name: string; currency: string | null; kind: string; recordType: string }[];
    const revenue = metrics.find((m) => m.name === 'Revenue');
    expect(revenue).toMatchObject({ kind: 'amount', currency: 'USD', recordType: 'deal' });
    await page.getByRole('region', { name: 'Metrics' }).locator(`li[data-metric-id="${revenue!.id}"]`).getByText('status is won').waitFor();
    await page.close();
  });

  it('creates a money metric that converts other currencies at dated rates ("Other currencies")', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, { height: 1400 });
    const dialog = await openNewMetric(page);

    // Act
    await dialog.getByLabel('Template', exact).selectOption('revenue');
    await dialog.getByLabel('Name', exact).fill('Revenue, converted');
    await dialog.getByLabel('Currency', exact).fill('EUR');
    await dialog.getByLabel('Other currencies', exact).selectOption('convert');
    const created = await answerTo(page, dialog.getByRole('button', { name: 'Create metric' }), 'POST', '/metrics');
    await dialog.waitFor({ state: 'detached' });

    // Assess
    expect(created.status()).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'Revenue, converted', currency: 'EUR', currencyMode: 'convert' });
    await page.close();
  });

  it('builds a count of won deals of 100 or more with the condition builder, previews what it counts and creates it', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, { height: 1900 });
    const dialog = await openNewMetric(page);

    // Act: custom, two conditions that must all hold
    const actual = await startCustom(dialog, { name: 'Big wins', kind: 'count', recordType: 'deal', dateField: 'closedAt' });
    for (const [field, op, value] of [['status', 'eq', 'won'], ['amount', 'gte', '100']] as const) {
      await actual.getByRole('button', { name: 'Add condition' }).click();
      const row = actual.locator('.condition-row').last();
      await row.getByLabel('Field', exact).fill(field);
      await row.getByLabel('Operator', exact).selectOption(op);
      await row.getByLabel('Value', exact).fill(value);
    }
    await actual.getByLabel('Match', exact).selectOption('all');
    await dialog.getByLabel('Owner', exact).selectOption('organization:acme');
    const answer = await answerTo(page, dialog.getByRole('button', { name: 'Preview', exact: true }), 'POST', '/metrics/preview');
    await dialog.locator('.preview-result dd[data-key=actual]').waitFor();

    // Assess: the conditions as the API takes them (a number typed as one), and the count they make
    const sent = answer.request().postDataJSON();
    const where = { all: [{ field: 'status', op: 'eq', value: 'won' }, { field: 'amount', op: 'gte', value: 100 }] };
    expect(sent.metric).toEqual({ name: 'Big wins', kind: 'count', dataType: 'integer', recordType: 'deal', dateField: 'closedAt', valueField: null, actual: { where }, inProgress: null, custom: null });
    const expected = deals.filter((d) => d.status === 'won' && cents(d.amount) >= 10000n && inQuarter(d.closedAt));
    expect(expected.length).toBeGreaterThan(1);
    const shown = await shownPreview(dialog);
    expect(shown).toEqual({ actual: String(expected.length), inProgress: '', custom: '', matchingRecords: expected.length, recordIds: expected.map((d) => d.id).sort() });
    expect(shown).toEqual(previewFacts((await apiAs(adminToken, 'POST', '/metrics/preview', sent)).body));
    await page.screenshot({ path: artifact('metrics-custom.png') });

    // Act: create it
    const created = await answerTo(page, dialog.getByRole('button', { name: 'Create metric' }), 'POST', '/metrics');
    await dialog.waitFor({ state: 'detached' });

    // Assess
    expect(created.status()).toBe(201);
    const metrics = (await apiAs(adminToken, 'GET', '/metrics')).body.items as { name: string }[];
    expect(metrics.find((m) => m.name === 'Big wins')).toMatchObject({ kind: 'count', dataType: 'integer', currency: null, dateField: 'closedAt', actual: { where }, inProgress: null });
    await page.getByRole('region', { name: 'Metrics' }).getByText('status is won and amount is at least 100').waitFor();
    await page.close();
  });

  it("shows the API's 400 in words next to the field that caused it, and creates nothing", async () => {
    // Prepare
    consoles.provoke(400);
    const page = await signIn(stack, adminToken, { height: 1000 });
    const before = (await apiAs(adminToken, 'GET', '/metrics')).body.items;
    const dialog = await openNewMetric(page);
    const actual = await startCustom(dialog, { name: 'Hours', kind: 'amount', dataType: 'decimal', recordType: 'deal' });
    await actual.getByRole('button', { name: 'Add condition' }).click();
    const value = actual.getByLabel('Value', exact);
    await actual.getByLabel('Field', exact).fill('status');
    await actual.getByLabel('Operator', exact).selectOption('exists');
    await value.fill('maybe');

    // Act: a condition the API refuses
    const first = await answerTo(page, dialog.getByRole('button', { name: 'Create metric' }), 'POST', '/metrics');
    await dialog.locator('[aria-invalid=true]').first().waitFor();

    // Assess: beside the condition's value
    expect(first.status()).toBe(400);
    expect(await errorBeside(value)).toContain('"exists" takes true, false or no value');
    expect(await value.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.form-error').textContent()).toBe('Please check the marked fields.');

    // Act: fixed; now the amount has no field to sum
    await value.fill('');
    const second = await answerTo(page, dialog.getByRole('button', { name: 'Create metric' }), 'POST', '/metrics');
    const valueField = dialog.getByLabel('Value field', exact);
    await page.waitForFunction("document.querySelector('dialog [name=valueField]')?.getAttribute('aria-invalid') === 'true'");

    // Assess: beside "Value field", and nothing was created
    expect(second.status()).toBe(400);
    expect(await errorBeside(valueField)).toBe('An amount metric names the record field it sums');
    expect(await value.getAttribute('aria-invalid')).toBeNull();
    expect(await dialog.textContent()).not.toContain('{');
    expect((await apiAs(adminToken, 'GET', '/metrics')).body.items).toEqual(before);
    await page.close();
  });

  it('edits a metric with its version (a stale edit offers Reload), and says in words why a metric goals use stays', async () => {
    // Prepare
    consoles.provoke(409, 412);
    const page = await signIn(stack, adminToken, { height: 1000 });
    const item = page.getByRole('region', { name: 'Metrics' }).locator('li[data-metric-id="deals-won"]');
    await item.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit metric' });
    expect(await dialog.getByLabel('Kind', exact).isDisabled()).toBe(true);
    expect(await dialog.getByLabel('Data type', exact).isDisabled()).toBe(true);
    // Someone else renames it meanwhile.
    await must(apiAs(adminToken, 'PATCH', '/metrics/deals-won', { name: 'Deals closed' }));

    // Act: the page's edit, at the version it read
    await dialog.getByLabel('Name', exact).fill('Deals won this quarter');
    const stale = await answerTo(page, dialog.getByRole('button', { name: 'Save metric' }), 'PATCH', '/metrics/deals-won');
    await dialog.getByRole('button', { name: 'Reload' }).click();
    const fresh = page.getByRole('dialog', { name: 'Edit metric' });
    expect(await fresh.getByLabel('Name', exact).inputValue()).toBe('Deals closed');
    await fresh.getByLabel('Name', exact).fill('Deals won this quarter');
    const saved = await answerTo(page, fresh.getByRole('button', { name: 'Save metric' }), 'PATCH', '/metrics/deals-won');
    await fresh.waitFor({ state: 'detached' });

    // Assess
    expect(stale.status()).toBe(412);
    expect(stale.request().headers()['if-match']).toBe('"1"');
    expect(saved.status()).toBe(200);
    expect(saved.request().headers()['if-match']).toBe('"2"');
    expect(Object.keys(saved.request().postDataJSON()).sort()).not.toContain('kind');
    expect((await apiAs(adminToken, 'GET', '/metrics/deals-won')).body).toMatchObject({ name: 'Deals won this quarter', version: 3, kind: 'count' });

    // Act: delete it (as the list shows it now) while a goal uses it
    await item.locator('b', { hasText: 'Deals won this quarter' }).waitFor();
    await item.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete metric' });
    const refused = await answerTo(page, confirm.getByRole('button', { name: 'Delete' }), 'DELETE', '/metrics/deals-won');

    // Assess
    expect(refused.status()).toBe(409);
    await confirm.getByText('Goals use “Deals won this quarter”, so it stays.').waitFor();
    expect((await apiAs(adminToken, 'GET', '/metrics/deals-won')).status).toBe(200);
    await page.close();
  });

  it('shows a member the list, with what each metric counts, and no control', async () => {
    // Prepare
    const metrics = (await apiAs(memberToken, 'GET', '/metrics')).body.items as { id: string; name: string }[];
    expect(metrics.length).toBeGreaterThan(1);

    // Act
    const page = await signIn(stack, memberToken, { height: 1000 });
    const region = page.getByRole('region', { name: 'Metrics' });

    // Assess
    for (const metric of metrics) expect(await region.locator(`li[data-metric-id="${metric.id}"] b`).textContent()).toBe(metric.name);
    expect(await region.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New metric' }).count()).toBe(0);
    await page.close();
  });
});
