import { DateTime } from 'luxon';
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, uniqueTenant } from '../support/api.ts';
import { artifact, watchConsoles } from './browser.ts';
import { devToken, signIn, startWebStack, waitForRun, type WebStack } from './harness.ts';

// Setting goals up on the page (UI.md "Setting up" → Goals): a small tenant of its own, the live
// path running as under npm start so that new goals get computed.
const tenant = uniqueTenant('goal-setup');
const zone = 'Europe/Berlin';
const today = DateTime.now().setZone(zone).toISODate()!;

let stack: WebStack;
let url: string;
const tokens: Record<'admin' | 'manager' | 'member', string> = { admin: '', manager: '', member: '' };

interface Goal {
  id: string;
  name: string;
  metricId: string;
  owner: { type: string; id: string };
  period: { start: string; end: string };
  target: string;
  stretchTarget: string | null;
  parentId: string | null;
  rollupMode: string;
  bonus: { amount: string; currency: string } | null;
  locked: boolean;
  version: number;
}

const call = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => send<T>(url, method, path, tokens.admin, body, headers);
const goalNow = async (id: string): Promise<Goal> => (await call<Goal>('GET', `/goals/${id}`)).body;

/** The console of every page a test opened: any error fails the test (statuses it provokes on purpose aside). */
const consoles = watchConsoles();

const goalItem = (page: Page, id: string): Locator => page.locator(`li.goal[data-goal-id="${id}"]`);
/** A button among one goal's own setting-up actions (not its children's). */
const action = (page: Page, id: string, name: string): Locator => goalItem(page, id).locator(':scope > .goal-actions').getByRole('button', { name, exact: true });
const answered = (page: Page, method: string, path: string | RegExp): Promise<Response> =>
  page.waitForResponse((r) => r.request().method() === method && (typeof path === 'string' ? new URL(r.url()).pathname === path : path.test(new URL(r.url()).pathname)));

