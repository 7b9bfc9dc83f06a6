import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { exitWithin, groupStopsWithin, newDataDir, spawnStart, tokenOf, type StartedProcess } from './start-process.ts';

const started: StartedProcess[] = [];
afterEach(() => {
  for (const process of started.splice(0)) process.killGroup();
});

/** npm start (no demo, its own DynamoDB Local), up and listening, with its token; `command` as spawnStart's. */
async function startAttain(command?: readonly string[]): Promise<{ attain: StartedProcess; url: string; token: string }> {
  const env = { PORT: String(await freePort()), ATTAIN_DATA_DIR: newDataDir(), ATTAIN_NO_DEMO: '1', ATTAIN_NO_SCHEDULER: '1', ATTAIN_DYNAMODB_ENDPOINT: '' };
  const attain = spawnStart(env, command);
  started.push(attain);
  const [, url] = await attain.waitFor(/^Attain listening on (http:\/\/localhost:\d+)$/m);
  return { attain, url: url!, token: await tokenOf(attain) };
}

/** Requests that make npm start write (the gateway logs each request; a worker's lines are relayed), until its run ends. */
async function useTheApi(url: string, token: string): Promise<{ health: number[]; run: { status: number; finalStatus: string } }> {
  const health: number[] = [];
  for (let i = 0; i < 3; i++) health.push((await fetch(`${url}/health`)).status);
  const auth = { authorization: `Bearer ${token}` };
  const trigger = await fetch(`${url}/rollups`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
  const { runId } = (await trigger.json()) as { runId: string };
  let finalStatus = 'queued';
  // The worker process's own end is the event; its run's status is how a client sees it.
  while (finalStatus === 'queued' || finalStatus === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    finalStatus = ((await (await fetch(`${url}/rollups/${runId}`, { headers: auth })).json()) as { status: string }).status;
  }
  health.push((await fetch(`${url}/health`)).status);
  return { health, run: { status: trigger.status, finalStatus } };
}

describe('npm start whose output is closed (its reader exited: npm start | head)', () => {
  it('with stdout and stderr closed, keeps serving and running rollups, then stops on one SIGTERM', async () => {
    // Prepare: both streams one pipe, as `npm start 2>&1 | head`
    const { attain, url, token } = await startAttain(['sh', '-c', 'exec npm start 2>&1']);

    // Act: the reader goes away, then the API is used (every request and the worker's output are lines to write)
    attain.child.stdout!.destroy();
    const used = await useTheApi(url, token);
    attain.child.kill('SIGTERM');
    const exit = await exitWithin(attain, 10_000);

    // Assess: a process spinning on EPIPE serves nothing and never handles the SIGTERM
    expect(used, attain.output()).toEqual({ health: [200, 200, 200, 200], run: { status: 202, finalStatus: 'succeeded' } });
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await groupStopsWithin(attain.child.pid!)).toEqual([]); // node, Java, workers, esbuild: all gone
  }, 120_000);

  it('with stdout closed, says once on stderr that it keeps serving, and stops on one SIGTERM', async () => {
    // Prepare
    const { attain, url, token } = await startAttain();

    // Act
    attain.child.stdout!.destroy();
    const used = await useTheApi(url, token);
    const [notice] = await attain.waitFor(/^Attain: stdout was closed.*$/m);
    attain.child.kill('SIGTERM');
    const exit = await exitWithin(attain, 10_000);

    // Assess
    expect(used, attain.output()).toEqual({ health: [200, 200, 200, 200], run: { status: 202, finalStatus: 'succeeded' } });
    expect(notice).toBe(`Attain: stdout was closed (its reader exited); no more output there. Still serving on ${url}; Ctrl-C or SIGTERM stops it.`);
    expect(attain.output().match(/stdout was closed/g)).toHaveLength(1);
    expect(attain.output()).not.toMatch(/EPIPE|crashed/);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await groupStopsWithin(attain.child.pid!)).toEqual([]);
  }, 120_000);
});
