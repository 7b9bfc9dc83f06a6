import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { javaPidOf, newDataDir, spawnStart, stopsWithin, tokenOf, type StartedProcess } from './start-process.ts';

const started: StartedProcess[] = [];
afterEach(() => {
  for (const process of started.splice(0)) process.killGroup();
});

async function startAttain(dataDir: string, port: number): Promise<{ attain: StartedProcess; url: string; token: string; javaPid: number }> {
  const attain = spawnStart({ PORT: String(port), ATTAIN_DATA_DIR: dataDir, ATTAIN_NO_DEMO: '1', ATTAIN_DYNAMODB_ENDPOINT: '', ATTAIN_TABLE: 'attain' });
  started.push(attain);
  const [, url] = await attain.waitFor(/^Attain listening on (http:\/\/localhost:\d+)$/m);
  return { attain, url: url!, token: await tokenOf(attain), javaPid: await javaPidOf(attain) };
}

describe('npm start (without the demo)', () => {
  it('serves the API on PORT, stops Java on SIGINT to npm or Ctrl-C, and keeps data across restarts', async () => {
    // Prepare
    const dataDir = newDataDir();
    const port = await freePort();

    // Act: first run, change a setting, then SIGINT npm itself
    const first = await startAttain(dataDir, port);
    const health = await fetch(`${first.url}/health`);
    const put = await fetch(`${first.url}/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ timezone: 'Europe/Oslo' }),
    });
    first.attain.child.kill('SIGINT');
    const firstExit = await first.attain.exited;

    // Assess
    expect(first.url).toBe(`http://localhost:${port}`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(put.status).toBe(200);
    expect(firstExit.code).toBe(0);
    expect(await stopsWithin(first.javaPid)).toBe(true);

    // Act: second run on the same data directory, then Ctrl-C
    const second = await startAttain(dataDir, port);
    const settings = await fetch(`${second.url}/settings`, { headers: { authorization: `Bearer ${second.token}` } });
    process.kill(-second.attain.child.pid!, 'SIGINT'); // Ctrl-C: the terminal signals the whole group
    const secondExit = await second.attain.exited;

    // Assess
    expect(((await settings.json()) as { timezone: string }).timezone).toBe('Europe/Oslo');
    expect(second.attain.output()).not.toContain('Created table');
    // A Ctrl-C reaches npm, tsx, node and Java at once: npm may report the interrupt (130, as shells
    // do) or its child's clean 0 depending on which exits first; either way nothing may be left running.
    expect([0, 130]).toContain(secondExit.code);
    expect(await stopsWithin(second.javaPid)).toBe(true);
  }, 120_000);

  it('exits 1 with a clear message when PORT is taken, and leaves no Java behind', async () => {
    // Prepare
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;

    // Act
    const attain = spawnStart({ PORT: String(port), ATTAIN_DATA_DIR: newDataDir(), ATTAIN_NO_DEMO: '1', ATTAIN_DYNAMODB_ENDPOINT: '' });
    started.push(attain);
    const javaPid = await javaPidOf(attain);
    const { code } = await attain.exited;
    blocker.close();

    // Assess
    expect(code).toBe(1);
    expect(attain.output()).toContain(`Port ${port} is already in use`);
    expect(await stopsWithin(javaPid)).toBe(true);
  }, 60_000);
});
