/**
 * `npm run bench:suite`: runs `npm test` (or the command given: `npm run bench:suite -- npx vitest run
 * test/web`) and prints its wall time and
 * where its CPU went, by kind of process: every process on the machine is read from `/proc` twice a
 * second and its CPU time (user + system, all threads) is added to its kind. A process that lives
 * less than half a second can be missed; processes that were running before the start count only
 * what they used since. Linux only. Last line:
 * `suite seconds=<n> cpu_seconds=<n> cores_busy=<n>`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const ticksPerSecond = 100; // USER_HZ: 100 on every Linux Node runs on.
const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
const command = args.length > 0 ? args : ['npm', 'test'];

/** The kind of a process, from its command line and (for Java) its parent's. */
function kindOf(pid: string, cmd: string): string {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  if (cmd === '') return 'kernel';
  if (/DynamoDBLocal/.test(cmd)) {
    const parent = read(`/proc/${pid}/stat`).split(')').at(-1)!.trim().split(' ')[1];
    const parentCmd = read(`/proc/${parent}/cmdline`);
    return /vitest/.test(parentCmd) && !/forks/.test(parentCmd) ? 'DynamoDB Local (shared by the run)' : 'DynamoDB Local (other)';
  }
  if (/chrom/.test(cmd)) return `Chromium ${/--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser'}`;
  if (/vitest/.test(cmd)) return /forks/.test(cmd) ? 'vitest workers' : 'vitest main';
  if (/infra\/local\/start\.ts/.test(cmd)) return 'npm start';
  if (/run-worker/.test(cmd)) return 'rollup worker processes';
  if (/attain\.mjs/.test(cmd)) return 'attain CLI';
  if (/\btsc\b/.test(cmd)) return 'tsc';
  if (/node|npm|tsx/.test(cmd)) return 'other Node';
  return 'other';
}

const seen = new Map<string, { kind: string; ticks: number }>();
const byKind = new Map<string, number>();
function sample(count: boolean): void {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!.trim().split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const key = `${pid}:${fields[19]}`; // pid and start time: a reused pid is another process
      let entry = seen.get(key);
      if (!entry) {
        entry = { kind: kindOf(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()), ticks: count ? 0 : ticks };
        seen.set(key, entry);
      }
      if (count) byKind.set(entry.kind, (byKind.get(entry.kind) ?? 0) + ticks - entry.ticks);
      entry.ticks = ticks;
    } catch {
      // The process ended between the listing and the read.
    }
  }
}

sample(false); // what ran before the start is not the suite's
const started = performance.now();
// Its output is not shown (the figures are what this prints); run the command itself to read it.
const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore' });
const timer = setInterval(() => sample(true), 500);
const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
clearInterval(timer);
sample(true);
const seconds = (performance.now() - started) / 1000;
const rows = [...byKind].filter(([kind]) => kind !== 'kernel' && kind !== 'other').sort((a, b) => b[1] - a[1]);
const cpu = rows.reduce((sum, [, ticks]) => sum + ticks, 0) / ticksPerSecond;
for (const [kind, ticks] of rows) console.log(`${(ticks / ticksPerSecond).toFixed(1).padStart(7)} s  ${kind}`);
console.log(`${command.join(' ')} exited ${code}`);
console.log(`suite seconds=${seconds.toFixed(0)} cpu_seconds=${cpu.toFixed(0)} cores_busy=${(cpu / seconds).toFixed(2)} of ${availableParallelism()}`);
process.exitCode = code;
