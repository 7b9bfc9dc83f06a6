/**
 * `npm run bench:live`: the live path on the local stack — DynamoDB Local, the API over HTTP, the
 * table's stream polled and handed to the live consumer's handler as `npm start` does, the worker's
 * use case in this process. A tenant of 8 reps (a goal each), their team's and the organization's
 * goals, counting won deals. Then:
 *   (a) 1,000 single-record PUTs from 8 concurrent writers (one rep each): from each PUT's answer
 *       until the rep's goal shows it (progress polled every 10 ms);
 *   (b) 20,000 records by batch (500 a request): from the last batch's answer until every goal
 *       shows them;
 *   DynamoDB calls the consumer made per record change, and a full run's drift at the end.
 * Last line: `live records=<n> p50_ms=<n> p99_ms=<n> burst_records=20000 burst_settle_ms=<n> calls_per_change=<n> drift=<n>`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { attainClient } from '../../infra/client/attain-client.ts';
import { startBenchTable } from './bench-table.ts';

const PUTS = Number(process.env.BENCH_LIVE_PUTS ?? 1_000);
const WRITERS = 8;
const BURST = Number(process.env.BENCH_LIVE_BURST ?? 20_000);
const tenant = 'bench-live';
const table = 'attain-bench-live';

const ddbLocal = await startBenchTable(table);
// Modules that read the environment load after it is set.
const { ddb, tableName } = await import('../../functions/store/client.ts');
const { cloudPorts } = await import('../../functions/cloud-ports.ts');
const { systemClock } = await import('../../functions/compose.ts');
const { consumerWith } = await import('../../functions/live/consumer.ts');
const { liveRepository } = await import('../../functions/store/live-repository.ts');
const { runRepository } = await import('../../functions/store/run-repository.ts');
const { cachedCreditModels } = await import('../../functions/use-cases/live/credit-models.ts');
const { runRollup } = await import('../../functions/use-cases/rollups/run-rollup.ts');
const { startGateway } = await import('../../infra/local/gateway.ts');
const { signDevToken } = await import('../../infra/local/dev-token.ts');
const { startStreamPoller } = await import('../../infra/local/stream-poller.ts');
const { lambdaContext } = await import('../../infra/local/lambda-context.ts');

// The consumer's DynamoDB calls, told apart from the API's by the async context they run in.
const inConsumer = new AsyncLocalStorage<boolean>();
let consumerCalls = 0;
ddb().middlewareStack.add((next) => async (args) => {
  if (inConsumer.getStore()) consumerCalls++;
  return next(args);
}, { step: 'initialize', name: 'countConsumerCalls' });

const background: Promise<unknown>[] = [];
const ports = cloudPorts({
  dispatcher: async (event) => void background.push(runRollup(ports, event).catch((error: unknown) => console.error('run failed', error))),
});
let applied = 0;
const consumer = consumerWith({
  live: liveRepository,
  creditModels: cachedCreditModels({ ...ports, live: liveRepository }),
  clock: systemClock,
  runs: runRepository,
  dispatcher: ports.dispatcher,
});
const clientConfig = { endpoint: ddbLocal.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
const poller = startStreamPoller({
  dynamodb: new DynamoDBClient(clientConfig),
  streams: new DynamoDBStreamsClient(clientConfig),
  tableName: tableName(),
  batchSize: 100,
  handler: (event) => {
    applied += event.Records.filter((r) => r.dynamodb?.NewImage?.entity?.S === 'record' || r.dynamodb?.NewImage?.entity?.S === 'record-tombstone').length;
    return inConsumer.run(true, () => consumer(event, lambdaContext('attain-live', randomUUID())));
  },
});
await poller.ready;

const gateway = await startGateway({ port: 0, secret: 'bench-secret', ports });
const token = await signDevToken({ sub: 'u-admin', tenant, role: 'admin' }, { secret: 'bench-secret' });
const api = attainClient(gateway.url, token);
const reps = Array.from({ length: WRITERS }, (_, i) => `rep-${i}`);
const year = String(new Date().getUTCFullYear());
const period = { start: `${year}-01-01`, end: `${year}-12-31` };
await api.call('PUT', '/settings', { timezone: 'UTC', stopRollupDaysAfterEnd: 3650 });
await api.call('PUT', '/units/org', { name: 'Org', kind: 'organization' });
await api.call('PUT', '/units/team', { name: 'Team', kind: 'team', parentId: 'org' });
for (const rep of reps) await api.call('PUT', `/users/${rep}`, { name: rep, role: 'member', memberships: [{ unitId: 'team' }] });
await api.call('POST', '/metrics', { template: 'deal-count', id: 'deals' });
await api.call('POST', '/goals', { id: 'g-org', name: 'Org', metricId: 'deals', owner: { type: 'organization', id: 'org' }, period, target: 100_000 });
await api.call('POST', '/goals', { id: 'g-team', name: 'Team', metricId: 'deals', owner: { type: 'team', id: 'team' }, period, target: 100_000, parentId: 'g-org' });
for (const rep of reps) await api.call('POST', '/goals', { id: `g-${rep}`, name: rep, metricId: 'deals', owner: { type: 'user', id: rep }, period, target: 10_000, parentId: 'g-team' });
/** Waits until a run has ended (it may queue behind a definition change's recomputation first). */
async function ended(runId: string) {
  for (;;) {
    const run = await api.call<{ status: string; verification: { goalsDrifted: number; goalsVerified: number } }>('GET', `/rollups/${runId}`);
    if (run.status === 'succeeded' || run.status === 'failed') return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const first = await api.call<{ runId: string }>('POST', '/rollups', {});
await ended(first.runId);
console.log(`tenant ready (run ${first.runId}); ${PUTS} PUTs from ${WRITERS} writers`);

const actual = async (goalId: string) => Number((await api.call<{ actual: string }>('GET', `/goals/${goalId}/progress`)).actual);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const deal = (ownerId: string) => {
  const now = new Date().toISOString();
  return { ownerId, updatedAt: now, status: 'won', closedAt: now };
};

// (a) single PUTs: each writer waits until its rep's goal shows its write, then writes the next.
const latencies: number[] = [];
const callsBefore = consumerCalls;
const appliedBefore = applied;
await Promise.all(
  reps.map(async (rep, w) => {
    for (let n = 1; n <= PUTS / WRITERS; n++) {
      await api.call('PUT', `/records/deal/${rep}-${n}`, deal(rep));
      const answered = performance.now();
      while ((await actual(`g-${rep}`)) < n) {
        await pause(10);
      }
      latencies.push(performance.now() - answered);
    }
    void w;
  }),
);
const perChange = (consumerCalls - callsBefore) / Math.max(1, applied - appliedBefore);
latencies.sort((a, b) => a - b);
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

// (b) the burst: 20,000 records by batch, then until every goal shows them.
const before = await actual('g-org');
const burstStarted = performance.now();
for (let i = 0; i < BURST; i += 500) {
  const records = Array.from({ length: Math.min(500, BURST - i) }, (_, k) => ({ recordType: 'deal', id: `burst-${i + k}`, ...deal(reps[(i + k) % WRITERS]!) }));
  await api.call('POST', '/records/batch', { records });
}
const written = performance.now();
while ((await actual('g-org')) < before + BURST) await pause(50);
for (const rep of reps) while ((await actual(`g-${rep}`)) < PUTS / WRITERS + BURST / WRITERS) await pause(50);
const settled = performance.now();

// A full run at the end: what it finds to repair.
const last = await api.call<{ runId: string }>('POST', '/rollups', {});
const run = await ended(last.runId);

await poller.stop();
await gateway.close();
await ddbLocal.stop();
console.log(`burst of ${BURST} written in ${Math.round(written - burstStarted)} ms; verified ${run.verification.goalsVerified} goals`);
console.log(
  `live records=${latencies.length} p50_ms=${Math.round(percentile(50))} p99_ms=${Math.round(percentile(99))} burst_records=${BURST} burst_settle_ms=${Math.round(settled - written)} calls_per_change=${perChange.toFixed(2)} drift=${run.verification.goalsDrifted}`,
);
process.exit(0);
