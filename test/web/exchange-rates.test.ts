import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, uniqueTenant, type TestApi } from '../support/api.ts';
import { artifact, watchConsoles } from './browser.ts';
import { answer, devToken, signIn, startWebStack, type WebStack } from './harness.ts';

const tenant = uniqueTenant('rates');
/** Every page this file opens is 1000 px tall. */
const tall = { height: 1000 };

let stack: WebStack;
let api: TestApi;
let adminToken: string;
let memberToken: string;

/** The console of every page a test opened: any error fails the test (statuses it provokes on purpose aside). */
const consoles = watchConsoles();

const asAdmin = <T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => send<T>(api.url, method, path, adminToken, body, headers);

async function must(method: string, path: string, body?: unknown): Promise<void> {
  const response = await asAdmin(method, path, body);
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
}

/** The Settings region's list item of a currency's rates. */
const currencyItem = (page: Page, currency: string) => page.getByRole('region', { name: 'Settings' }).locator(`li[data-currency="${currency}"]`);

async function prepareTenant(started: TestApi): Promise<void> {
  api = started;
  adminToken = await devToken(tenant, 'u-ada', 'admin');
  memberToken = await devToken(tenant, 'u-max', 'member');
  await must('PUT', '/settings', { defaultCurrency: 'EUR' });
  await must('PUT', '/users/u-ada', { name: 'Ada Admin', role: 'admin', memberships: [] });
  await must('PUT', '/users/u-max', { name: 'Max Member', role: 'member', memberships: [] });
  await must('PUT', '/exchange-rates/GBP', { rates: [{ from: '2026-01-01', rate: '1.17' }, { from: '2026-04-01', rate: '1.1825' }] });
}

beforeAll(async () => {
  // The Settings region never starts a rollup: the stack needs no worker for one.
  stack = await startWebStack({ tenant, rollups: 'none', consoles, prepare: prepareTenant });
}, 120_000);

afterAll(async () => stack?.stop());

