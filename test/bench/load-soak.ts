/**
 * `npm run bench:soak`: a bounded soak of the local stack (start.ts as its own process, with its
 * scheduler) — mixed traffic (dashboards, goal reads, record upserts over a fixed set of ids) at a
 * steady rate while the demo tenant's schedule is set to every minute, so the scheduler forces a
 * "nightly" rollup each minute. Prints the gateway process's RSS at the start, after warm-up and at
 * the end, and exits 1 when it grew by more than the bound after warm-up, when any request
 * failed, or when no scheduled rollup ran or one failed.
 *
 *   ATTAIN_SOAK_SECONDS         total traffic time (default 150)
 *   ATTAIN_SOAK_RATE            requests per second (default 200)
 *   ATTAIN_SOAK_MAX_GROWTH_MB   allowed RSS growth after the warm-up round (default 80)
 */
import { call, runRollup, startLoadStack } from './load-stack.ts';
import { cycling, demoPaths, drive, figures, formatFigures, recordWrites } from './load.ts';
import type { Request } from 'autocannon';

const totalSeconds = Number(process.env.ATTAIN_SOAK_SECONDS ?? 150);
const rate = Number(process.env.ATTAIN_SOAK_RATE ?? 200);
const maxGrowthMb = Number(process.env.ATTAIN_SOAK_MAX_GROWTH_MB ?? 80);
const roundSeconds = 10;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const mb = (value: number) => value.toFixed(1);

async function main(): Promise<number> {
  const stack = await startLoadStack({ scheduler: true });
  try {
    const first = await runRollup(stack.url, stack.adminToken);
    if (first.status !== 'succeeded') throw new Error(`the first rollup ${first.status}`);
    const rssAtStart = stack.gatewayRssMb();
    const soakStart = Date.now();
    const schedule = await call(stack.url, stack.adminToken, 'PUT', '/settings', { rollupSchedule: '* * * * *' });
    if (schedule.status !== 200) throw new Error(`PUT /settings answered ${schedule.status}`);
    const paths = await demoPaths(stack);
    // Record upserts over 500 fixed ids with a newer updatedAt each time: steady writes, a bounded table.
    const mixed: Request[] = [cycling(paths.dashboards), cycling(paths.goals), cycling(paths.goals), recordWrites((n) => `soak-${n % 500}`)];
    const token = stack.adminToken; // admin may read and write records: one token for the mix
    console.log(`soak setup: ${totalSeconds} s of mixed traffic at ${rate} req/s in ${roundSeconds} s rounds, schedule "* * * * *"; gateway pid ${stack.gatewayPid} rss_mb=${mb(rssAtStart)}`);

    const samples: number[] = [];
    let errors = 0;
    let requests = 0;
    for (let round = 0; (Date.now() - soakStart) / 1000 < totalSeconds; round++) {
      const result = await drive(stack, token, mixed, roundSeconds, { overallRate: rate });
      const f = figures(`soak-round-${round + 1}`, result);
      errors += f.errors;
      requests += f.requests;
      samples.push(stack.gatewayRssMb());
      console.log(`${formatFigures(f)} rss_mb=${mb(samples.at(-1)!)}`);
    }

    const runs = (await call(stack.url, token, 'GET', '/rollups?limit=100')).body.items as { trigger: string; status: string; startedAt: string | null }[];
    const scheduled = runs.filter((r) => r.trigger === 'schedule' && r.startedAt && Date.parse(r.startedAt) >= soakStart);
    const failed = scheduled.filter((r) => r.status !== 'succeeded');
    const afterWarmUp = median(samples.slice(0, 3));
    const atEnd = median(samples.slice(-3));
    const growth = atEnd - afterWarmUp;
    const ok = errors === 0 && scheduled.length >= 1 && failed.length === 0 && growth <= maxGrowthMb;
    console.log(
      `soak summary: ${requests} requests in ${((Date.now() - soakStart) / 1000).toFixed(0)} s, errors=${errors}, scheduled_rollups=${scheduled.length} failed=${failed.length}, ` +
        `gateway rss_mb start=${mb(rssAtStart)} after_warmup=${mb(afterWarmUp)} end=${mb(atEnd)} max=${mb(Math.max(...samples))} growth=${mb(growth)} (bound ${maxGrowthMb}) result=${ok ? 'ok' : 'FAILED'}`,
    );
    return ok ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench:soak failed:', error);
    process.exit(1);
  },
);
