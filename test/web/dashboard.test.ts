import { DateTime } from 'luxon';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoTenant } from '../../infra/local/demo/load-demo.ts';
import { send, uniqueTenant, type TestApi } from '../support/api.ts';
import { artifact, watchConsoles } from './browser.ts';
import { devToken, openPage, signIn, startWebStack, waitForRun, type WebStack } from './harness.ts';

let stack: WebStack;
let api: TestApi;
let token: string;
const tenant = uniqueTenant('web');

/** The console of every page a test opened: any error in it fails the test (statuses a test provokes on purpose aside). */
const consoles = watchConsoles();

const openDashboard = (width: number) => signIn(stack, token, { width });

const isRollupPost = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname === '/rollups';

interface RunView {
  runId: string;
  status: string;
  goalId: string | null;
  goalsComputed: number;
}

/**
 * Clicks Recalculate and waits, on the page's own traffic, for the run it started to end and the
 * page to say so. Returns the run as the API last showed it and the body of every POST /rollups
 * the page sent.
 */
async function recalculate(page: Page): Promise<{ run: RunView; posts: (string | null)[] }> {
  const posts: (string | null)[] = [];
  page.on('request', (request) => {
    if (isRollupPost(request)) posts.push(request.postData());
  });
  // Listening before the click: the run may end before the POST's answer is read here.
  const ended = page.waitForResponse(async (response) => {
    if (response.request().method() !== 'GET' || !/^\/rollups\/[^/]+$/.test(new URL(response.url()).pathname)) return false;
    const body = (await response.json()) as { status: string };
    return body.status === 'succeeded' || body.status === 'failed';
  });
  const [trigger] = await Promise.all([page.waitForResponse((response) => isRollupPost(response.request())), page.click('#recalculate')]);
  const run = (await (await ended).json()) as RunView;
  expect(run.runId).toBe(((await trigger.json()) as { runId: string }).runId);
  await page.waitForFunction("/^(Done|The run failed|Recalculate failed)/.test(document.getElementById('recalc-progress').textContent)");
  return { run, posts };
}

beforeAll(async () => {
  token = await devToken(tenant, 'u-admin', 'admin');
  // As under npm start: each run in its own worker process running the Lambda's worker module, and
  // after the first run the live path (the table's stream, the consumer).
  stack = await startWebStack({
    tenant,
    rollups: 'workers',
    consoles,
    prepare: async (started) => {
      await loadDemoTenant(started.url, token, new Date());
      const trigger = await send<{ runId: string }>(started.url, 'POST', '/rollups', token, {});
      await waitForRun(started.url, token, trigger.body.runId);
    },
  });
  api = stack.api;
}, 600_000);

afterAll(async () => stack?.stop());

interface TreeNode {
  goalId: string;
  name: string;
  percent: number;
  actual: string;
  remaining: string;
  status: string;
  asOf: string;
  target: string;
  period: { start: string; end: string };
  pace: { expected: string } | null;
  milestones: number[];
  children: TreeNode[];
}

const flatten = (node: TreeNode): TreeNode[] => [node, ...node.children.flatMap(flatten)];

interface ChartText {
  /** Its own text (a label's first text node, without its tooltip). */
  text: string;
  /** Its size on the screen: the SVG's scale times the text's font size. */
  px: number;
  /** The height of each of its lines on the screen (none measured for a turned label). */
  heights: number[];
  left: number;
  right: number;
  label: boolean;
  turned: boolean;
  /** Within the chart's box. */
  inside: boolean;
}

/** The page-side expression measuring the chart's texts that `selector` finds. */
const chartTexts = (selector: string) => `[...document.querySelectorAll(${JSON.stringify(selector)})].map((text) => {
  const svg = text.ownerSVGElement;
  const chart = svg.getBoundingClientRect();
  const box = text.getBoundingClientRect();
  const turned = text.hasAttribute('transform');
  const lines = [...text.querySelectorAll('tspan')].map((line) => line.getBoundingClientRect().height);
  return {
    text: [...text.childNodes].filter((n) => n.nodeName !== 'title').map((n) => n.textContent).join(' '),
    px: parseFloat(getComputedStyle(text).fontSize) * (chart.width / svg.viewBox.baseVal.width),
    heights: turned ? [] : lines.length ? lines : [box.height],
    left: box.left, right: box.right, label: text.classList.contains('label'), turned,
    inside: box.left >= chart.left - 0.5 && box.right <= chart.right + 0.5 && box.bottom <= chart.bottom + 0.5,
  };
})`;

