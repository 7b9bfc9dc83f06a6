import type { Browser, Page, Response } from 'playwright-core';
import { signDevToken } from '../../infra/local/dev-token.ts';
import type { StreamPoller } from '../../infra/local/stream-poller.ts';
import { createWorkerProcesses, type WorkerProcesses } from '../../infra/local/worker-processes.ts';
import { send, startTestApi, type Role, type TestApi } from '../support/api.ts';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { startLiveStream } from '../support/live-stream.ts';
import { launchChromium, type ConsoleWatch } from './browser.ts';

// What a browser test of the page needs around it: the API for one tenant with its rollups, a
// headless browser, and pages signed in with the token field and button UI.md names.

/**
 * How the stack runs rollups:
 * - `workers`: as `npm start` does, each run in a worker process, and from the end of `prepare` on the
 *   live path from the table's stream (so goals made from then on get computed);
 * - `in-process`: each run in this process, ended before `POST /rollups` answers;
 * - `none`: no rollup worker at all (triggering a run fails, as without ATTAIN_WORKER_FUNCTION).
 */
export type Rollups = 'workers' | 'in-process' | 'none';

export interface WebStackOptions {
  tenant: string;
  rollups: Rollups;
  /** The console watcher of the test file (`watchConsoles()`): every page the stack opens is watched. */
  consoles: ConsoleWatch;
  /** The tenant's data, before the live path and the browser start. */
  prepare?: (api: TestApi) => Promise<void>;
  /** With `in-process` rollups: their options (a manual clock, say). */
  inProcess?: Parameters<typeof inProcessRollups>[0];
}

export interface WebStack {
  api: TestApi;
  browser: Browser;
  consoles: ConsoleWatch;
  /** Ends the browser, the live path, the API and its workers. */
  stop(): Promise<void>;
}

const secret = process.env.ATTAIN_DEV_SECRET ?? 'attain-local-dev-secret';

/** A dev token the stack's API accepts, for `sub` of `tenant` as `role`. */
export function devToken(tenant: string, sub: string, role: Role): Promise<string> {
  return signDevToken({ sub, tenant, role }, { secret });
}

/** The API for `options.tenant` with its rollups as `options.rollups` says, `prepare`d, and a headless browser. */
export async function startWebStack(options: WebStackOptions): Promise<WebStack> {
  const workers: WorkerProcesses | undefined = options.rollups === 'workers' ? createWorkerProcesses({ env: () => ({ ...process.env }), write: () => undefined }) : undefined;
  const ports = workers ? { dispatcher: workers.dispatch } : options.rollups === 'in-process' ? inProcessRollups(options.inProcess) : undefined;
  const api = await startTestApi(ports ? { ports } : {});
  let liveStream: StreamPoller | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await liveStream?.stop();
    await browser?.close();
    await api.close();
    await workers?.stopAll(3_000);
  };
  try {
    await options.prepare?.(api);
    if (workers) liveStream = await startLiveStream(options.tenant, workers.dispatch);
    browser = await launchChromium();
  } catch (error) {
    await stop();
    throw error;
  }
  return { api, browser, consoles: options.consoles, stop };
}

export interface Viewport {
  width?: number;
  height?: number;
}

/**
 * A new page of the stack's browser, its console watched. Its waits fail after a minute with the
 * locator they waited for (the test's own timeout would only say that the test took too long).
 */
export async function openPage(stack: WebStack, { width = 1200, height = 900 }: Viewport = {}): Promise<Page> {
  const page = await stack.browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(60_000);
  stack.consoles.watch(page);
  return page;
}

/**
 * Opens the page and signs in with `token` through "API token" and "Use token", once it has loaded.
 * The page's live refresh is off (`?refresh=` an hour) unless `refreshMs` is given, so a test sees
 * only the requests it makes.
 */
export async function signIn(stack: WebStack, token: string, { refreshMs = 3_600_000, ...viewport }: Viewport & { refreshMs?: number } = {}): Promise<Page> {
  const page = await openPage(stack, viewport);
  await page.goto(`${stack.api.url}/?refresh=${refreshMs}`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
  await page.waitForSelector('body[data-loaded=true]');
  return page;
}

/** Waits for a rollup run to end, on the API's answers (no deadline of its own: the caller's timeout guards a hang). */
export async function waitForRun(url: string, token: string, runId: string): Promise<void> {
  for (;;) {
    const run = await send<{ status: string }>(url, 'GET', `/rollups/${runId}`, token);
    if (run.status !== 200) throw new Error(`GET /rollups/${runId} answered ${run.status}: ${JSON.stringify(run.body)}`);
    if (run.body.status === 'succeeded') return;
    if (run.body.status === 'failed') throw new Error(`run ${runId} failed`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The answer to `method path` the page is about to get (start waiting before the click that sends it). */
export const answer = (page: Page, method: string, path: string): Promise<Response> =>
  page.waitForResponse((response) => response.request().method() === method && new URL(response.url()).pathname === path);
