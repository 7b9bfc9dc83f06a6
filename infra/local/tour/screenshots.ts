// `npm run screenshots` — with `npm start` running (and its demo tenant loaded), photographs the page
// as the README shows it: the demo tenant's dashboard on a desktop and a phone, and a sales-ops
// admin setting up a year on the page alone (set-up-quarter.ts). Writes docs/screenshots/*.png.
// `ATTAIN_URL` (default http://localhost:$PORT or :3000) and `ATTAIN_DEV_SECRET` as npm start's.
import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import { signDevToken } from '../dev-token.ts';
import { demoTimeZone } from '../demo/demo-organization.ts';
import { launchChromium } from './chromium.ts';
import { goalItem, setUpQuarter } from './set-up-quarter.ts';

const url = process.env.ATTAIN_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`;
const folder = new URL('../../../docs/screenshots/', import.meta.url);
const path = (name: string): string => new URL(`${name}.png`, folder).pathname;

mkdirSync(folder, { recursive: true });
const token = await signDevToken({ sub: 'u-admin', tenant: 'demo', role: 'admin' }, { secret: process.env.ATTAIN_DEV_SECRET ?? 'attain-local-dev-secret' });
// The demo's first full run (npm start queues it) has finished: the page shows its values, its last rollup and its leaderboard.
for (;;) {
  const response = await fetch(`${url}/rollups?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  const { items } = (await response.json()) as { items: { status: string }[] };
  if (items[0]?.status === 'succeeded') break;
  if (items[0]?.status === 'failed') throw new Error('The demo tenant\'s last rollup failed: see npm start\'s output');
  await new Promise((resolve) => setTimeout(resolve, 500));
}
const browser = await launchChromium();
try {
  const open = async (width: number, height: number) => {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: width < 500 ? 2 : 1 });
    await page.goto(`${url}/?refresh=1000`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.waitForSelector('body[data-loaded=true]');
    return page;
  };
  const desktop = await open(1280, 900);
  await desktop.screenshot({ path: path('dashboard') });
  const phone = await open(390, 844);
  await phone.screenshot({ path: path('dashboard-phone') });
  await phone.close();

  const today = DateTime.now().setZone(demoTimeZone);
  // This year's bookings beside the demo's revenue goals (run it on a fresh demo: each run adds its own).
  await setUpQuarter(
    desktop,
    { metricName: 'Bookings', goalName: `Bookings ${today.year}`, target: '7200000.00', anchor: today.toISODate()!, organization: 'Attain Demo Co', department: 'Sales', team: 'Enterprise' },
    async (name, what) => void (await (what ?? desktop).screenshot({ path: path(name) })),
  );
  // The tree with the new year in it, once the live path has computed it.
  const bookings = goalItem(desktop, `Bookings ${today.year}`);
  // The year, two departments, two teams and the team's four quarters, each with its values.
  await bookings.locator('li.goal > .goal-head .percent').nth(7).waitFor();
  await bookings.locator(':scope > .goal-head .percent').waitFor();
  await bookings.screenshot({ path: path('setup-5-tree') });
  await desktop.close();
  console.log(`screenshots written to ${folder.pathname}`);
} finally {
  await browser.close();
}
