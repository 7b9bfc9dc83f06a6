import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { StreamPoller } from '../../infra/local/stream-poller.ts';
import { createWorkerProcesses } from '../../infra/local/worker-processes.ts';
import { send, startTestApi, type TestApi } from '../support/api.ts';
import { startLiveStream } from '../support/live-stream.ts';
import { consoleErrors, launchChromium } from './browser.ts';

// What a browser test of the page needs around it: the stack as npm start runs it, and the consoles
// of the pages it opens watched for errors.

export interface LiveStack {
  api: TestApi;
  browser: Browser;
  /** Ends the browser, the live path, the API and its workers. */
  stop(): Promise<void>;
}

/**
 * The stack as `npm start` runs it, for one tenant: the API with each rollup in a worker process,
 * `prepare` (the tenant's data, a first run), then the live path from the table's stream (so goals
 * made from here on get computed) and a headless browser.
 */
export async function startLiveStack(tenant: string, prepare: (api: TestApi) => Promise<void>): Promise<LiveStack> {
  const workers = createWorkerProcesses({ env: () => ({ ...process.env }), write: () => undefined });
  const api = await startTestApi({ ports: { dispatcher: workers.dispatch } });
  let liveStream: StreamPoller | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await liveStream?.stop();
    await browser?.close();
    await api.close();
    await workers.stopAll(3_000);
  };
  try {
    await prepare(api);
    liveStream = await startLiveStream(tenant, workers.dispatch);
    browser = await launchChromium();
  } catch (error) {
    await stop();
    throw error;
  }
  return { api, browser, stop };
}

/** Waits for a rollup run to end, on the API's answers (no deadline of its own: the caller's timeout guards a hang). */
export async function waitForRun(url: string, token: string, runId: string): Promise<void> {
  for (;;) {
    const run = await send<{ status: string }>(url, 'GET', `/rollups/${runId}`, token);
    if (run.body.status === 'succeeded') return;
    if (run.body.status === 'failed') throw new Error(`run ${runId} failed`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The consoles of the pages a test opens: `watch(page)` each one, `provoke(412)` a status the test
 * causes on purpose; `check()` (in afterEach) fails on any other error and starts afresh.
 */
export function consoleWatch(): { watch(page: Page): void; provoke(...statuses: number[]): void; check(): void } {
  let watched: ReturnType<typeof consoleErrors>[] = [];
  let provoked: number[] = [];
  return {
    watch: (page) => void watched.push(consoleErrors(page)),
    provoke: (...statuses) => void provoked.push(...statuses),
    check: () => {
      const unexpected = watched.flatMap((console) => console.unexpected(...provoked));
      watched = [];
      provoked = [];
      expect(unexpected, 'errors in the browser console').toEqual([]);
    },
  };
}
