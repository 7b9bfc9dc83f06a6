import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testJavaEnv } from '../support/test-java.ts';

export interface StartedProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout, with the output. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the whole process group, leader gone or not (a test's last resort, so nothing outlives it). */
  killGroup(): void;
}

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), 'attain-start-'));

/**
 * Runs `npm start` (or another command) in its own process group with `env` added, capturing output.
 * Its DynamoDB Local runs with the tests' JVM options (test/support/test-java.ts).
 */
export function spawnStart(env: Record<string, string>, command: readonly string[] = ['npm', 'start']): StartedProcess {
  const child = spawn(command[0]!, command.slice(1), {
    cwd: new URL('../../', import.meta.url),
    env: { ...process.env, ...testJavaEnv(), ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const listener of listeners) listener();
    }),
  );

  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`Timed out waiting for ${pattern}; output:\n${output}`)), timeoutMs);
        const check = (): void => {
          const match = output.match(pattern);
          if (match) return finish(undefined, match);
          if (child.exitCode !== null || child.signalCode !== null) finish(new Error(`Exited (${child.exitCode ?? child.signalCode}) before ${pattern}; output:\n${output}`));
        };
        const finish = (error: Error | undefined, match?: RegExpMatchArray): void => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(match!);
        };
        listeners.add(check);
        check();
      });
    },
    killGroup() {
      // Also after npm itself exited: whatever it left in its group (a Java, a worker) goes too.
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}

/**
 * The exit of the process, or 'still running' once `ms` have passed: for a signal, a stop within
 * `ms` is the requirement itself, so this deadline is what is tested, not a guess at a duration.
 */
export function exitWithin(started: StartedProcess, ms = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
  return Promise.race([started.exited, deadline]).finally(() => clearTimeout(timer));
}

/** True while a process with this pid exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Running and not a zombie (a child that exited stays a zombie until its parent or init reaps it). */
export function isAlive(pid: number): boolean {
  if (!isRunning(pid)) return false;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return existsSync(`/proc/${pid}`) || process.platform !== 'linux';
  }
}

/**
 * Whether the process is gone within `ms`. After a Ctrl-C to the whole group, npm may exit before
 * its children finish stopping, so "nothing left running" is a short wait, not an instant check.
 */
export async function stopsWithin(pid: number, ms = 10_000): Promise<boolean> {
  for (const deadline = Date.now() + ms; isAlive(pid); ) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * The live (not zombie) processes of a process group, with their command lines: `spawnStart` makes
 * npm the leader of a group of its own, and Java, the worker processes and tsx's esbuild join it.
 */
export function groupMembers(pgid: number): { pid: number; command: string }[] {
  if (process.platform !== 'linux') {
    const ps = spawnSync('ps', ['-A', '-o', 'pid=,pgid=,stat=,command='], { encoding: 'utf8' });
    return ps.stdout
      .split('\n')
      .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === pgid && !m[3]!.startsWith('Z'))
      .map((m) => ({ pid: Number(m[1]), command: m[4]! }));
  }
  const members: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== pgid || state === 'Z') continue;
      members.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // It exited while we looked.
    }
  }
  return members;
}

/** Whether every process of the group is gone within `ms` (what is left, if not). */
export async function groupStopsWithin(pgid: number, ms = 10_000): Promise<{ pid: number; command: string }[]> {
  for (const deadline = Date.now() + ms; ; ) {
    const left = groupMembers(pgid);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The pid npm start prints for DynamoDB Local when it spawns it. */
export async function javaPidOf(started: StartedProcess): Promise<number> {
  const [, pid] = await started.waitFor(/Starting DynamoDB Local \(pid (\d+)\)/);
  return Number(pid);
}

/** The admin token npm start prints. */
export async function tokenOf(started: StartedProcess): Promise<string> {
  const [, token] = await started.waitFor(/Bearer ([\w-]+\.[\w-]+\.[\w-]+)/);
  return token!;
}
