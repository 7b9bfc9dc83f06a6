import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDevSecret, signDevToken } from '../../infra/local/dev-token.ts';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { constants } from 'node:os';
import { exitWithin, groupMembers, groupStopsWithin, isAlive, javaPidOf, newDataDir, spawnStart, stopsWithin, tokenOf, type StartedProcess } from './start-process.ts';

const started: StartedProcess[] = [];
afterEach(() => {
  for (const process of started.splice(0)) process.killGroup();
});

describe('npm start (without the demo)', () => {
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

  it('stops everything on one SIGTERM or SIGINT, whenever in start-up it comes, fourteen times in a row, and keeps its data across those stops', async () => {
    // Moments of start-up, in order, each the line that marks it (the first: right after the spawn;
    // the second: node exists, but has printed nothing yet nor set its signal handlers).
    const nodeExists = (pgid: number) => groupMembers(pgid).some((m) => m.command.includes('infra/local/start.ts'));
    const moments: { name: string; line?: RegExp; until?: (pgid: number) => boolean }[] = [
      { name: 'npm just spawned' },
      { name: 'node loading its modules', until: nodeExists },
      { name: 'DynamoDB Local starting', line: /^Starting DynamoDB Local \(pid \d+\)/m },
      { name: 'DynamoDB Local up, table next', line: /^DynamoDB Local on /m },
      { name: 'scheduler read the tenants', line: /^Scheduler: /m },
      { name: 'listening', line: /^Attain listening on /m },
      { name: 'a rollup worker starting', line: /^\[worker \S+\] started \(pid \d+\)/m },
    ];
    // To npm alone (kill <pid>, a process manager) or to the whole group (Ctrl-C in a terminal).
    const signals: { signal: 'SIGTERM' | 'SIGINT'; to: 'npm' | 'group' }[] = [
      { signal: 'SIGTERM', to: 'npm' },
      { signal: 'SIGINT', to: 'group' },
      { signal: 'SIGTERM', to: 'group' },
      { signal: 'SIGINT', to: 'npm' },
    ];
    const dataDir = newDataDir();
    const port = await freePort();
    const outcomes: string[] = [];
    // The API in between, on some 'listening' rounds: a setting written in one round must be read back
    // in a later one (the data directory is kept across every stop, at any moment), and a stop must
    // also close the connections the requests left open.
    const firstListening = moments.findIndex((m) => m.name === 'listening');
    const writeRound = firstListening; // SIGINT to the group (Ctrl-C) after the writes
    const readRound = firstListening + moments.length; // SIGTERM to npm after the read
    let tablesCreated = 0;

    // Two rounds per moment (i and i + 7): each moment is stopped by a SIGTERM and by a SIGINT, and
    // each signal reaches npm alone and the whole group at several moments — 14 of the 28 pairs
    // (20 rounds covered 20 of them for 6 rounds more, about 15 s of the suite's 3 minutes).
    for (let i = 0; i < 2 * moments.length; i++) {
      // Prepare: npm start on the same data directory each time, until the moment of this round
      const moment = moments[i % moments.length]!;
      const { signal, to } = signals[i % signals.length]!;
      const attain = spawnStart({ PORT: String(port), ATTAIN_DATA_DIR: dataDir, ATTAIN_NO_DEMO: '1', ATTAIN_DYNAMODB_ENDPOINT: '' });
      started.push(attain);
      if (moment.name === 'a rollup worker starting') {
        const [, url] = await attain.waitFor(/^Attain listening on (http:\/\/localhost:\d+)$/m);
        // A tenant of its own: the run a previous round's stop cut short holds its tenant's lease.
        const token = await signDevToken({ sub: 'u-admin', tenant: `round-${i}`, role: 'admin' }, { secret: process.env.ATTAIN_DEV_SECRET || defaultDevSecret });
        const trigger = await fetch(`${url}/rollups`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
        expect(trigger.status).toBe(202);
      }
      if (moment.line) await attain.waitFor(moment.line);
      if (i === writeRound || i === readRound) {
        const [, url] = await attain.waitFor(/^Attain listening on (http:\/\/localhost:\d+)$/m);
        const authorization = `Bearer ${await tokenOf(attain)}`;
        expect(url).toBe(`http://localhost:${port}`);
        if (i === writeRound) {
          const health = await fetch(`${url}/health`);
          expect(health.status).toBe(200);
          expect(await health.json()).toEqual({ status: 'ok' });
          const put = await fetch(`${url}/settings`, { method: 'PUT', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ timezone: 'Europe/Oslo' }) });
          expect(put.status).toBe(200);
        } else {
          const settings = await fetch(`${url}/settings`, { headers: { authorization } });
          expect(((await settings.json()) as { timezone: string }).timezone).toBe('Europe/Oslo');
          expect(attain.output()).not.toContain('Created table');
        }
      }
      while (moment.until && !moment.until(attain.child.pid!)) {
        if (attain.child.exitCode !== null || attain.child.signalCode !== null) throw new Error(`npm start ended before ${moment.name}:\n${attain.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 10)); // a process appearing sends no event
      }
      const members = groupMembers(attain.child.pid!);

      // Act: one signal, then the exit (the 10 s are the requirement)
      const signalledAt = Date.now();
      process.kill(to === 'npm' ? attain.child.pid! : -attain.child.pid!, signal);
      const exit = await exitWithin(attain, 10_000);
      const left = await groupStopsWithin(attain.child.pid!, Math.max(0, signalledAt + 10_000 - Date.now()));
      attain.killGroup();

      // Assess: a clean stop (0; or the signal itself, or 128 + its number, when it came before
      // node's handlers or npm saw it first), nothing left of the group, no error on the way
      const round = `round ${i + 1} (${signal} to ${to} when ${moment.name}; running then: ${members.map((m) => m.command.split(' ').slice(0, 4).join(' ')).join(', ')})`;
      expect(exit, `${round}\n${attain.output()}`).not.toBe('still running');
      const clean = [{ code: 0, signal: null }, { code: 128 + constants.signals[signal], signal: null }, { code: null, signal }];
      expect(clean, `${round}\n${attain.output()}`).toContainEqual(exit);
      expect(left, `${round}\n${attain.output()}`).toEqual([]);
      expect(members.every((m) => !isAlive(m.pid)), round).toBe(true);
      expect(attain.output(), round).not.toMatch(/crashed|could not start|again: exiting now|\n\s+at /);
      // SIGINT to npm once node's handlers are set: npm passes it on and exits with node's clean 0.
      if (i === readRound) expect(exit, round).toEqual({ code: 0, signal: null });
      if (attain.output().includes('Created table')) tablesCreated += 1;
      outcomes.push(`${moment.name}: ${JSON.stringify(exit)}`);
    }
    expect(outcomes).toHaveLength(2 * moments.length);
    expect(tablesCreated).toBeLessThanOrEqual(1); // once, in the first round that got that far
  }, 600_000);
});