/** Opens "New goal" and sets its fields by their labels, in order (a select's option by its value). */
async function newGoalForm(page: Page, fields: [label: string, value: string][]): Promise<Locator> {
  await page.getByRole('button', { name: 'New goal', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New goal' });
  for (const [label, value] of fields) {
    const control = dialog.getByLabel(label, { exact: true });
    if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
  return dialog;
}

/** Clicks "Create goal": the answer to the POST /goals it sends. */
async function createGoal(page: Page, dialog: Locator): Promise<Response> {
  const [response] = await Promise.all([answered(page, 'POST', '/goals'), dialog.getByRole('button', { name: 'Create goal' }).click()]);
  return response;
}

/**
 * Acme → Sales → East (managed by Mia) and West; Ada (admin), Mia and Eve (East), Bo (West); EUR
 * revenue and open pipeline (a snapshot); a year goal for Acme with its teams' and Eve's below it,
 * East's pipeline goal over target; one rollup.
 */
async function prepareTenant(): Promise<void> {
  tokens.admin = await devToken(tenant, 'ada', 'admin');
  tokens.manager = await devToken(tenant, 'mia', 'manager');
  tokens.member = await devToken(tenant, 'eve', 'member');
  const year = { granularity: 'year', anchor: today };
  const puts: [string, unknown][] = [
    ['/settings', { timezone: zone, defaultCurrency: 'EUR', fiscalYearStartMonth: 1, weekStartsOn: 1 }],
    ['/units/org', { name: 'Acme', kind: 'organization' }],
    ['/units/sales', { name: 'Sales', kind: 'department', parentId: 'org' }],
    ['/units/east', { name: 'East', kind: 'team', parentId: 'sales', managerIds: ['mia'] }],
    ['/units/west', { name: 'West', kind: 'team', parentId: 'sales' }],
    ['/users/ada', { name: 'Ada Admin', role: 'admin', memberships: [] }],
    ['/users/mia', { name: 'Mia Manager', role: 'manager', memberships: [{ unitId: 'east' }] }],
    ['/users/eve', { name: 'Eve East', role: 'member', memberships: [{ unitId: 'east' }] }],
    ['/users/bo', { name: 'Bo West', role: 'member', memberships: [{ unitId: 'west' }] }],
  ];
  for (const [path, body] of puts) expect((await call('PUT', path, body)).status).toBeLessThan(300);
  expect((await call('POST', '/metrics', { template: 'revenue', id: 'rev', currency: 'EUR' })).status).toBe(201);
  expect((await call('POST', '/metrics', { template: 'pipeline-value', id: 'pipe', currency: 'EUR' })).status).toBe(201);
  const goals = [
    { id: 'fy', name: 'Acme revenue', metricId: 'rev', owner: { type: 'organization', id: 'org' }, period: year, target: '100000.00', rollupMode: 'children' },
    { id: 'east-fy', name: 'East revenue', metricId: 'rev', owner: { type: 'team', id: 'east' }, period: year, target: '60000.00', parentId: 'fy' },
    { id: 'west-fy', name: 'West revenue', metricId: 'rev', owner: { type: 'team', id: 'west' }, period: year, target: '30000.00', parentId: 'fy' },
    { id: 'eve-fy', name: 'Eve revenue', metricId: 'rev', owner: { type: 'user', id: 'eve' }, period: year, target: '60000.00', parentId: 'east-fy' },
    { id: 'pipe-east', name: 'East open pipeline', metricId: 'pipe', owner: { type: 'team', id: 'east' }, period: year, target: '1000.00' },
  ];
  for (const goal of goals) expect((await call('POST', '/goals', goal)).status).toBe(201);
  // An open deal worth more than the pipeline goal: a snapshot is still not "achieved" before its period ends.
  const now = new Date().toISOString();
  expect((await call('PUT', '/records/deal/open-1', { ownerId: 'eve', updatedAt: now, status: 'open', amount: '1500.00', currency: 'EUR' })).status).toBe(201);
  const trigger = await call<{ runId: string }>('POST', '/rollups', {});
  await waitForRun(url, tokens.admin, trigger.body.runId);
}

beforeAll(async () => {
  stack = await startWebStack({
    tenant,
    rollups: 'workers',
    consoles,
    prepare: async (api) => {
      url = api.url;
      await prepareTenant();
    },
  });
}, 300_000);

afterAll(async () => stack?.stop());

// Each test waits on events only; its timeout guards against a hang and is no measure of speed.
describe('setting goals up on the page', { timeout: 120_000 }, () => {
  it('creates a goal through "New goal" and the API has it with exact values', async () => {
    // Prepare
    const page = await signIn(stack, tokens.admin);

    // Act
    const dialog = await newGoalForm(page, [
      ['Name', 'West Q revenue'],
      ['Metric', 'rev'],
      ['Owner type', 'team'],
      ['Owner', 'west'],
      ['Period', 'quarter'],
      ['Anchor date', today],
      ['Target', '12345.6'],
      ['Stretch target', '15000'],
      ['Parent goal', 'west-fy'],
      ['Rollup mode', 'owner'],
      ['Bonus', '500'],
    ]);
    await page.screenshot({ path: artifact('goal-setup-new.png') });
    const response = await createGoal(page, dialog);
    const made = (await response.json()) as Goal;
    await goalItem(page, made.id).waitFor();
    await dialog.waitFor({ state: 'detached' }); // closed once the tree shows the new goal

    // Assess
    expect(response.status()).toBe(201);
    const listed = (await call<{ items: Goal[] }>('GET', '/goals?parentId=west-fy')).body.items;
    const quarter = DateTime.fromISO(today, { zone });
    expect(listed.map((g) => g.id)).toEqual([made.id]);
    expect(listed[0]).toMatchObject({
      name: 'West Q revenue',
      metricId: 'rev',
      owner: { type: 'team', id: 'west' },
      period: { start: quarter.startOf('quarter').toISODate(), end: quarter.endOf('quarter').toISODate() },
      target: '12345.60',
      stretchTarget: '15000.00',
      parentId: 'west-fy',
      rollupMode: 'owner',
      bonus: { amount: '500.00', currency: 'EUR' },
      locked: false,
    });
    // Under its parent in the tree.
    expect(await goalItem(page, 'west-fy').locator(`:scope > ul > li.goal[data-goal-id="${made.id}"]`).count()).toBe(1);
    await page.close();
  });

  it('shows a new top-level goal as not computed yet, then its values, without a failing request', async () => {
    // Prepare: the page refreshing every 250 ms
    const page = await signIn(stack, tokens.admin, { refreshMs: 250 });
    const trees: number[] = [];
    page.on('response', (r) => {
      if (/^\/goals\/[^/]+\/tree$/.test(new URL(r.url()).pathname)) trees.push(r.status());
    });

    // Act
    const dialog = await newGoalForm(page, [
      ['Name', 'Bo this month'],
      ['Owner type', 'user'],
      ['Owner', 'bo'],
      ['Period', 'month'],
      ['Target', '2500'],
    ]);
    const response = await createGoal(page, dialog);
    const made = (await response.json()) as Goal;
    await goalItem(page, made.id).locator(':scope > .goal-head .percent').waitFor();

    // Assess: the goal's values as the API computed them; every tree read answered 200
    const progress = (await call<{ percent: number; target: string }>('GET', `/goals/${made.id}/progress`)).body;
    expect(progress.target).toBe('2500.00');
    expect(await goalItem(page, made.id).locator(':scope > .facts .target').getAttribute('data-value')).toBe('2500.00');
    expect(trees.length).toBeGreaterThan(0);
    expect(trees.every((status) => status === 200)).toBe(true);
    await page.close();
  });

  it('shows a 400 in words next to the field that caused it, never as JSON', async () => {
    // Prepare
    const page = await signIn(stack, tokens.admin);
    consoles.provoke(400);

    // Act
    const dialog = await newGoalForm(page, [
      ['Name', 'Bad target'],
      ['Target', 'abc'],
    ]);
    const response = await createGoal(page, dialog);
    const target = dialog.getByLabel('Target', { exact: true });
    await dialog.locator('.form-error').waitFor();

    // Assess
    expect(response.status()).toBe(400);
    const details = ((await response.json()) as { error: { details: { path: string; message: string }[] } }).error.details;
    expect(details.map((d) => d.path)).toEqual(['body.target']);
    expect(await target.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.field-error[data-for="target"]').textContent()).toBe(details[0]!.message);
    expect(await dialog.locator('.form-error').textContent()).toBe('Please check the marked fields.');
    expect(await dialog.textContent()).not.toMatch(/[{}]|validation_failed/);
    await page.screenshot({ path: artifact('goal-setup-400.png') });
    expect((await call<{ items: Goal[] }>('GET', '/goals')).body.items.some((g) => g.name === 'Bad target')).toBe(false);
    await page.close();
  });

  it("shows a 409 next to the field that caused it: a period outside the parent goal's", async () => {
    // Prepare
    const page = await signIn(stack, tokens.admin);
    consoles.provoke(409);
    const nextYear = DateTime.fromISO(today, { zone }).plus({ years: 1 }).toISODate()!;

    // Act
    const dialog = await newGoalForm(page, [
      ['Name', 'Next year under this year'],
      ['Metric', 'rev'],
      ['Owner type', 'user'],
      ['Owner', 'bo'],
      ['Period', 'year'],
      ['Anchor date', nextYear],
      ['Target', '100'],
      ['Parent goal', 'west-fy'],
    ]);
    const response = await createGoal(page, dialog);
    await dialog.locator('.form-error').waitFor();

    // Assess
    expect(response.status()).toBe(409);
    const { details } = ((await response.json()) as { error: { details: { path: string; message: string }[] } }).error;
    expect(details.map((d) => d.path)).toEqual(['body.period']);
    expect(await dialog.getByLabel('Period', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.field-error[data-for="period"]').textContent()).toBe(details[0]!.message);
    expect(await dialog.textContent()).not.toMatch(/[{}]|conflict/);
    await page.close();
  });

  it("shows the children's target sum beside the target being edited and marks a mismatch", async () => {
    // Prepare: the children's targets as the API has them, summed exactly
    const children = (await call<{ items: Goal[] }>('GET', '/goals?parentId=fy')).body.items;
    const cents = children.reduce((sum, g) => sum + BigInt(g.target.replace('.', '')), 0n);
    const sum = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
    expect(sum).not.toBe((await goalNow('fy')).target);
    const page = await signIn(stack, tokens.admin);

    // Act
    await action(page, 'fy', 'Edit').click();
    const dialog = page.getByRole('dialog', { name: 'Edit goal' });
    const note = dialog.locator('.children-sum');
    const before = { text: await note.textContent(), mismatch: await note.evaluate((el) => el.classList.contains('mismatch')) };
    await page.screenshot({ path: artifact('goal-setup-children-sum.png') });
    await dialog.getByLabel('Target', { exact: true }).fill(sum);
    const after = { text: await note.textContent(), mismatch: await note.evaluate((el) => el.classList.contains('mismatch')) };

    // Assess
    const shown = `€ ${String(cents / 100n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(cents % 100n).padStart(2, '0')}`;
    expect(before).toEqual({ text: `children sum to ${shown} — does not match`, mismatch: true });
    expect(after).toEqual({ text: `children sum to ${shown}`, mismatch: false });
    await page.close();
  });

  it('locks and unlocks a goal; a locked goal keeps its target, period and metric read-only', async () => {
    // Prepare
    const page = await signIn(stack, tokens.admin);

    // Act: Lock
    await Promise.all([answered(page, 'POST', '/goals/east-fy/lock'), action(page, 'east-fy', 'Lock').click()]);
    await action(page, 'east-fy', 'Unlock').waitFor();
    const locked = await goalNow('east-fy');
    await action(page, 'east-fy', 'Edit').click();
    const dialog = page.getByRole('dialog', { name: 'Edit goal' });
    const readOnly = await Promise.all(['Target', 'Stretch target', 'Period', 'Metric', 'Name'].map((label) => dialog.getByLabel(label, { exact: true }).isDisabled()));
    const note = await dialog.getByRole('note').textContent();
    await page.screenshot({ path: artifact('goal-setup-locked.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Act: Unlock
    await Promise.all([answered(page, 'POST', '/goals/east-fy/unlock'), action(page, 'east-fy', 'Unlock').click()]);
    await action(page, 'east-fy', 'Lock').waitFor();
    const unlocked = await goalNow('east-fy');

    // Assess
    expect(locked.locked).toBe(true);
    expect(readOnly).toEqual([true, true, true, true, false]);
    expect(note).toContain('locked');
    expect(unlocked.locked).toBe(false);
    expect(unlocked.version).toBe(locked.version + 1);
    await page.close();
  });

  it('says someone else changed a goal edited meanwhile (412) and reloads it to edit again', async () => {
    // Prepare: the Edit form open on the goal, then the goal changed through the API
    const page = await signIn(stack, tokens.admin);
    consoles.provoke(412);
    await action(page, 'west-fy', 'Edit').click();
    const dialog = page.getByRole('dialog', { name: 'Edit goal' });
    const opened = await goalNow('west-fy');
    expect((await call('PATCH', '/goals/west-fy', { name: 'West revenue (renamed elsewhere)' }, { 'if-match': `"${opened.version}"` })).status).toBe(200);

    // Act: a stale save, Reload, the save again
    await dialog.getByLabel('Target', { exact: true }).fill('31000');
    const [stale] = await Promise.all([answered(page, 'PATCH', '/goals/west-fy'), dialog.getByRole('button', { name: 'Save' }).click()]);
    const words = await dialog.locator('.form-error').textContent();
    await page.screenshot({ path: artifact('goal-setup-stale.png') });
    await Promise.all([answered(page, 'GET', '/goals/west-fy'), dialog.getByRole('button', { name: 'Reload' }).click()]);
    const refilled = { name: await dialog.getByLabel('Name', { exact: true }).inputValue(), target: await dialog.getByLabel('Target', { exact: true }).inputValue() };
    await dialog.getByLabel('Target', { exact: true }).fill('31000');
    const [saved] = await Promise.all([answered(page, 'PATCH', '/goals/west-fy'), dialog.getByRole('button', { name: 'Save' }).click()]);
    await dialog.waitFor({ state: 'detached' });

    // Assess
    expect(stale.status()).toBe(412);
    expect(words).toMatch(/^Someone else changed this/);
    expect(refilled).toEqual({ name: 'West revenue (renamed elsewhere)', target: opened.target });
    expect(saved.status()).toBe(200);
    expect(saved.request().postDataJSON()).toEqual({ target: '31000' });
    expect(await goalNow('west-fy')).toMatchObject({ name: 'West revenue (renamed elsewhere)', target: '31000.00', version: opened.version + 2 });
    await page.close();
  });

  it('deletes a goal after asking', async () => {
    // Prepare
    const made = (await call<Goal>('POST', '/goals', { name: 'Short-lived', metricId: 'rev', owner: { type: 'user', id: 'bo' }, period: { granularity: 'week', anchor: today }, target: '10' })).body;
    const page = await signIn(stack, tokens.admin);

    // Act
    await action(page, made.id, 'Delete').click();
    const dialog = page.getByRole('dialog', { name: 'Delete goal' });
    const question = await dialog.locator('p').first().textContent();
    const [response] = await Promise.all([answered(page, 'DELETE', `/goals/${made.id}`), dialog.getByRole('button', { name: 'Delete', exact: true }).click()]);
    await goalItem(page, made.id).waitFor({ state: 'detached' });

    // Assess
    expect(question).toBe('Delete “Short-lived”?');
    expect(response.status()).toBe(204);
    expect(response.request().headers()['if-match']).toBe(`"${made.version}"`);
    expect((await call('GET', `/goals/${made.id}`)).status).toBe(404);
    await page.close();
  });

  it('offers a manager the controls only on goals it may manage, and no Lock', async () => {
    // Act
    const page = await signIn(stack, tokens.manager);
    await page.screenshot({ path: artifact('goal-setup-manager.png'), fullPage: true });
    const edits = await page.locator('li.goal').evaluateAll((items) =>
      items.map((li) => [li.getAttribute('data-goal-id'), [...li.querySelectorAll(':scope > .goal-actions button')].map((b) => b.textContent)]),
    );
    await page.getByRole('button', { name: 'New goal', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New goal' });
    const types = await dialog.getByLabel('Owner type', { exact: true }).locator('option').allTextContents();
    await dialog.getByLabel('Owner type', { exact: true }).selectOption('team');
    const teams = await dialog.getByLabel('Owner', { exact: true }).locator('option').allTextContents();
    await dialog.getByLabel('Owner type', { exact: true }).selectOption('user');
    const users = await dialog.getByLabel('Owner', { exact: true }).locator('option').allTextContents();

    // Assess: the org goal is read-only to her; East's goals and Eve's are hers to set up
    const managed = ['Edit', 'Delete', 'Cascade', 'Generate periods'];
    expect(Object.fromEntries(edits.filter(([id]) => ['fy', 'east-fy', 'eve-fy', 'pipe-east'].includes(id as string)))).toEqual({
      fy: [],
      'east-fy': managed,
      'eve-fy': managed,
      'pipe-east': managed,
    });
    expect(edits.some(([id]) => id === 'west-fy')).toBe(false);
    expect(types).toEqual(['user', 'team']);
    expect(teams).toEqual(['East']);
    expect(users).toEqual(['Eve East', 'Mia Manager']);
    await page.close();
  });

  it('offers a member no setting-up control', async () => {
    // Act
    const page = await signIn(stack, tokens.member);
    await goalItem(page, 'eve-fy').waitFor();

    // Assess
    for (const name of ['New goal', 'Edit', 'Delete', 'Lock', 'Unlock', 'Cascade', 'Generate periods']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    await page.close();
  });

  it('shows a snapshot goal (open pipeline) with no pace tick and not achieved before its period ends', async () => {
    // Prepare
    const progress = (await call<{ status: string; pace: unknown; percent: number; period: { end: string } }>('GET', '/goals/pipe-east/progress')).body;

    // Act
    const page = await signIn(stack, tokens.admin);
    const item = goalItem(page, 'pipe-east');

    // Assess: over target, and still active with no pace, as the API says
    expect(progress).toMatchObject({ status: 'active', pace: null, percent: 150 });
    expect(progress.period.end >= today).toBe(true);
    expect(await item.locator(':scope > .bar > .tick').count()).toBe(0);
    expect(await item.locator(':scope > .facts .status').getAttribute('data-value')).toBe('active');
    expect(await item.locator(':scope > .goal-head .percent').getAttribute('data-value')).toBe('150');
    expect(await item.locator(':scope > .facts').textContent()).not.toContain('achieved');
    await page.close();
  });
});
