/**
 * The local form of "invoke the rollup worker asynchronously": each rollup event starts its own
 * Node process running `run-worker.ts`, the way each asynchronous invoke gets its own Lambda
 * execution. The dispatcher returns as soon as the process has started; the process's output goes
 * to npm start's, one prefixed line at a time; `stopAll` ends every worker still running.
 *
 * A `recompute` event for a tenant whose recompute worker is still running starts no process of its
 * own: the events that arrive meanwhile are folded into one, started when that worker ends. (In
 * Lambda each would be an invoke that finds the lease busy and returns; here each would be a Node
 * process compiling the worker for seconds of CPU — loading the demo asked for dozens. The worker
 * started afterwards recomputes whatever is still asked for, so nothing asked is left behind.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RollupDispatcher } from '../../functions/use-cases/rollups/ports.ts';
import type { RollupEvent } from '../../functions/use-cases/rollups/rollup-event.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const runWorkerEntry = fileURLToPath(new URL('./run-worker.ts', import.meta.url));
/** tsx's ESM loader by absolute URL, so the child compiles TypeScript wherever it runs. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export const defaultWorkerModule = fileURLToPath(new URL('../../functions/rollup/worker.ts', import.meta.url));

export interface WorkerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface WorkerProcess {
  readonly pid: number;
  /** The run id of a manual event, the tenant of a scheduled one: the prefix of its output. */
  readonly label: string;
  readonly event: RollupEvent;
  readonly child: ChildProcess;
  /** Resolves when the process has exited and its output is flushed. */
  readonly exited: Promise<WorkerExit>;
}

export interface WorkerProcessOptions {
  /** The module exporting `handler(event, context)`; default `functions/rollup/worker.ts`. */
  readonly workerModule?: string;
  /** The child's environment; default this process's environment at the time of the dispatch. */
  readonly env?: () => NodeJS.ProcessEnv;
  /** Where the child's prefixed lines go; default this process's stdout and stderr. */
  readonly write?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Called with each process once it has started (tests take its pid from here). */
  readonly onSpawn?: (worker: WorkerProcess) => void;
}

export interface WorkerProcesses {
  /** The ports' dispatcher: resolves once the worker process has started. */
  readonly dispatch: RollupDispatcher;
  /** The workers still running. */
  running(): WorkerProcess[];
  /** The most recently started worker. */
  last(): WorkerProcess | undefined;
  /** Refuses new work, sends SIGTERM to every running worker, SIGKILL after `graceMs`; resolves when all exited. */
  stopAll(graceMs?: number): Promise<void>;
}

const defaultWrite = (line: string, stream: 'stdout' | 'stderr'): void => {
  (stream === 'stdout' ? process.stdout : process.stderr).write(`${line}\n`);
};

export function createWorkerProcesses(options: WorkerProcessOptions = {}): WorkerProcesses {
  const workerModule = options.workerModule ?? defaultWorkerModule;
  const write = options.write ?? defaultWrite;
  const running = new Set<WorkerProcess>();
  let last: WorkerProcess | undefined;
  let stopping = false;
  // Tenants with a recompute worker running → whether another was asked for meanwhile.
  const recomputing = new Map<string, { again: boolean }>();

  const dispatch: RollupDispatcher = async (event) => {
    if (event.kind !== 'recompute') return void (await start(event));
    const current = recomputing.get(event.tenant);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: false };
    recomputing.set(event.tenant, state);
    try {
      const worker = await start(event);
      void worker.exited.then(() => {
        recomputing.delete(event.tenant);
        if (state.again && !stopping) dispatch(event).catch((error: unknown) => write(`[worker ${event.tenant}] could not start again: ${String(error)}`, 'stderr'));
      });
    } catch (error) {
      recomputing.delete(event.tenant);
      throw error;
    }
  };

  const start = (event: RollupEvent): Promise<WorkerProcess> =>
    new Promise<WorkerProcess>((resolve, reject) => {
      if (stopping) return reject(new Error('npm start is stopping: no new rollup worker'));
      const label = event.kind === 'manual' ? event.runId : event.tenant;
      const prefix = `[worker ${label}]`;
      const startedAt = Date.now();
      const child = spawn(process.execPath, ['--import', tsxLoader, runWorkerEntry, JSON.stringify(event), workerModule], {
        cwd: repositoryRoot,
        env: (options.env ?? (() => process.env))(),
        // The IPC channel carries nothing; its closing tells the worker that npm start is gone.
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      for (const [stream, name] of [
        [child.stdout!, 'stdout'],
        [child.stderr!, 'stderr'],
      ] as const) {
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => write(`${prefix} ${line}`, name));
      }
      const exited = new Promise<WorkerExit>((resolveExit) =>
        child.once('close', (code, signal) => {
          running.delete(worker);
          if (child.pid === undefined) return resolveExit({ code, signal }); // never started: the dispatch rejected
          const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
          if (code === 0) write(`${prefix} finished in ${seconds} s`, 'stdout');
          else write(`${prefix} ${signal ? `killed by ${signal}` : `failed with exit code ${code}`} after ${seconds} s`, 'stderr');
          resolveExit({ code, signal });
        }),
      );
      const worker: WorkerProcess = {
        get pid() {
          return child.pid!;
        },
        label,
        event,
        child,
        exited,
      };
      // Counted as running from the fork on, not from its 'spawn' event: a stopAll in between ends it too.
      if (child.pid !== undefined) running.add(worker);
      child.once('spawn', () => {
        last = worker;
        write(`${prefix} started (pid ${child.pid}) for ${JSON.stringify(event)}`, 'stdout');
        options.onSpawn?.(worker);
        resolve(worker);
      });
      child.on('error', (error) => {
        if (child.pid === undefined) reject(error); // could not start; after a start, 'close' reports the end
      });
    });

  return {
    dispatch,
    running: () => [...running],
    last: () => last,
    async stopAll(graceMs = 3_000) {
      stopping = true;
      await Promise.all(
        [...running].map(async (worker) => {
          worker.child.kill('SIGTERM');
          let timer: ReturnType<typeof setTimeout> | undefined;
          const killed = new Promise<void>((resolve) => {
            timer = setTimeout(() => {
              worker.child.kill('SIGKILL');
              resolve();
            }, graceMs);
          });
          await Promise.race([worker.exited, killed]);
          await worker.exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
