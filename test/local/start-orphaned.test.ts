import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { newDataDir, spawnStart, stopsWithin, type StartedProcess } from './start-process.ts';

let middle: StartedProcess | undefined;
afterEach(() => middle?.killGroup());

/** A parent like npm: starts Attain's process (naming itself, as the npm script does), says its pid, and can die without passing anything on. */
const parentScript = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], { stdio: 'inherit', env: { ...process.env, ATTAIN_PARENT_PID: String(process.pid) } });
console.log('attain pid ' + child.pid);
setInterval(() => {}, 1000);
`;

describe('npm start whose parent dies before passing a signal on', () => {
  it('stops by itself once it is orphaned (npm killed in its first milliseconds forwards nothing)', async () => {
    // Prepare
    const port = await freePort();
    middle = spawnStart(
      { PORT: String(port), ATTAIN_DATA_DIR: newDataDir(), ATTAIN_DYNAMODB_ENDPOINT: inject('ddbEndpoint'), ATTAIN_TABLE: `attain-orphan-${port}`, ATTAIN_NO_DEMO: '1', ATTAIN_NO_SCHEDULER: '1' },
      [process.execPath, '-e', parentScript],
    );
    const pid = Number((await middle.waitFor(/^attain pid (\d+)$/m))[1]);
    await middle.waitFor(/^Attain listening on /m);

    // Act: the parent dies at once, as npm does on a signal it has not yet learnt to forward
    middle.child.kill('SIGKILL');

    // Assess
    expect(await stopsWithin(pid, 20_000)).toBe(true);
    expect(middle.output()).toContain('The process that started Attain went away: stopping');
  }, 60_000);

  it('stops by itself when the parent died while Attain was still loading its modules', async () => {
    // Prepare
    const port = await freePort();
    middle = spawnStart(
      { PORT: String(port), ATTAIN_DATA_DIR: newDataDir(), ATTAIN_DYNAMODB_ENDPOINT: inject('ddbEndpoint'), ATTAIN_TABLE: `attain-orphan-${port}`, ATTAIN_NO_DEMO: '1', ATTAIN_NO_SCHEDULER: '1' },
      [process.execPath, '-e', parentScript],
    );
    const pid = Number((await middle.waitFor(/^attain pid (\d+)$/m))[1]);

    // Act: the parent dies as soon as it has spawned Attain, long before Attain's modules are loaded
    middle.child.kill('SIGKILL');

    // Assess
    expect(await stopsWithin(pid, 20_000)).toBe(true);
    expect(middle.output()).toContain('The process that started Attain went away: stopping');
  }, 60_000);
});
