import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkerProcesses, type WorkerProcess, type WorkerProcesses } from '../../infra/local/worker-processes.ts';
import { isAlive, isRunning } from './start-process.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface Lines {
  readonly lines: { line: string; stream: 'stdout' | 'stderr' }[];
  write(line: string, stream: 'stdout' | 'stderr'): void;
  /** Resolves when a line contains `text` (a child needs a moment to start and load tsx). */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
}

function collectLines(): Lines {
  const lines: Lines['lines'] = [];
  const waiters = new Set<() => void>();
  return {
    lines,
    write(line, stream) {
      lines.push({ line, stream });
      for (const waiter of waiters) waiter();
    },
    waitFor(text, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No line with "${text}" in:\n${lines.map((l) => l.line).join('\n')}`)), timeoutMs);
        const check = (): void => {
          if (!lines.some((l) => l.line.includes(text))) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

const created: WorkerProcesses[] = [];
/** Processes a failed test could leave behind. */
const strays: number[] = [];
afterEach(async () => {
  for (const workers of created.splice(0)) await workers.stopAll(100);
  for (const pid of strays.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone, as it should be.
    }
  }
});

function workersFor(module: string, lines: Lines, spawned: WorkerProcess[] = []): WorkerProcesses {
  const workers = createWorkerProcesses({ workerModule: fixture(module), write: lines.write, onSpawn: (w) => spawned.push(w) });
  created.push(workers);
  return workers;
}

describe('worker processes (the local asynchronous invoke of the rollup worker)', () => {
  it('POST /rollups’ dispatch starts a worker process and returns before it finishes; the worker gets the event and the environment', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'attain-worker-'));
    const gate = join(dir, 'gate');
    const out = join(dir, 'out.json');
    // Restored after the test (unstubEnvs in vitest.config.ts): the next file shares this process.
    for (const [name, value] of Object.entries({ ATTAIN_TEST_GATE: gate, ATTAIN_TEST_OUT: out, ATTAIN_TABLE: 'attain-worker-test', AWS_REGION: 'eu-west-3' })) vi.stubEnv(name, value);
    const lines = collectLines();
    const spawned: WorkerProcess[] = [];
    const workers = workersFor('gated-worker.ts', lines, spawned);
    const event = { kind: 'manual', tenant: 't1', runId: 'run-01' } as const;

    // Act
    await workers.dispatch(event);
    const worker = workers.last()!;
    const runningAfterDispatch = worker.child.exitCode === null && worker.child.signalCode === null;
    const runningWorkers = workers.running().map((w) => w.pid);
    const wroteBeforeGate = existsSync(out);
    writeFileSync(gate, '');
    const exit = await worker.exited;

    // Assess
    expect(runningAfterDispatch).toBe(true);
    expect(wroteBeforeGate).toBe(false);
    expect(spawned.map((w) => w.pid)).toEqual([worker.pid]);
    expect(runningWorkers).toEqual([worker.pid]);
    expect(worker.pid).not.toBe(process.pid);
    expect(exit).toEqual({ code: 0, signal: null });
    const written = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ event, pid: worker.pid, functionName: 'attain-rollup-worker' });
    expect(written.env).toEqual({ ATTAIN_TABLE: 'attain-worker-test', ATTAIN_DYNAMODB_ENDPOINT: process.env.ATTAIN_DYNAMODB_ENDPOINT, AWS_REGION: 'eu-west-3' });
    // stdout and stderr are separate pipes: the order within each is what is certain.
    const stream = (name: 'stdout' | 'stderr'): string[] => lines.lines.filter((l) => l.stream === name).map((l) => l.line);
    expect(stream('stdout')).toEqual([
      `[worker run-01] started (pid ${worker.pid}) for ${JSON.stringify(event)}`,
      '[worker run-01] waiting for the gate',
      '[worker run-01] result: {"written":true}',
      expect.stringMatching(/^\[worker run-01\] finished in \d+\.\d s$/),
    ]);
    expect(stream('stderr')).toEqual(['[worker run-01] a line on stderr']);
    expect(workers.running()).toEqual([]);
  });

  it('folds the recompute events of a tenant whose recompute worker still runs into one, started when it ends', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'attain-worker-'));
    const gate = join(dir, 'gate');
    for (const [name, value] of Object.entries({ ATTAIN_TEST_GATE: gate, ATTAIN_TEST_OUT: join(dir, 'out.json') })) vi.stubEnv(name, value);
    const lines = collectLines();
    const spawned: WorkerProcess[] = [];
    const workers = workersFor('gated-worker.ts', lines, spawned);

    // Act: four for t1 and one for t2 while the first of t1 waits at the gate
    await workers.dispatch({ kind: 'recompute', tenant: 't1' });
    for (let i = 0; i < 3; i++) await workers.dispatch({ kind: 'recompute', tenant: 't1' });
    await workers.dispatch({ kind: 'recompute', tenant: 't2' });
    const whileGated = spawned.map((w) => w.label);
    writeFileSync(gate, '');
    await spawned[0]!.exited;
    await vi.waitFor(() => expect(spawned).toHaveLength(3), { timeout: 15_000 });
    await Promise.all(spawned.map((w) => w.exited));

    // Assess
    expect(whileGated).toEqual(['t1', 't2']);
    expect(spawned.map((w) => w.label)).toEqual(['t1', 't2', 't1']);
  });

  it('labels a scheduled run’s output with its tenant, and reports a failing worker with exit code 1', async () => {
    // Prepare
    const lines = collectLines();
    const workers = workersFor('failing-worker.ts', lines);

    // Act
    await workers.dispatch({ kind: 'schedule', tenant: 'acme', scheduledTime: '2026-11-24T01:00:00.000Z' });
    const exit = await workers.last()!.exited;

    // Assess
    expect(exit).toEqual({ code: 1, signal: null });
    const stderr = lines.lines.filter((l) => l.stream === 'stderr').map((l) => l.line);
    expect(stderr[0]).toBe('[worker acme] The rollup worker failed: Error: boom in the worker');
    expect(stderr.at(-1)).toMatch(/^\[worker acme\] failed with exit code 1 after \d+\.\d s$/);
  });

  it('stopAll ends a long-running worker with SIGTERM, and one that ignores SIGTERM with SIGKILL after the grace time', async () => {
    // Prepare
    const lines = collectLines();
    const workers = workersFor('stuck-worker.ts', lines);
    await workers.dispatch({ kind: 'manual', tenant: 't1', runId: 'polite' });
    const polite = workers.last()!;
    process.env.ATTAIN_TEST_IGNORE_SIGTERM = '1';
    await workers.dispatch({ kind: 'manual', tenant: 't1', runId: 'stubborn' });
    delete process.env.ATTAIN_TEST_IGNORE_SIGTERM;
    const stubborn = workers.last()!;
    await lines.waitFor('[worker polite] running');
    await lines.waitFor('[worker stubborn] running');

    // Act
    await workers.stopAll(500);

    // Assess
    expect(await polite.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await stubborn.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(lines.lines.map((l) => l.line)).toContain('[worker stubborn] ignoring SIGTERM');
    expect(isRunning(polite.pid) || isRunning(stubborn.pid)).toBe(false);
    expect(workers.running()).toEqual([]);
    await expect(workers.dispatch({ kind: 'manual', tenant: 't1', runId: 'late' })).rejects.toThrow(/stopping/);
  });

  it('a worker does not outlive the process that started it, even when that one is SIGKILLed', async () => {
    // Prepare
    const parent = spawn(process.execPath, ['--import', 'tsx', fixture('dispatching-parent.ts')], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    // Once the worker runs its handler (so it is not killed by writing to a closed pipe)
    const workerPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /worker pid (\d+)/.exec(output);
        if (match && output.includes('[worker orphan-run] running')) resolve(Number(match[1]));
      });
      parent.once('exit', () => reject(new Error(`The parent exited early:\n${output}`)));
    });
    strays.push(parent.pid!, workerPid);
    const runningBefore = isAlive(workerPid);

    // Act
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (isAlive(workerPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));

    // Assess
    expect(runningBefore).toBe(true);
    expect(isAlive(workerPid)).toBe(false);
  });

  it('run-worker.ts whose stdout reader went away drops its output and finishes the run (exit 0, no EPIPE crash)', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'attain-worker-'));
    const out = join(dir, 'out.json');
    const entry = fileURLToPath(new URL('../../infra/local/run-worker.ts', import.meta.url));
    const event = { kind: 'manual', tenant: 't1', runId: 'closed-stdout' };

    // Act: the reader of its stdout is closed before the worker writes anything
    const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(event), fixture('chatty-worker.ts')], {
      env: { ...process.env, ATTAIN_TEST_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    strays.push(child.pid!);
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));

    // Assess
    expect(exit, stderr).toEqual({ code: 0, signal: null });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ event, finished: true });
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('run-worker.ts reads the event from stdin too, and exits 1 for an event that is not JSON', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'attain-worker-'));
    const out = join(dir, 'out.json');
    const entry = fileURLToPath(new URL('../../infra/local/run-worker.ts', import.meta.url));
    const env = { ...process.env, ATTAIN_TEST_OUT: out, ATTAIN_TEST_GATE: '' };

    // Act
    const fromStdin = spawnSync(process.execPath, ['--import', 'tsx', entry, '-', fixture('gated-worker.ts')], {
      input: '{"kind":"manual","tenant":"t1","runId":"stdin-run"}',
      env,
      encoding: 'utf8',
    });
    const notJson = spawnSync(process.execPath, ['--import', 'tsx', entry, '{nope', fixture('gated-worker.ts')], { env, encoding: 'utf8' });

    // Assess
    expect(fromStdin.status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ event: { kind: 'manual', tenant: 't1', runId: 'stdin-run' } });
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toContain('The event is not JSON');
  });
});
