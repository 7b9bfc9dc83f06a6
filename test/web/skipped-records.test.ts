import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, uniqueTenant } from '../support/api.ts';
import { manualClock } from '../support/manual-clock.ts';
import { artifact, watchConsoles } from './browser.ts';
import { devToken, signIn, startWebStack, type WebStack } from './harness.ts';

// "Last rollup" (UI.md): a link to the run's skipped records with their reasons, for admins; the
// list opens in a dialog, a page at a time. The rollup runs in this process (it ends before POST
// /rollups answers) on a clock standing still mid-April 2026; the goals are of Q1 2026.

const tenant = uniqueTenant('web-skipped');
const q1 = { start: '2026-01-01', end: '2026-03-31' };
const inQ1 = '2026-02-10T12:00:00+01:00';
/** More than the dialog's page of 50: "More" brings the rest. */
const dollarDeals = 52;

const consoles = watchConsoles();
let stack: WebStack;
let adminToken: string;
let memberToken: string;

async function must(response: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await response;
  if (status >= 300) throw new Error(`setup failed with ${status}: ${JSON.stringify(body)}`);
}

beforeAll(async () => {
  adminToken = await devToken(tenant, 'u-admin', 'admin');
  memberToken = await devToken(tenant, 'ann', 'member');
  stack = await startWebStack({ tenant, rollups: 'in-process', inProcess: { overrides: { clock: manualClock(Date.UTC(2026, 3, 15, 12)) } }, consoles, prepare: (api) => prepare(api.url) });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function prepare(url: string): Promise<void> {
  const admin = (method: string, path: string, body?: unknown) => must(send(url, method, path, adminToken, body));
  await admin('PUT', '/settings', { timezone: 'Europe/Oslo', defaultCurrency: 'EUR' });
  await admin('PUT', '/units/org', { name: 'Acme', kind: 'organization' });
  await admin('PUT', '/users/u-admin', { name: 'Ada Admin', role: 'admin', memberships: [] });
  await admin('PUT', '/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'org' }] });
  await admin('POST', '/metrics', { template: 'revenue', id: 'rev', name: 'Revenue', currency: 'EUR' });
  await admin('POST', '/goals', { id: 'g-ann', name: 'Ann Q1', metricId: 'rev', owner: { type: 'user', id: 'ann' }, period: q1, target: '1000.00' });
  const deal = (id: string, fields: Record<string, unknown>) => ({ recordType: 'deal', id, ownerId: 'ann', updatedAt: inQ1, status: 'won', amount: '100.00', currency: 'EUR', closedAt: inQ1, ...fields });
  await admin('POST', '/records/batch', {
    records: [
      deal('counts', {}),
      deal('a-comma', { amount: '12,5' }),
      deal('a-us-date', { closedAt: '02/10/2026', expectedCloseAt: inQ1 }),
      ...Array.from({ length: dollarDeals }, (_, i) => deal(`usd-${String(i).padStart(2, '0')}`, { currency: 'USD' })),
    ],
  });
  await admin('POST', '/rollups', {});
}

describe('the last rollup’s skipped records', { timeout: 120_000 }, () => {
  const skipped = dollarDeals + 2;

  it('opens from a link in "Last rollup", each record with its reason in words, what was wrong and the metric, 50 at a time', async () => {
    // Prepare
    const page = await signIn(stack, adminToken, { width: 390 });
    const region = page.getByRole('region', { name: 'Last rollup' });

    // Act
    await region.getByRole('link', { name: `${skipped} skipped records` }).click();
    const dialog = page.getByRole('dialog', { name: 'Skipped records' });
    const list = dialog.getByRole('list', { name: 'Skipped records of the run' });
    await list.getByRole('listitem').nth(49).waitFor();

    // Assess
    await expect(list.getByRole('listitem').count()).resolves.toBe(50);
    const comma = list.getByRole('listitem').filter({ hasText: 'deal a-comma' });
    await expect(comma.innerText()).resolves.toMatch(/Value is not a number\s+deal a-comma\s+amount "12,5" is not a decimal number\s+metric Revenue · would have counted for Ann Q1/);
    await expect(list.getByRole('listitem').filter({ hasText: 'deal a-us-date' }).innerText()).resolves.toContain('Date cannot be read');
    await expect(list.getByRole('listitem').filter({ hasText: 'deal a-us-date' }).innerText()).resolves.toContain('closedAt "02/10/2026" is not a date');
    await expect(list.getByRole('listitem').filter({ hasText: 'deal usd-00' }).innerText()).resolves.toMatch(/In another currency\s+deal usd-00\s+currency USD, metric wants EUR\s+metric Revenue · would have counted for Ann Q1/);
    await page.screenshot({ path: artifact('skipped-records-phone.png') });

    // Act: the next page
    await dialog.getByRole('button', { name: 'More' }).click();
    await list.getByRole('listitem').nth(skipped - 1).waitFor();

    // Assess: every record once, and nothing more to load
    const texts = await list.getByRole('listitem').allInnerTexts();
    expect(texts).toHaveLength(skipped);
    expect(new Set(texts).size).toBe(skipped);
    await expect(dialog.getByRole('button', { name: 'More' }).isHidden()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog.count()).resolves.toBe(0);
  });

  it('shows a member how many records were skipped, with no link to records it may not read', async () => {
    const page = await signIn(stack, memberToken);
    const region = page.getByRole('region', { name: 'Last rollup' });
    await expect(region.getByText(`${skipped} skipped records`).count()).resolves.toBe(1);
    await expect(region.getByRole('link').count()).resolves.toBe(0);
  });
});
