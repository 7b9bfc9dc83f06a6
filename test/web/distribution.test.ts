import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, uniqueTenant, type TestApi } from '../support/api.ts';
import { artifact, watchConsoles } from './browser.ts';
import { devToken, signIn, startWebStack, waitForRun, type WebStack } from './harness.ts';

const tenant = uniqueTenant('dist');
/** The viewport of the dialogs' tests on a desktop. */
const desktop = { width: 1000 };

let stack: WebStack;
let api: TestApi;
let admin: string;
let manager: string;

interface Goal {
  id: string;
  name: string;
  owner: { type: string; id: string };
  period: { start: string; end: string };
  target: string;
  parentId: string | null;
}
interface DryRun {
  items: Goal[];
  sum: string;
}

const cents = (value: string) => BigInt(value.replace('.', ''));
const total = (targets: string[]) => targets.reduce((sum, t) => sum + cents(t), 0n);

async function must<T>(method: string, path: string, body?: unknown, token = admin): Promise<T> {
  const response = await send<T>(api.url, method, path, token, body);
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}
const goal = (id: string) => must<Goal>('GET', `/goals/${id}`);
const children = async (id: string) => (await must<{ items: Goal[] }>('GET', `/goals?parentId=${id}`)).items;

/**
 * A tenant of its own: EUR revenue; Org → Sales (department) → North (managed by Mia) and South
 * (teams); this year's goals of 100,000.01 for the organization, and 500.00 for North; one run so
 * every goal the page shows has its values (no 404 in the console).
 */
async function prepareTenant(started: TestApi): Promise<void> {
  api = started;
  admin = await devToken(tenant, 'u-admin', 'admin');
  manager = await devToken(tenant, 'u-mia', 'manager');
  const today = new Date().toISOString().slice(0, 10);
  const year = { granularity: 'year', anchor: today };
  await must('PUT', '/settings', { timezone: 'UTC', defaultCurrency: 'EUR' });
  await must('PUT', '/units/org', { name: 'Org', kind: 'organization' });
  await must('PUT', '/units/sales', { name: 'Sales', kind: 'department', parentId: 'org' });
  await must('PUT', '/units/north', { name: 'North', kind: 'team', parentId: 'sales', managerIds: ['u-mia'] });
  await must('PUT', '/units/south', { name: 'South', kind: 'team', parentId: 'sales' });
  await must('PUT', '/users/u-admin', { name: 'Ada Admin', role: 'admin', memberships: [{ unitId: 'org' }] });
  await must('PUT', '/users/u-mia', { name: 'Mia', role: 'manager', memberships: [{ unitId: 'north' }] });
  await must('PUT', '/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'north' }] });
  await must('PUT', '/users/bob', { name: 'Bob', role: 'member', memberships: [{ unitId: 'south' }] });
  await must('POST', '/metrics', { template: 'revenue', id: 'rev', currency: 'EUR' });
  for (const id of ['fy-cascade', 'fy-periods', 'fy-custom']) {
    await must('POST', '/goals', { id, name: id, metricId: 'rev', owner: { type: 'organization', id: 'org' }, period: year, target: '100000.01' });
  }
  await must('POST', '/goals', { id: 'north-fy', name: 'North FY', metricId: 'rev', owner: { type: 'team', id: 'north' }, period: year, target: '500.00' });
  const { runId } = await must<{ runId: string }>('POST', '/rollups', {});
  await waitForRun(api.url, admin, runId);
}

/** The console of every page a test opened: any error in it fails the test (statuses a test provokes on purpose aside). */
const consoles = watchConsoles();

beforeAll(async () => {
  stack = await startWebStack({ tenant, rollups: 'in-process', consoles, prepare: prepareTenant });
}, 120_000);

afterAll(async () => stack?.stop());

/** Opens a dialog of web/distribution.js for the goal, as the goal's buttons do. */
async function openDialog(page: Page, open: 'openCascade' | 'openGeneratePeriods', shown: Goal): Promise<Locator> {
  // A string, not a function: vitest would rewrite a function's import() for Node.
  await page.evaluate(`import('/distribution.js').then((m) => { m.${open}(${JSON.stringify(shown)}); })`);
  return page.getByRole('dialog', { name: open === 'openCascade' ? 'Cascade' : 'Generate periods' });
}

/** Collects the answers of the page's dry runs to `action` as they arrive. */
function dryRuns(page: Page, action: 'cascade' | 'periods'): DryRun[] {
  const answers: DryRun[] = [];
  page.on('response', (response: Response) => {
    const url = new URL(response.url());
    if (response.request().method() === 'POST' && url.pathname.endsWith(`/${action}`) && url.searchParams.get('dryRun') === 'true') {
      void response.json().then((body: DryRun) => answers.push(body));
    }
  });
  return answers;
}

/** What the preview shows once it is current: each target, the sum and the parent's target (exact values and the words shown). */
async function shownResult(dialog: Locator) {
  const preview = dialog.getByRole('region', { name: 'Resulting targets' });
  await preview.and(dialog.locator('[aria-busy=false]')).waitFor();
  const value = (selector: string) => preview.locator(selector).evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')!));
  return {
    targets: await value('tr.child .target'),
    labels: await preview.locator('tr.child td:first-child').allTextContents(),
    sum: (await value('.sum'))[0],
    parentTarget: (await value('.parent-target'))[0],
    sumText: (await preview.locator('.sum').allTextContents())[0],
    mismatch: await preview.locator('.mismatch').count(),
    words: (await preview.textContent())!,
  };
}

/** Clicks the dialog's button and waits for the real request's answer and the dialog to close. */
async function store(page: Page, dialog: Locator, button: string, path: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path && !new URL(r.url()).search),
    dialog.getByRole('button', { name: button }).click(),
  ]);
  await dialog.waitFor({ state: 'detached' });
  return response.status();
}

