/**
 * `npm run bench:rollup`: 100,000 records and 1,000 goals in DynamoDB Local; times (a) a bare
 * paginated read of exactly the records the rollup needs and (b) the full rollup (lease, reads of
 * records and shadows, core, verification, standings published behind the lease, history) — its
 * first run, which catches every record up, and a nightly one after it — and counts DynamoDB calls,
 * also for a dashboard of 50 goals.
 */
import { planRun } from '../../core/rollup/plan-run.ts';
import { attainClient } from '../../infra/client/attain-client.ts';
import { startBenchTable } from './bench-table.ts';
import { benchRecords, benchTenant } from './core-rollup-data.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const GOALS = 1_000;
const tenant = 'bench';

const ddbLocal = await startBenchTable('attain-bench');

// Modules that read the environment load after it is set.
const { ddb } = await import('../../functions/store/client.ts');
const { batchWrite, putRequest } = await import('../../functions/store/batch-write.ts');
const { recordItem } = await import('../../functions/store/record-repository.ts');
const { readRecordsOfType } = await import('../../functions/store/record-reader.ts');
const { goalRepository } = await import('../../functions/store/goal-repository.ts');
const { metricRepository } = await import('../../functions/store/metric-repository.ts');
const { settingsRepository } = await import('../../functions/store/settings-repository.ts');
const { unitRepository } = await import('../../functions/store/unit-repository.ts');
const { userRepository } = await import('../../functions/store/user-repository.ts');
const { cloudPorts } = await import('../../functions/cloud-ports.ts');
const { triggerRollup } = await import('../../functions/use-cases/rollups/trigger-rollup.ts');
const { runRollup } = await import('../../functions/use-cases/rollups/run-rollup.ts');
const { startGateway } = await import('../../infra/local/gateway.ts');
const { signDevToken } = await import('../../infra/local/dev-token.ts');

let calls = 0;
ddb().middlewareStack.add((next) => async (args) => {
  calls++;
  return next(args);
}, { step: 'initialize', name: 'countCalls' });

// Prepare: the bench tenant's org, two metrics' goal trees (parents before children), 50 active
// goals of one rep for the dashboard, and the records.
const data = benchTenant();
// One metric per record type, so every record is needed; yearly and quarterly goals, parents first.
const metricIds = new Set(['revenue', 'leads-qualified', 'calls-made']);
const yearAndQuarters = /:(y|q\d)$/;
const treeGoals = data.goals.filter((g) => metricIds.has(g.metricId) && yearAndQuarters.test(g.id)).slice(0, GOALS - 50);
const dashboardGoals = Array.from({ length: 50 }, (_, i) => ({
  id: `dash-${i}`, name: `Dashboard goal ${i}`, metricId: 'calls-made', owner: { type: 'user' as const, id: 'u0' },
  period: { start: '2026-01-01', end: '2026-12-31' }, target: String(100 + i), stretchTarget: null, parentId: null, rollupMode: 'owner' as const, filter: null,
}));
const goals = [...treeGoals, ...dashboardGoals];
const { version: _v, ...settings } = await settingsRepository.get(tenant);
await settingsRepository.put(tenant, { ...settings, ...data.settings, stopRollupDaysAfterEnd: 3650 }, 0);
for (const unit of data.units) await unitRepository.put(tenant, { ...unit, parentId: unit.parentId ?? null, managerIds: [], version: 1 }, 0);
for (const user of data.users) {
  await userRepository.put(tenant, { id: user.id, name: user.name, email: null, role: 'member', active: true, zones: [], canLockTargets: false, version: 1,
    memberships: user.memberships.map((m) => ({ unitId: m.unitId, from: m.from ?? null, to: m.to ?? null })) }, 0);
}
for (const metric of data.metrics.filter((m) => metricIds.has(m.id))) {
  await metricRepository.create(tenant, { id: metric.id, name: metric.name, kind: metric.kind, dataType: metric.dataType, currency: metric.currency ?? null,
    recordType: metric.recordType, dateField: metric.dateField, valueField: metric.valueField ?? null, actual: metric.actual ?? null,
    inProgress: metric.inProgress ?? null, custom: metric.custom ?? null, version: 1 } as never);
}
for (let i = 0; i < goals.length; i += 25) {
  await goalRepository.write(tenant, goals.slice(i, i + 25).map((g) => ({
    goal: { description: '', bonus: null, locked: false, version: 1, ...g, target: String(g.target), stretchTarget: null, parentId: g.parentId ?? null, filter: null } as never,
    expectedVersion: 0,
  })));
}
const records = benchRecords(RECORDS);
const loadStarted = Date.now();
await batchWrite(records.map((r) => putRequest(recordItem(tenant, { ...r, splits: r.splits ?? null, fields: r.fields as never }))), { concurrency: 16 });
console.log(`loaded ${records.length} records and ${goals.length} goals in ${Math.round((Date.now() - loadStarted) / 1000)} s`);

// (a) The bare read: exactly the records the rollup needs, page by page, nothing else. One
// untimed pass first, so neither measurement pays for DynamoDB Local's JIT warm-up.
const plan = planRun({ goals, metrics: data.metrics.filter((m) => metricIds.has(m.id)), settings: { ...data.settings, stopRollupDaysAfterEnd: 3650 }, nowMs: Date.now(), hasPreviousResult: () => false });
const bareRead = async () => {
  let read = 0;
  await Promise.all([...plan.reads].map(([type, window]) => readRecordsOfType(tenant, type, (page) => (read += page.length), { window: window ?? undefined })));
  return read;
};
await bareRead();
const readStarted = performance.now();
const read = await bareRead();
const readMs = performance.now() - readStarted;

// (b) The full rollup, as POST /rollups runs it: first with every record new to the live path (the
// records were written around it: the run catches all of them up in bulk), then as every night,
// the live values current (it reads the records and the shadows over its window, and verifies).
const ports = cloudPorts({ dispatcher: async () => undefined });
const timedRun = async () => {
  calls = 0;
  const started = performance.now();
  const { runId } = await triggerRollup(ports, tenant, null);
  const outcome = await runRollup(ports, { kind: 'manual', tenant, runId });
  if (outcome.outcome !== 'succeeded') throw new Error(`rollup ${outcome.outcome}`);
  return { runId, outcome, ms: performance.now() - started, calls };
};
const first = await timedRun();
const { runId, outcome, ms: rollupMs, calls: rollupCalls } = await timedRun();

// A dashboard of 50 goals over real HTTP; the handlers run in this process, so calls are counted.
const gateway = await startGateway({ port: 0, secret: 'bench-secret' });
const token = await signDevToken({ sub: 'u0', tenant, role: 'member' }, { secret: 'bench-secret' });
calls = 0;
const dashboard = await attainClient(gateway.url, token).call<{ items: unknown[] }>('GET', '/dashboard');
const dashboardCalls = calls;
await gateway.close();
await ddbLocal.stop();

console.log(`records the rollup needs ${read}; run ${runId}: ${outcome.outcome}; dashboard goals ${dashboard.items.length}`);
console.log(
  `rollup records=${records.length} goals=${goals.length} read_ms=${Math.round(readMs)} rollup_ms=${Math.round(rollupMs)} ratio=${(rollupMs / readMs).toFixed(2)} ddb_calls=${rollupCalls} first_run_ms=${Math.round(first.ms)} first_run_ddb_calls=${first.calls} dashboard_ddb_calls=${dashboardCalls}`,
);
process.exit(0);
