/**
 * `npm run bench:write`: the batch route against the store's own bulk write, in one run. An
 * in-memory DynamoDB Local and a gateway on 127.0.0.1 (handlers in this process) are started here;
 * the same records go (a) through `POST /records/batch` over real HTTP, 500 per request, one request
 * at a time as `attain import` sends them, and (b) as raw `BatchWriteItem`s of the same items (25 per
 * call, 8 calls in flight: `batchWrite`) into the same table under another tenant. Every record is
 * written twice: once new, once as a newer version (the update path). The two alternate batch by
 * batch, so a busy machine slows both alike. The route's tenant has the bench's 300 users and 5
 * metrics (test/bench/core-rollup-data.ts), so each request reads what its records' warnings need
 * as it would in a real tenant. Last line:
 * `write records=<n> batch_records_per_s=<n> raw_records_per_s=<n> ratio=<batch/raw>`.
 */
import { readFileSync } from 'node:fs';
import { attainClient } from '../../infra/client/attain-client.ts';
import { startBenchTable } from './bench-table.ts';
import { benchRecords, benchTenant } from './core-rollup-data.ts';

const RECORDS = Number(process.env.BENCH_WRITE_RECORDS ?? 3_000);
const BATCH = 500;
const WARMUP_RECORDS = Number(process.env.BENCH_WRITE_WARMUP ?? 5_000);
const secret = 'bench-write-secret';

const ddbLocal = await startBenchTable('attain-bench-write');

// Modules that read the environment load after it is set.
const { batchWrite, putRequest } = await import('../../functions/store/batch-write.ts');
const { recordItem } = await import('../../functions/store/record-repository.ts');
const { startGateway } = await import('../../infra/local/gateway.ts');
const { ddb } = await import('../../functions/store/client.ts');
const { signDevToken } = await import('../../infra/local/dev-token.ts');
const { settingsRepository } = await import('../../functions/store/settings-repository.ts');
const { userRepository } = await import('../../functions/store/user-repository.ts');
const { metricRepository } = await import('../../functions/store/metric-repository.ts');

type Entry = { recordType: string; id: string; ownerId: string; updatedAt: string; splits?: unknown; [field: string]: unknown };

/** The bench's CRM records as batch entries, with `updatedAt` set to the version being written. */
function entries(count: number, prefix: string, updatedAt: string): Entry[] {
  return benchRecords(count).map(({ fields, ...record }) => ({ ...record, id: `${prefix}${record.id}`, updatedAt, ...fields }));
}

/** The items a raw bulk write stores for the same entries: exactly what the route stores. */
function items(tenant: string, batch: readonly Entry[]) {
  return batch.map(({ recordType, id, ownerId, updatedAt, splits, ...fields }) =>
    putRequest(recordItem(tenant, { recordType, id, ownerId, updatedAt, splits: (splits as never) ?? null, fields: fields as never })),
  );
}

// DynamoDB calls by command, to show what each way costs.
const calls = new Map<string, number>();
ddb().middlewareStack.add((next, context) => async (args) => {
  calls.set(context.commandName ?? '?', (calls.get(context.commandName ?? '?') ?? 0) + 1);
  return next(args);
}, { step: 'initialize', name: 'benchCountCalls' });
const callCounts = () => [...calls].map(([name, n]) => `${name.replace(/Command$/, '')} ${n}`).join(', ');

// The route's tenant as a real one: settings, users and metrics (the raw writes need none).
const seeded = benchTenant();
await settingsRepository.put('bench-api', seeded.settings, 0);
for (const user of seeded.users) await userRepository.put('bench-api', user, 0);
for (const metric of seeded.metrics) await metricRepository.create('bench-api', metric);

const gateway = await startGateway({ port: 0, host: '127.0.0.1', secret, webRoot: false });
const url = `http://127.0.0.1:${gateway.port}`;
const token = await signDevToken({ sub: 'crm', tenant: 'bench-api', role: 'integration' }, { secret });
const api = attainClient(url, token);