describe('exchange rates in the Settings region', { timeout: 120_000 }, () => {
  it('adds a currency’s rates in rows of date and rate ("Add rate", "Save rates"), stored sorted by date exactly as typed', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, tall);
    const region = page.getByRole('region', { name: 'Settings' });
    await currencyItem(page, 'GBP').waitFor();

    // Act
    await region.getByRole('button', { name: 'Add exchange rates' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add exchange rates' });
    await dialog.getByLabel('Currency').selectOption('USD');
    await dialog.getByLabel('From').nth(0).fill('2026-04-01');
    await dialog.getByLabel('Rate').nth(0).fill('0.9250');
    await dialog.getByRole('button', { name: 'Add rate' }).click();
    await dialog.getByLabel('From').nth(1).fill('2026-01-01');
    await dialog.getByLabel('Rate').nth(1).fill('0.9237000001');
    await dialog.screenshot({ path: artifact('exchange-rates-add.png') });
    const [saved] = await Promise.all([answer(page, 'PUT', '/exchange-rates/USD'), dialog.getByRole('button', { name: 'Save rates' }).click()]);
    await currencyItem(page, 'USD').waitFor();

    // Assess: the default currency is not offered; the list shows the dates in order and the rates as stored
    expect(saved.status()).toBe(201);
    expect(saved.request().headers()['if-match']).toBe('"0"');
    expect((await asAdmin('GET', '/exchange-rates/USD')).body).toEqual({
      currency: 'USD',
      rates: [
        { from: '2026-01-01', rate: '0.9237000001' },
        { from: '2026-04-01', rate: '0.9250' },
      ],
      version: 1,
    });
    expect(await currencyItem(page, 'USD').locator('.rate-list li').allInnerTexts()).toEqual(['from 2026-01-01: 1 USD = 0.9237000001 EUR', 'from 2026-04-01: 1 USD = 0.9250 EUR']);
    await dialog.waitFor({ state: 'detached' });
    await page.close();
  });

  it('marks each refused rate next to its field, then edits the rates with the version read', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, tall);
    const before = (await asAdmin('GET', '/exchange-rates/GBP')).body;
    consoles.provoke(400);

    // Act: a rate of zero and two rates on one date, then right
    await currencyItem(page, 'GBP').locator('.item-head').getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit exchange rates' });
    expect(await dialog.getByLabel('Currency').isDisabled()).toBe(true);
    await dialog.getByLabel('Rate').nth(0).fill('0');
    await dialog.getByRole('button', { name: 'Add rate' }).click();
    await dialog.getByLabel('From').nth(2).fill('2026-04-01');
    await dialog.getByLabel('Rate').nth(2).fill('1.19');
    const [refused] = await Promise.all([answer(page, 'PUT', '/exchange-rates/GBP'), dialog.getByRole('button', { name: 'Save rates' }).click()]);
    const fieldOf = (row: number, label: string) => dialog.locator('.rate-row').nth(row).locator('.field', { has: page.getByLabel(label) });
    await fieldOf(0, 'Rate').getByText('A rate is positive').waitFor();
    await fieldOf(2, 'From').getByText('Rate 2 has this date too: one rate a date').waitFor();
    const marked = await dialog.locator('[aria-invalid=true]').evaluateAll((els) => els.map((el) => el.getAttribute('name')));
    await dialog.getByLabel('Rate').nth(0).fill('1.16');
    await dialog.locator('.rate-row').nth(1).getByRole('button', { name: 'Remove' }).click();
    const [saved] = await Promise.all([answer(page, 'PUT', '/exchange-rates/GBP'), dialog.getByRole('button', { name: 'Save rates' }).click()]);
    await currencyItem(page, 'GBP').getByText('from 2026-04-01: 1 GBP = 1.19 EUR').waitFor();

    // Assess
    expect(refused.status()).toBe(400);
    expect(marked).toEqual(['rates.0.rate', 'rates.2.from']);
    expect(saved.status()).toBe(200);
    expect(saved.request().headers()['if-match']).toBe(`"${before.version}"`);
    expect((await asAdmin('GET', '/exchange-rates/GBP')).body).toEqual({
      currency: 'GBP',
      rates: [
        { from: '2026-01-01', rate: '1.16' },
        { from: '2026-04-01', rate: '1.19' },
      ],
      version: before.version + 1,
    });
    await page.close();
  });

  it('offers "Reload" when the rates changed since the page read them (412), then edits what is stored', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, tall);
    await must('PUT', '/exchange-rates/GBP', { rates: [{ from: '2026-07-01', rate: '1.2' }] });
    consoles.provoke(412);

    // Act
    await currencyItem(page, 'GBP').locator('.item-head').getByRole('button', { name: 'Edit' }).click();
    const stale = page.getByRole('dialog', { name: 'Edit exchange rates' });
    await stale.getByLabel('Rate').nth(0).fill('9.99');
    const [refused] = await Promise.all([answer(page, 'PUT', '/exchange-rates/GBP'), stale.getByRole('button', { name: 'Save rates' }).click()]);
    await stale.getByText('Someone else changed this').waitFor();
    await stale.getByRole('button', { name: 'Reload' }).click();
    const fresh = page.getByRole('dialog', { name: 'Edit exchange rates' });
    await page.waitForFunction("document.querySelector('dialog [name=\"rates.0.from\"]')?.value === '2026-07-01'");

    // Assess: nothing of the stale edit was stored; the dialog shows what is
    expect(refused.status()).toBe(412);
    expect((await asAdmin('GET', '/exchange-rates/GBP')).body.rates).toEqual([{ from: '2026-07-01', rate: '1.2' }]);
    expect(await fresh.getByLabel('Rate').inputValue()).toBe('1.2');
    expect(await fresh.getByLabel('From').count()).toBe(1);
    await fresh.getByRole('button', { name: 'Close' }).click();
    await page.close();
  });

  it('says next to the currency why the default currency takes no rates (409)', async () => {
    // Prepare: EUR is offered while it is not the default; it is again when the page saves
    await must('PUT', '/settings', { defaultCurrency: 'USD' });
    const page = await signIn(stack, adminToken, tall);
    consoles.provoke(409);
    const region = page.getByRole('region', { name: 'Settings' });
    await region.getByRole('button', { name: 'Add exchange rates' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add exchange rates' });
    await dialog.getByLabel('Currency').selectOption('EUR');
    await must('PUT', '/settings', { defaultCurrency: 'EUR' });

    // Act
    await dialog.getByLabel('From').fill('2026-01-01');
    await dialog.getByLabel('Rate').fill('1.08');
    const [refused] = await Promise.all([answer(page, 'PUT', '/exchange-rates/EUR'), dialog.getByRole('button', { name: 'Save rates' }).click()]);

    // Assess
    expect(refused.status()).toBe(409);
    const currencyField = dialog.locator('.field', { has: page.getByLabel('Currency') });
    await currencyField.getByText('EUR is the default currency').waitFor();
    expect(await dialog.locator('.form-error').innerText()).toBe('EUR is the default currency: its rate is 1 on every date');
    expect((await asAdmin('GET', '/exchange-rates/EUR')).status).toBe(404);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.close();
  });

  it('deletes a currency’s rates after asking', async () => {
    // Prepare
    await must('PUT', '/exchange-rates/JPY', { rates: [{ from: '2026-01-01', rate: '0.0061' }] });
    const page = await signIn(stack, adminToken, tall);
    await currencyItem(page, 'JPY').waitFor();

    // Act
    await currencyItem(page, 'JPY').locator('.item-head').getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete exchange rates' });
    const [deleted] = await Promise.all([answer(page, 'DELETE', '/exchange-rates/JPY'), dialog.getByRole('button', { name: 'Delete' }).click()]);
    await currencyItem(page, 'JPY').waitFor({ state: 'detached' });

    // Assess
    expect(deleted.status()).toBe(204);
    expect(deleted.request().headers()['if-match']).toBe('"1"');
    expect((await asAdmin('GET', '/exchange-rates/JPY')).status).toBe(404);
    await page.screenshot({ path: artifact('exchange-rates.png'), fullPage: true });
    await page.close();
  });

  it('shows a member every currency’s rates with their dates, and no control to change them', async () => {
    // Prepare
    const stored = (await asAdmin('GET', '/exchange-rates')).body.items as { currency: string; rates: { from: string; rate: string }[] }[];

    // Act
    const page = await signIn(stack, memberToken, { ...tall, width: 390 });
    const region = page.getByRole('region', { name: 'Settings' });
    await currencyItem(page, 'USD').waitFor();

    // Assess
    const shown = await region.locator('li[data-currency]').evaluateAll((items) =>
      items.map((item) => [item.getAttribute('data-currency'), [...item.querySelectorAll('.rate-list li')].map((li) => li.textContent)]),
    );
    expect(shown).toEqual(stored.map((entry) => [entry.currency, entry.rates.map((r) => `from ${r.from}: 1 ${entry.currency} = ${r.rate} EUR`)]));
    expect(stored.map((entry) => entry.currency)).toEqual(['GBP', 'USD']);
    for (const name of ['Add exchange rates', 'Edit', 'Delete', 'Save rates', 'Add rate']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    expect(await region.locator('input, select').count()).toBe(0);
    await page.screenshot({ path: artifact('exchange-rates-member-phone.png'), fullPage: true });
    await page.close();
  });
});
