import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../infra/local/dev-token.ts';
import { demoTimeZone } from '../../infra/local/demo/demo-organization.ts';
import { loadDemoTenant } from '../../infra/local/demo/load-demo.ts';
import { goalItem, setUpQuarter, type QuarterSetup } from '../../infra/local/tour/set-up-quarter.ts';
import { createWorkerProcesses } from '../../infra/local/worker-processes.ts';
import type { StreamPoller } from '../../infra/local/stream-poller.ts';
import { send, startTestApi, uniqueTenant, type TestApi } from '../support/api.ts';
import { startLiveStream } from '../support/live-stream.ts';
import { artifact, launchChromium, watchConsoles } from './browser.ts';

// The "done when": a new user sets up a year for the demo organization on the page alone —
// metric, annual goal, cascade to departments and teams, quarterly periods — and the API holds
// exactly what the page showed.
const workers = createWorkerProcesses({ env: () => ({ ...process.env }), write: () => undefined });
const secret = process.env.ATTAIN_DEV_SECRET ?? 'attain-local-dev-secret';
const tenant = uniqueTenant('quarter');
const consoles = watchConsoles();

let api: TestApi;
let liveStream: StreamPoller | undefined;
let browser: Browser;
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
  api = await startTestApi({ ports: { dispatcher: workers.dispatch } });
  token = await signDevToken({ sub: 'u-admin', tenant, role: 'admin' }, { secret });
  await loadDemoTenant(api.url, token, new Date());
  liveStream = await startLiveStream(tenant, workers.dispatch);
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await liveStream?.stop();
  await browser?.close();
  await api?.close();
  await workers.stopAll(3_000);
});

/** Signs in; the page refreshes what it shows every second, as it does while open (`?refresh=`). */
async function signIn(width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.setDefaultTimeout(60_000);
  consoles.watch(page);
  await page.goto(`${api.url}/?refresh=1000`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
  await page.waitForSelector('body[data-loaded=true]');
  return page;
}

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
    const page = await signIn(1200);

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
    const phone = await signIn(390);
    await goalItem(phone, setup.goalName).waitFor();
    await phone.screenshot({ path: artifact('quarter-setup-390.png'), fullPage: true });
    const widths = await phone.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await phone.close();
  });
});
