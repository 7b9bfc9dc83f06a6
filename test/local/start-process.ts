import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartedProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout, with the output. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the whole process group (a test's last resort, so nothing outlives it). */
  killGroup(): void;
}

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), 'attain-start-'));

/**
 * Runs `npm start` (or another command) in its own process group with `env` added, capturing output.
 */
export function spawnStart(env: Record<string, string>, command: readonly string[] = ['npm', 'start']): StartedProcess {
  const child = spawn(command[0]!, command.slice(1), {
    cwd: new URL('../../', import.meta.url),
    env: { ...process.env, ...env },
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
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
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

/** The pid npm start prints for DynamoDB Local. */
export async function javaPidOf(started: StartedProcess): Promise<number> {
  const [, pid] = await started.waitFor(/DynamoDB Local \(pid (\d+)\)/);
  return Number(pid);
}

/** The admin token npm start prints. */
export async function tokenOf(started: StartedProcess): Promise<string> {
  const [, token] = await started.waitFor(/Bearer ([\w-]+\.[\w-]+\.[\w-]+)/);
  return token!;
}
