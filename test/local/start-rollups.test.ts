import { afterEach, describe, expect, inject, it } from 'vitest';
import { parseCron } from '../../core/schedule/cron.ts';
import { nextFireTime } from '../../core/schedule/next-fire-time.ts';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { newDataDir, spawnStart, stopsWithin, tokenOf, type StartedProcess } from './start-process.ts';

const started: StartedProcess[] = [];
afterEach(() => {
  for (const process of started.splice(0)) process.killGroup();
});

/**
 * npm start on the run's DynamoDB Local, in a table of its own (the same for both starts of a test):
 * what is tested here is the worker processes and the schedule read from the table, not DynamoDB
 * Local's own start and stop, which start-lifecycle and start-demo test (a JVM of its own per start
 * cost this file two of them).
 */
function start(dataDir: string, port: number, env: Record<string, string>): StartedProcess {
  const attain = spawnStart({ PORT: String(port), ATTAIN_DATA_DIR: dataDir, ATTAIN_NO_DEMO: '1', ATTAIN_DYNAMODB_ENDPOINT: inject('ddbEndpoint'), ATTAIN_TABLE: `attain-rollups-${port}`, ...env });
  started.push(attain);
  return attain;
}

describe('npm start: rollup worker processes and the local schedule', () => {
  it('runs POST /rollups in a worker process that does not outlive npm start, and prints the next scheduled run of each tenant', async () => {
    // Prepare
    const dataDir = newDataDir();
    const port = await freePort();
    const first = start(dataDir, port, { ATTAIN_NO_SCHEDULER: '1' });
    const [, url] = await first.waitFor(/^Attain listening on (http:\/\/localhost:\d+)$/m);
    const headers = { authorization: `Bearer ${await tokenOf(first)}`, 'content-type': 'application/json' };

    // Act: first run, without the scheduler
    const put = await fetch(`${url}/settings`, { method: 'PUT', headers, body: JSON.stringify({ timezone: 'Europe/Oslo', rollupSchedule: '30 2 * * *' }) });
    const trigger = await fetch(`${url}/rollups`, { method: 'POST', headers, body: '{}' });
    const { runId } = (await trigger.json()) as { runId: string };
    const [, workerPid] = await first.waitFor(new RegExp(`^\\[worker ${runId}\\] started \\(pid (\\d+)\\)`, 'm'), 30_000);
    first.child.kill('SIGTERM');
    const firstExit = await first.exited;

    // Assess
    expect(put.status).toBe(200);
    expect(trigger.status).toBe(202);
    expect(first.output()).toContain('Scheduler: off (ATTAIN_NO_SCHEDULER)');
    expect(Number(workerPid)).not.toBe(first.child.pid);
    expect(firstExit.code).toBe(0);
    expect(await stopsWithin(Number(workerPid))).toBe(true);

    // Act: second run on the same data, with the scheduler
    const cron = parseCron('30 2 * * *');
    const before = nextFireTime(cron, Date.now(), 'Europe/Oslo');
    const second = start(dataDir, port, { ATTAIN_NO_SCHEDULER: '' });
    await second.waitFor(/^Attain listening on/m); // the scheduler line comes before it
    const after = nextFireTime(cron, Date.now(), 'Europe/Oslo');
    process.kill(-second.child.pid!, 'SIGINT'); // Ctrl-C
    const secondExit = await second.exited;

    // Assess
    const [, next] = second.output().match(/^Scheduler: demo at "30 2 \* \* \*" Europe\/Oslo, next run (\d{4}-\d\d-\d\dT\d\d:\d\d:00Z)$/m) ?? [];
    expect(next, second.output()).toBeDefined();
    expect([before, after]).toContain(Date.parse(next!));
    expect(secondExit.code).toBe(0);
  }, 180_000);
});