// Each test waits on events only; its timeout guards against a hang and is no measure of speed.
describe('the dashboard page', { timeout: 600_000 }, () => {
  it('is served at / without a token, next to the API', async () => {
    const page = await fetch(`${api.url}/`);
    const script = await fetch(`${api.url}/app.js`);
    const traversal = await fetch(`${api.url}/..%2Fpackage.json`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>Attain');
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(traversal.status).toBe(404);
    expect((await fetch(`${api.url}/goals`)).status).toBe(401); // API routes still need a token
  });

  it("shows the demo tenant's goal tree with the API's numbers", async () => {
    // Prepare
    const goals = await send<{ items: { id: string; parentId: string | null; name: string }[] }>(api.url, 'GET', '/goals?limit=500', token);
    const root = goals.body.items.find((g) => g.parentId === null && g.name.startsWith('Revenue'))!;
    const tree = (await send<TreeNode>(api.url, 'GET', `/goals/${root.id}/tree`, token)).body;

    // Act
    const page = await openDashboard(1200);
    await page.screenshot({ path: artifact('dashboard-desktop.png'), fullPage: true });
    await page.screenshot({ path: artifact('dashboard.png') }); // the first screen, as README shows it

    // Assess
    const nodes = flatten(tree);
    expect(nodes.length).toBeGreaterThan(5);
    for (const node of nodes) {
      const row = page.locator(`li.goal[data-goal-id="${node.goalId}"]`).first();
      const own = async (selector: string) => row.locator(`:scope > .facts ${selector}, :scope > .goal-head ${selector}`).first().getAttribute('data-value');
      expect(await own('.percent')).toBe(String(node.percent));
      expect(await own('.actual')).toBe(node.actual);
      expect(await own('.remaining')).toBe(node.remaining);
      expect(await own('.status')).toBe(node.status);
      expect(await row.locator(':scope > .bar > .tick').count()).toBe(node.pace ? 1 : 0);
      expect(await row.locator(':scope > .goal-head .celebrate-mark').count()).toBe(node.status === 'achieved' ? 1 : 0);
    }
    // asOf is the instant of each read: the page's read came after the test's.
    expect(Date.parse((await page.locator('#as-of').getAttribute('data-as-of'))!)).toBeGreaterThanOrEqual(Date.parse(tree.asOf));
    expect(await page.locator('#rollup-status').getAttribute('data-status')).toBe('succeeded');
    await page.close();
  });

  it('charts the children of a goal and ranks the leaderboard as the API does', async () => {
    // Prepare
    const page = await openDashboard(1200);
    const chartGoal = await page.locator('#chart-goal').inputValue();
    const tree = (await send<TreeNode>(api.url, 'GET', `/goals/${chartGoal}/tree`, token)).body;

    // Act
    await page.selectOption('#lb-period', 'current-year');
    await page.selectOption('#lb-limit', '5');
    const metricId = await page.locator('#lb-metric').inputValue();
    const board = (await send<{ items: { goalId: string; actual: string }[] }>(api.url, 'GET', `/leaderboard?metricId=${metricId}&period=current-year&limit=5`, token)).body;
    await page.waitForFunction(`document.querySelectorAll('#lb-table tbody tr[data-goal-id]').length === ${board.items.length}`);

    // Assess
    const bars = await page.locator('#chart rect.t').evaluateAll((rects) => rects.map((r) => [r.getAttribute('data-goal-id'), r.getAttribute('data-value')]));
    expect(bars.sort()).toEqual(tree.children.map((c) => [c.goalId, c.target]).sort());
    expect(await page.locator('#chart rect.a').count()).toBe(tree.children.length);
    expect(board.items.length, `${metricId} ${JSON.stringify(board)}`).toBeGreaterThan(0);
    const rows = await page.locator('#lb-table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-goal-id'), tr.children[3]!.getAttribute('data-value')]));
    expect(rows).toEqual(board.items.map((i) => [i.goalId, i.actual]));
    await page.close();
  });

  it('shows the latest leaderboard choice when the answer to an earlier one arrives after it', async () => {
    // Prepare: the API's boards for "Show 10" and "Show 5"; the page's next leaderboard answer held back
    const page = await openDashboard(1200);
    await page.waitForSelector('#lb-table[aria-busy=false] tbody tr[data-goal-id]');
    const metricId = await page.locator('#lb-metric').inputValue();
    const period = await page.locator('#lb-period').inputValue();
    const board = async (limit: number) =>
      (await send<{ items: { goalId: string }[] }>(api.url, 'GET', `/leaderboard?metricId=${metricId}&period=${period}&limit=${limit}`, token)).body.items.map((i) => i.goalId);
    const [five, ten] = [await board(5), await board(10)];
    expect(ten.length, 'the demo needs more than five people on the board').toBeGreaterThan(five.length);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route(/\/leaderboard\?/, async (route) => {
      if (held++ > 0) return route.continue();
      const response = await route.fetch();
      await released;
      await route.fulfill({ response });
    });

    // Act: "Show 20" (its answer held), then "Show 5" (answered); then the "Show 20" answer arrives
    await page.selectOption('#lb-limit', '20');
    await page.selectOption('#lb-limit', '5');
    await page.waitForFunction(`document.querySelectorAll('#lb-table tbody tr[data-goal-id]').length === ${five.length}`);
    release();
    await page.waitForSelector('#lb-table[aria-busy=false]');

    // Assess: the table still shows "Show 5"
    const rows = await page.locator('#lb-table tbody tr[data-goal-id]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-goal-id')));
    expect(rows).toEqual(five);
    expect(held).toBe(2);
    await page.close();
  });

  it("moves a rep's bar while the page is open when the CRM writes a deal (live results, no reload)", async () => {
    // Prepare: a rep's revenue goal on screen, refreshing every 250 ms.
    const goals = (await send<{ items: { id: string; name: string; owner: { type: string; id: string } }[] }>(api.url, 'GET', '/goals?limit=500', token)).body.items;
    const repGoal = goals.find((g) => g.owner.type === 'user' && g.name.startsWith('Revenue'))!;
    const page = await signIn(stack, token, { refreshMs: 250 });
    const actual = page.locator(`li.goal[data-goal-id="${repGoal.id}"] > .facts .actual`).first();
    const before = (await actual.getAttribute('data-value'))!;

    // Act: the CRM writes a won deal of 1,234.50 for the rep.
    const now = new Date().toISOString();
    const put = await send(api.url, 'PUT', '/records/deal/live-on-screen', token, { ownerId: repGoal.owner.id, updatedAt: now, status: 'won', amount: '1234.50', currency: 'EUR', closedAt: now });
    expect(put.status).toBe(201);
    await page.waitForFunction(`document.querySelector('li.goal[data-goal-id="${repGoal.id}"] > .facts .actual').dataset.value !== ${JSON.stringify(before)}`);

    // Assess: exactly the deal more, and when it changed.
    const cents = (value: string) => BigInt(value.replace('.', ''));
    expect(cents((await actual.getAttribute('data-value'))!) - cents(before)).toBe(123450n);
    expect(await page.locator(`li.goal[data-goal-id="${repGoal.id}"] > .facts .updated`).first().textContent()).toMatch(/^updated \d+ s ago$/);
    await page.screenshot({ path: artifact('dashboard-live.png') });
    await page.close();
  });

  it('Recalculate runs a rollup and shows the new asOf', async () => {
    // Prepare
    const page = await openDashboard(1200);
    const before = await page.locator('#as-of').getAttribute('data-as-of');

    // Act
    const { run, posts } = await recalculate(page);
    await page.waitForFunction(`document.getElementById('as-of').dataset.asOf !== ${JSON.stringify(before)}`);

    // Assess
    const after = await page.locator('#as-of').getAttribute('data-as-of');
    const runs = (await send<{ items: { runId: string; status: string }[] }>(api.url, 'GET', '/rollups?limit=1', token)).body.items;
    expect(posts).toEqual(['{}']);
    expect(run).toMatchObject({ status: 'succeeded', goalId: null });
    expect(runs[0]).toMatchObject({ runId: run.runId, status: 'succeeded' });
    expect(Date.parse(after!)).toBeGreaterThan(Date.parse(before!));
    expect(await page.locator('#rollup-status').getAttribute('data-run-id')).toBe(run.runId);
    const { goalsVerified } = (await send<{ verification: { goalsVerified: number } }>(api.url, 'GET', `/rollups/${run.runId}`, token)).body.verification;
    expect(await page.locator('#rollup-status').textContent()).toContain(`live values verified for ${goalsVerified} goals`);
    expect(await page.locator('#recalc-progress').textContent()).toBe(`Done: ${run.goalsComputed} goals recomputed.`);
    await page.close();
  });

  it('shows the open pipeline, a snapshot metric over its target, with no pace tick and not as reached before its year ends', async () => {
    // Prepare: the demo's pipeline goal as the API computes it
    const goals = (await send<{ items: { id: string; name: string; metricId: string }[] }>(api.url, 'GET', '/goals?limit=500', token)).body.items;
    const pipeline = goals.find((g) => g.name === 'Open pipeline')!;
    const metric = (await send<{ dateField: string | null }>(api.url, 'GET', `/metrics/${pipeline.metricId}`, token)).body;
    const node = (await send<TreeNode>(api.url, 'GET', `/goals/${pipeline.id}/tree`, token)).body;
    expect(metric.dateField).toBeNull();
    expect(node.milestones).toContain(100); // the demo keeps more open than the target
    expect(node.pace).toBeNull();
    expect(node.status).toBe('active'); // its year has not ended

    // Act
    const page = await openDashboard(1200);

    // Assess
    const row = page.locator(`li.goal[data-goal-id="${pipeline.id}"]`);
    expect(Number(await row.locator(':scope > .goal-head .percent').getAttribute('data-value'))).toBeGreaterThanOrEqual(100);
    expect(await row.locator(':scope > .bar > .tick').count()).toBe(0);
    expect(await row.locator(':scope > .goal-head .celebrate-mark').count()).toBe(0);
    expect(await row.locator(':scope > .facts .milestone.celebrate').count()).toBe(0);
    expect(await row.locator(':scope > .facts .status').textContent()).toBe('active');
    expect(await row.locator(':scope > .facts .pace').count()).toBe(0);
    expect(await row.textContent()).not.toMatch(/achieved|target reached/i);
    await page.close();
  });

  it('holds its layout at 390 px wide: nothing wider than the screen', async () => {
    // Act
    const page = await openDashboard(390);
    await page.screenshot({ path: artifact('dashboard-390.png'), fullPage: true });
    await page.locator('#budget').screenshot({ path: artifact('dashboard-390-chart.png') });

    // Assess
    const widths = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
    expect(widths.client).toBe(390);
    expect(widths.scroll).toBeLessThanOrEqual(390);
    const overflowing = await page.evaluate<string[]>(
      "[...document.querySelectorAll('main *')].filter((el) => !el.closest('.table-wrap') && el.getBoundingClientRect().right > 390.5).map((el) => el.outerHTML.slice(0, 80))",
    );
    expect(overflowing).toEqual([]);

    // The chart's labels are drawn at 10 px or more (the SVG's scale times the text's size), and a
    // label's line box is as tall; the labels under the bars do not run into each other.
    const labels = await page.evaluate<ChartText[]>(chartTexts('#chart svg text'));
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) {
      expect(label.px, label.text).toBeGreaterThanOrEqual(10);
      expect(label.inside, label.text).toBe(true);
      for (const height of label.heights) expect(height, label.text).toBeGreaterThanOrEqual(10);
    }
    const under = labels.filter((l) => l.label && l.heights.length).sort((a, b) => a.left - b.left);
    for (let i = 1; i < under.length; i++) expect(under[i]!.left, `${under[i - 1]!.text} | ${under[i]!.text}`).toBeGreaterThanOrEqual(under[i - 1]!.right);

    // Each goal's percent stands beside its name, on its first line, even when the name is long.
    await page.evaluate("document.querySelector('li.goal li.goal li.goal .goal-name').firstChild.textContent = 'Revenue 2026 — Anna Berg, north and west zones, enterprise accounts and renewals'");
    const heads = await page.evaluate<{ name: string; nameTop: number; nameRight: number; nameHeight: number; percent?: { top: number; left: number; bottom: number } }[]>(`
      [...document.querySelectorAll('li.goal > .goal-head')].map((head) => {
        const name = head.querySelector('.goal-name').getBoundingClientRect();
        const percent = head.querySelector('.percent')?.getBoundingClientRect();
        return { name: head.querySelector('.goal-name').textContent, nameTop: name.top, nameRight: name.right, nameHeight: name.height, percent: percent && { top: percent.top, left: percent.left, bottom: percent.bottom } };
      })`);
    expect(Math.max(...heads.map((head) => head.nameHeight)), 'a name over several lines').toBeGreaterThan(40);
    for (const head of heads.filter((h) => h.percent)) {
      expect(head.percent!.left, head.name).toBeGreaterThanOrEqual(head.nameRight);
      expect(head.percent!.top, head.name).toBeLessThan(head.nameTop + 24); // on the name's first line
      expect(head.percent!.bottom, head.name).toBeGreaterThan(head.nameTop);
    }

    // The leaderboard shows all five columns: within its region, or in a table that scrolls sideways and says so.
    await page.waitForSelector('#lb-table[aria-busy=false] tbody tr[data-goal-id]');
    const board = await page.evaluate<{ columns: number; hidden: number; fits: boolean; scrolls: boolean; cue: boolean }>(`(() => {
      const wrap = document.getElementById('lb-wrap');
      const cells = [...document.querySelectorAll('#lb-table tr > *')];
      const hint = document.getElementById('lb-scroll-hint');
      return {
        columns: document.querySelectorAll('#lb-table thead th').length,
        hidden: cells.filter((cell) => getComputedStyle(cell).display === 'none' || getComputedStyle(cell).visibility === 'hidden').length,
        fits: cells.every((cell) => cell.getBoundingClientRect().right <= wrap.getBoundingClientRect().right + 0.5),
        scrolls: wrap.scrollWidth > wrap.clientWidth && ['auto', 'scroll'].includes(getComputedStyle(wrap).overflowX),
        cue: !hint.hidden && hint.getBoundingClientRect().height > 0 && getComputedStyle(wrap).backgroundImage.includes('gradient'),
      };
    })()`);
    expect(board.columns).toBe(5);
    expect(board.hidden).toBe(0);
    expect(board.fits || (board.scrolls && board.cue), JSON.stringify(board)).toBe(true);
    await page.locator('#leaderboard').screenshot({ path: artifact('dashboard-390-leaderboard.png') });

    // A value too wide for the phone: the table scrolls sideways, with the hint and the shade, and the page does not.
    await page.evaluate("document.querySelectorAll('#lb-table tbody td.num')[1].textContent = '€ 12,345,678,901,234.00'");
    await page.waitForSelector('#lb-scroll-hint:not([hidden])');
    expect(await page.evaluate<boolean>("(() => { const wrap = document.getElementById('lb-wrap'); return wrap.scrollWidth > wrap.clientWidth && wrap.classList.contains('scrolls'); })()")).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('lets a manager recalculate every hierarchy it sees with one request, in one run', async () => {
    // Prepare
    const manager = await devToken(tenant, 'u-maria', 'manager');
    const page = await signIn(stack, manager);
    const before = await page.locator('#as-of').getAttribute('data-as-of');
    const newest = (await send<{ items: { runId: string }[] }>(api.url, 'GET', '/rollups?limit=1', token)).body.items[0]!.runId;

    // Act
    expect(await page.locator('#recalculate').isVisible()).toBe(true);
    const { run, posts } = await recalculate(page);
    await page.waitForFunction(`document.getElementById('as-of').dataset.asOf !== ${JSON.stringify(before)}`);

    // Assess
    expect(posts).toEqual(['{}']);
    expect(await page.locator('#recalc-progress').textContent()).toBe(`Done: ${run.goalsComputed} goals recomputed.`);
    expect(run).toMatchObject({ status: 'succeeded', goalId: null });
    expect(run.goalsComputed).toBeGreaterThan(0);
    const runs = (await send<{ items: { runId: string }[] }>(api.url, 'GET', '/rollups?limit=20', token)).body.items.map((r) => r.runId);
    expect(runs.slice(0, runs.indexOf(newest))).toEqual([run.runId]);
    const after = await page.locator('#as-of').getAttribute('data-as-of');
    expect(Date.parse(after!)).toBeGreaterThan(Date.parse(before!));
    await page.close();
  });

  it('takes a pasted "Bearer …" token, folds the token field away behind who is signed in, and shows values in their currency', async () => {
    // Act
    const page = await signIn(stack, `  Bearer ${token} `);

    // Assess
    expect(await page.evaluate<string | null>("localStorage.getItem('attain.token')")).toBe(token);
    expect(await page.getByLabel('API token').isHidden()).toBe(true);
    expect(await page.locator('#who').textContent()).toBe(`Ada Admin · admin · tenant ${tenant}`);
    const root = page.locator('li.goal').first();
    expect(await root.locator(':scope > .goal-head .percent').textContent()).toMatch(/^\d+\.\d%$/);
    expect(await root.locator(':scope > .facts .target').textContent()).toMatch(/^€ \d{1,3}(,\d{3})*\.\d\d$/);
    await page.getByRole('button', { name: 'Change token' }).click();
    expect(await page.getByLabel('API token').isVisible()).toBe(true);
    await page.close();
  });

  it('turns the labels of a chart of twelve months at 390 px, each with its percent, all readable', async () => {
    // Prepare: the organization's deals of the year in twelve monthly goals, computed
    const today = DateTime.now().setZone('Europe/Oslo').toISODate()!;
    const year = await send<{ id: string }>(api.url, 'POST', '/goals', token, { name: 'Deals by month', metricId: 'm-deal-count', owner: { type: 'organization', id: 'org' }, period: { granularity: 'year', anchor: today }, target: '240' });
    expect(year.status).toBe(201);
    expect((await send(api.url, 'POST', `/goals/${year.body.id}/periods`, token, { granularity: 'month', method: 'equal' })).status).toBeLessThan(300);
    const run = await send<{ runId: string }>(api.url, 'POST', '/rollups', token, { goalId: year.body.id });
    await waitForRun(api.url, token, run.body.runId);
    const months = (await send<TreeNode>(api.url, 'GET', `/goals/${year.body.id}/tree`, token)).body.children;
    expect(months).toHaveLength(12);

    // Act
    const page = await openDashboard(390);
    await page.selectOption('#chart-goal', year.body.id);
    await page.waitForSelector(`#chart rect.a[data-goal-id="${months[11]!.goalId}"]`, { state: 'attached' }); // an actual of 0 is a bar 0 high
    await page.locator('#budget').screenshot({ path: artifact('dashboard-390-chart-months.png') });

    // Assess: twelve turned labels, each its month and percent, 12 px on the screen, inside the chart
    const labels = await page.evaluate<ChartText[]>(chartTexts('#chart svg text.label'));
    const sorted = [...months].sort((a, b) => a.period.start.localeCompare(b.period.start));
    expect(labels.map((l) => l.text)).toEqual(sorted.map((m) => `${m.period.start.slice(0, 7)} ${(Math.round(m.percent * 10) / 10).toFixed(1)}%`));
    for (const label of labels) expect(label, label.text).toMatchObject({ turned: true, inside: true, px: expect.toSatisfy((px: number) => px >= 10) });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('hides Recalculate from members and reports a refused token', async () => {
    // Prepare
    const member = await devToken(tenant, 'u-anna', 'member');
    const page = await openPage(stack);
    await page.goto(`${api.url}/`);
    consoles.provoke(401);

    // Act
    await page.fill('#token-input', 'not.a.token');
    await page.click('#token-form button[type=submit]');
    await page.waitForFunction("document.getElementById('message').textContent !== ''");
    const refused = await page.locator('#message').textContent();
    await page.fill('#token-input', member);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('body[data-loaded=true]');

    // Assess
    expect(refused).toMatch(/refused the token|not a token/);
    expect(await page.locator('#recalculate').isHidden()).toBe(true);
    expect(await page.evaluate<string | null>("localStorage.getItem('attain.token')")).toBe(member);
    await page.close();
  });
});
