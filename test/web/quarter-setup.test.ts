import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTimeZone } from '../../infra/local/demo/demo-organization.ts';
import { loadDemoTenant } from '../../infra/local/demo/load-demo.ts';
import { goalItem, setUpQuarter, type QuarterSetup } from '../../infra/local/tour/set-up-quarter.ts';
import { send, uniqueTenant, type TestApi } from '../support/api.ts';
import { artifact, watchConsoles } from './browser.ts';
import { devToken, signIn, startWebStack, type WebStack } from './harness.ts';

// The "done when": a new user sets up a year for the demo organization on the page alone —
// metric, annual goal, cascade to departments and teams, quarterly periods — and the API holds
// exactly what the page showed.
const tenant = uniqueTenant('quarter');
const consoles = watchConsoles();

let stack: WebStack;
let api: TestApi;
let token: string;

interface Goal {
  id: string;
  name: string;
  parentId: string | null;
  metricId: string;
  owner: { type: string; id: string };
  period: { start: string; end: string };
  target: string;
}

const cents = (value: string): bigint => BigInt(value.replace('.', ''));

beforeAll(async () => {
  token = await devToken(tenant, 'u-admin', 'admin');
  // As under npm start: each run in a worker process; the live path from the demo tenant on.
  stack = await startWebStack({
    tenant,
    rollups: 'workers',
    consoles,
    prepare: async (started) => void (await loadDemoTenant(started.url, token, new Date())),
  });
  api = stack.api;
}, 600_000);

afterAll(async () => stack?.stop());

/** The page refreshes what it shows every second, as it does while open (`?refresh=`). */
const everySecond = { refreshMs: 1000 };

describe('setting up a year on the page alone', { timeout: 600_000 }, () => {
  it('creates the metric, the annual goal, its cascade to departments and teams and a team\'s quarters, exactly, and shows them on a desktop and a phone', async () => {
    // Prepare
    const today = DateTime.now().setZone(demoTimeZone);
    const setup: QuarterSetup = {
      metricName: 'Bookings',
      goalName: `Bookings ${today.year}`,
      target: '7200000.01',
      anchor: today.toISODate()!,
      organization: 'Attain Demo Co',
      department: 'Sales',
      team: 'Enterprise',
    };
    const page = await signIn(stack, token, everySecond);

    // Act
    await setUpQuarter(page, setup, async (name, what) => void (await (what ?? page).screenshot({ path: artifact(`${name}.png`) })));

    // Assess: what the API now holds
    const goals = (await send<{ items: Goal[] }>(api.url, 'GET', '/goals?limit=500', token)).body.items;
    const metrics = (await send<{ items: { id: string; name: string; currency: string; dataType: string }[] }>(api.url, 'GET', '/metrics?limit=500', token)).body.items;
    const metric = metrics.find((m) => m.name === setup.metricName)!;
    expect(metric).toMatchObject({ dataType: 'money', currency: 'EUR' });
    const root = goals.find((g) => g.name === setup.goalName)!;
    expect(root).toMatchObject({ metricId: metric.id, owner: { type: 'organization', id: 'org' }, period: { start: `${today.year}-01-01`, end: `${today.year}-12-31` }, target: '7200000.01', parentId: null });
    const childrenOf = (goal: Goal) => goals.filter((g) => g.parentId === goal.id);
    const sum = (list: Goal[]) => list.reduce((total, g) => total + cents(g.target), 0n);

    const departments = childrenOf(root);
    expect(departments.map((g) => g.owner.type)).toEqual(['department', 'department']);
    expect(departments.map((g) => g.target).sort()).toEqual(['3600000.00', '3600000.01']);
    expect(sum(departments)).toBe(cents(root.target));

    const sales = departments.find((g) => g.name === `${setup.goalName} · ${setup.department}`)!;
    const teams = childrenOf(sales);
    expect(teams.map((g) => g.owner.type)).toEqual(['team', 'team']);
    expect(sum(teams)).toBe(cents(sales.target));

    const enterprise = teams.find((g) => g.name === `${sales.name} · ${setup.team}`)!;
    const quarters = childrenOf(enterprise).sort((a, b) => a.period.start.localeCompare(b.period.start));
    expect(quarters.map((g) => g.period)).toEqual([1, 4, 7, 10].map((month) => {
      const start = DateTime.fromObject({ year: today.year, month, day: 1 });
      return { start: start.toISODate(), end: start.endOf('quarter').toISODate() };
    }));
    expect(quarters.every((g) => g.owner.id === enterprise.owner.id && g.metricId === metric.id)).toBe(true);
    expect(sum(quarters)).toBe(cents(enterprise.target));

    // …and the page shows each new goal with its values once the live path has computed them.
    for (const goal of [root, ...departments, ...teams, ...quarters]) {
      await page
        .locator(`li.goal[data-goal-id="${goal.id}"] > .goal-head .percent`)
        .waitFor({ timeout: 30_000 })
        .catch(async (error: Error) => {
          const tree = await send(api.url, 'GET', `/goals/${root.id}/tree?pending=include`, token);
          throw new Error(`${goal.name} shows no values: ${error.message}\n${JSON.stringify(tree.body, null, 1)}`);
        });
    }
    // The team's quarters in calendar order under it.
    const shown = await page.locator(`li.goal[data-goal-id="${enterprise.id}"] > ul > li.goal`).evaluateAll((items) => items.map((item) => item.getAttribute('data-goal-id')));
    expect(shown).toEqual(quarters.map((g) => g.id));
    await page.close();

    // On a phone the same tree fits the screen: the body never scrolls sideways.
    const phone = await signIn(stack, token, { ...everySecond, width: 390 });
    await goalItem(phone, setup.goalName).waitFor();
    await phone.screenshot({ path: artifact('quarter-setup-390.png'), fullPage: true });
    const widths = await phone.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await phone.close();
  });
});