async function postBatch(batch: readonly Entry[], expectStatus: number): Promise<void> {
  const response = await api.send<{ results?: { status: number; applied?: boolean }[] }>('POST', '/records/batch', { records: batch });
  const body = response.body;
  const wrong = (body.results ?? []).filter((r) => r.status !== expectStatus || r.applied !== true);
  if (response.status !== 200 || body.results?.length !== batch.length || wrong.length > 0) {
    throw new Error(`POST /records/batch answered ${response.status}: ${JSON.stringify(wrong[0] ?? body).slice(0, 300)}`);
  }
}

/** CPU time (ms) DynamoDB Local's Java process used so far (utime + stime, in clock ticks of 10 ms). */
function javaCpuMs(): number {
  const fields = readFileSync(`/proc/${ddbLocal.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs `work` and adds its wall time and the CPU time of both processes (this one and Java) to `into`. */
async function timed(into: { ms: number; cpuMs: number; javaMs: number }, work: () => Promise<unknown>): Promise<void> {
  const java = javaCpuMs();
  const node = process.cpuUsage();
  const started = performance.now();
  await work();
  into.ms += performance.now() - started;
  const used = process.cpuUsage(node);
  into.javaMs += javaCpuMs() - java;
  into.cpuMs += javaCpuMs() - java + (used.user + used.system) / 1000;
}

/** The DynamoDB calls of the last batch route request. */
let routeCalls = '';

/** Writes `all` both ways, batch by batch, alternating which goes first; returns the time each took. */
async function measure(all: readonly Entry[], expectStatus: number) {
  const route = { ms: 0, cpuMs: 0, javaMs: 0 };
  const raw = { ms: 0, cpuMs: 0, javaMs: 0 };
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    const requests = items('bench-raw', batch);
    const viaRoute = async () => {
      calls.clear();
      await timed(route, () => postBatch(batch, expectStatus));
      routeCalls = callCounts();
    };
    const viaRaw = () => timed(raw, () => batchWrite(requests));
    if ((i / BATCH) % 2 === 0) {
      await viaRoute();
      await viaRaw();
    } else {
      await viaRaw();
      await viaRoute();
    }
  }
  return { route, raw, calls: routeCalls };
}

// Warm-up (untimed): DynamoDB Local's JIT, the handlers' first load, connection pools.
// Both paths (new records, newer versions) need thousands of records before they run at speed.
await measure(entries(WARMUP_RECORDS, 'warm-', '2026-01-01T00:00:00Z'), 201);
await measure(entries(WARMUP_RECORDS, 'warm-', '2026-02-01T00:00:00Z'), 200);

const created = await measure(entries(RECORDS, '', '2026-01-01T00:00:00Z'), 201);
const updated = await measure(entries(RECORDS, '', '2026-02-01T00:00:00Z'), 200);
await gateway.close();
await ddbLocal.stop();

const perSecond = (records: number, ms: number) => Math.round((records * 1000) / ms);
const cpuPerRecord = (records: number, cpuMs: number) => Math.round((cpuMs * 1000) / records);
for (const [what, m] of [['new records', created], ['newer versions', updated]] as const) {
  console.log(
    `${what}: batch route ${perSecond(RECORDS, m.route.ms)} records/s (${cpuPerRecord(RECORDS, m.route.cpuMs)} µs CPU each, ${cpuPerRecord(RECORDS, m.route.javaMs)} in DynamoDB Local), ` +
      `raw BatchWriteItem ${perSecond(RECORDS, m.raw.ms)} records/s (${cpuPerRecord(RECORDS, m.raw.cpuMs)} µs CPU each, ${cpuPerRecord(RECORDS, m.raw.javaMs)} in DynamoDB Local); one batch request: ${m.calls}`,
  );
}
const total = 2 * RECORDS;
const batchPerS = perSecond(total, created.route.ms + updated.route.ms);
const rawPerS = perSecond(total, created.raw.ms + updated.raw.ms);
console.log(`write records=${total} batch_records_per_s=${batchPerS} raw_records_per_s=${rawPerS} ratio=${(batchPerS / rawPerS).toFixed(2)}`);
process.exit(0);