describe('the Cascade and Generate periods dialogs', { timeout: 120_000 }, () => {
  it('cascades 100,000.01 equally to two teams: the preview shows the targets the children then get, summing exactly to the parent’s', async () => {
    // Prepare
    const page = await signIn(stack, admin, desktop);
    const answers = dryRuns(page, 'cascade');
    const dialog = await openDialog(page, 'openCascade', await goal('fy-cascade'));

    // Act: Sales (the organization's child unit) is offered first; North instead, and South added
    await dialog.getByLabel('Method').selectOption({ label: 'Equal' });
    await dialog.getByRole('group', { name: 'Assignee 1' }).getByLabel('Owner').selectOption({ label: 'North' });
    await dialog.getByRole('button', { name: 'Add assignee' }).click();
    await dialog.getByRole('group', { name: 'Assignee 2' }).getByLabel('Owner').selectOption({ label: 'South' });
    const preview = await shownResult(dialog);
    await page.screenshot({ path: artifact('cascade.png') });
    const status = await store(page, dialog, 'Cascade', '/goals/fy-cascade/cascade');
    const stored = await children('fy-cascade');
    await page.locator(`li.goal[data-goal-id="${stored[0]!.id}"]`).waitFor(); // the page read the goals again

    // Assess
    expect(status).toBe(200);
    expect(preview).toMatchObject({ labels: ['North', 'South'], sum: '100000.01', parentTarget: '100000.01', sumText: '€ 100,000.01', mismatch: 0 });
    expect(total(preview.targets)).toBe(10000001n);
    expect(preview.words).toBe('Resulting targetsNorth€ 50,000.01South€ 50,000.00Sum€ 100,000.01Parent\'s target€ 100,000.01');
    expect(preview.targets).toEqual(answers.at(-1)!.items.map((g) => g.target));
    expect(stored.map((g) => [g.owner.id, g.target]).sort()).toEqual([['north', preview.targets[0]], ['south', preview.targets[1]]]);
    expect(total(stored.map((g) => g.target))).toBe(cents((await goal('fy-cascade')).target));
    await page.close();
  });

  it('marks manual targets whose sum differs from the parent’s target, storing nothing', async () => {
    // Prepare
    const page = await signIn(stack, admin, desktop);
    const dialog = await openDialog(page, 'openCascade', await goal('fy-custom'));

    // Act: the equal preview first, then Manual starts from its targets; the second one raised
    await shownResult(dialog);
    await dialog.getByLabel('Method').selectOption({ label: 'Manual' });
    const equalSplit = await shownResult(dialog);
    await dialog.getByRole('group', { name: 'Assignee 1' }).getByLabel('Target').fill('100000.02');
    const manual = await shownResult(dialog);
    await page.screenshot({ path: artifact('cascade-manual.png') });

    // Assess
    expect(equalSplit).toMatchObject({ labels: ['Sales'], targets: ['100000.01'], mismatch: 0 });
    expect(manual).toMatchObject({ targets: ['100000.02'], sum: '100000.02', parentTarget: '100000.01', mismatch: 1 });
    expect(await dialog.getByText("The targets add up to € 100,000.02, not the parent's € 100,000.01.").count()).toBe(1);
    expect(await children('fy-custom')).toEqual([]);
    await page.close();
  });

  it('says in words, next to the weight, why the API refused it', async () => {
    // Prepare
    const page = await signIn(stack, admin, desktop);
    const dialog = await openDialog(page, 'openCascade', await goal('fy-custom'));
    consoles.provoke(400); // the dry run of a weight that is not a number
    const body = { method: 'weighted', assignees: [{ owner: { type: 'department', id: 'sales' }, weight: 'lots' }] };
    const refused = await send<{ error: { details: { path: string; message: string }[] } }>(api.url, 'POST', '/goals/fy-custom/cascade?dryRun=true', admin, body);

    // Act
    await dialog.getByLabel('Method').selectOption({ label: 'Weighted' });
    const weight = dialog.getByRole('group', { name: 'Assignee 1' }).getByLabel('Weight');
    await weight.fill('lots');
    await shownResult(dialog);

    // Assess
    const next = (await weight.locator('xpath=ancestor::div[contains(@class, "field")][1]').locator('.field-error').textContent())!;
    expect(await weight.getAttribute('aria-invalid')).toBe('true');
    expect(next).toBe(refused.body.error.details.find((d) => d.path === 'body.assignees.0.weight')!.message);
    expect(await dialog.locator('.form-error').textContent()).toBe('Please check the marked fields.');
    expect(await children('fy-custom')).toEqual([]);
    await page.close();
  });

  it('generates four quarters from an annual goal, summing exactly, as the preview showed first', async () => {
    // Prepare
    const page = await signIn(stack, admin, desktop);
    const parent = await goal('fy-periods');
    const dialog = await openDialog(page, 'openGeneratePeriods', parent);

    // Act
    await dialog.getByLabel('Granularity').selectOption({ label: 'Quarter' });
    await dialog.getByLabel('Method').selectOption({ label: 'Equal' });
    const preview = await shownResult(dialog);
    await page.screenshot({ path: artifact('generate-periods.png') });
    const status = await store(page, dialog, 'Generate', '/goals/fy-periods/periods');
    const stored = (await children('fy-periods')).sort((a, b) => a.period.start.localeCompare(b.period.start));

    // Assess
    expect(status).toBe(200);
    expect(stored).toHaveLength(4);
    expect(stored[0]!.period.start).toBe(parent.period.start);
    expect(stored[3]!.period.end).toBe(parent.period.end);
    expect(total(stored.map((g) => g.target))).toBe(10000001n);
    expect(preview.targets).toEqual(stored.map((g) => g.target));
    expect(preview.labels).toEqual(stored.map((g) => `${g.period.start} – ${g.period.end}`));
    expect(preview).toMatchObject({ sum: '100000.01', parentTarget: '100000.01', mismatch: 0 });
    await page.locator(`li.goal[data-goal-id="${stored[0]!.id}"]`).waitFor();
    await page.close();
  });

  it('previews custom weights, one field per quarter labelled by it, with the exact sum the API computes', async () => {
    // Prepare: the quarters and the weighted split as the API answers them
    const page = await signIn(stack, admin, desktop);
    const quarters = (await must<DryRun>('POST', '/goals/fy-custom/periods?dryRun=true', { granularity: 'quarter', method: 'equal' })).items.map((g) => g.period);
    const weights = ['3', '1', '1', '1'];
    const expected = await must<DryRun>('POST', '/goals/fy-custom/periods?dryRun=true', { granularity: 'quarter', method: 'custom', weights });
    const dialog = await openDialog(page, 'openGeneratePeriods', await goal('fy-custom'));

    // Act
    await dialog.getByLabel('Granularity').selectOption({ label: 'Quarter' });
    await dialog.getByLabel('Method').selectOption({ label: 'Custom' });
    await shownResult(dialog);
    for (const [i, quarter] of quarters.entries()) await dialog.getByLabel(`Weight ${quarter.start} – ${quarter.end}`).fill(weights[i]!);
    const preview = await shownResult(dialog);
    await page.screenshot({ path: artifact('generate-periods-custom.png') });

    // Assess
    expect(preview.targets).toEqual(expected.items.map((g) => g.target));
    // Each part within a cent of its exact share (weight ÷ 6 of the target).
    preview.targets.forEach((t, i) => expect(cents(t) * 6n - 10000001n * BigInt(weights[i]!)).toSatisfy((d: bigint) => d > -6n && d < 6n));
    expect(total(preview.targets)).toBe(10000001n);
    expect(preview).toMatchObject({ sum: expected.sum, parentTarget: '100000.01', mismatch: 0 });
    expect(await children('fy-custom')).toEqual([]);
    await page.close();
  });

  it('offers a manager only the owners inside the units it manages, with the team’s members as the first assignees, on a phone', async () => {
    // Prepare
    const page = await signIn(stack, manager, { width: 390 });
    const dialog = await openDialog(page, 'openCascade', await goal('north-fy'));

    // Act
    const offered = await dialog.getByRole('group', { name: 'Assignee 1' }).getByLabel('Owner').locator('option').allTextContents();
    const rows = await dialog.getByRole('group', { name: /^Assignee \d+$/ }).count();
    const preview = await shownResult(dialog);
    await page.screenshot({ path: artifact('cascade-390.png') });
    const overflowing = await dialog.evaluate((el) => [...el.querySelectorAll('*')].filter((child) => child.getBoundingClientRect().right > 390.5).map((child) => child.outerHTML.slice(0, 80)));

    // Assess
    expect(overflowing).toEqual([]);
    expect(offered.sort()).toEqual(['Ann', 'Mia', 'North']);
    expect(rows).toBe(2);
    expect(preview.labels.sort()).toEqual(['Ann', 'Mia']);
    expect(preview).toMatchObject({ sum: '500.00', targets: ['250.00', '250.00'] });
    await page.close();
  });
});
