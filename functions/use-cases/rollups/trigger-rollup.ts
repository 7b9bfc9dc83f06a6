import type { AppPorts } from '../ports.ts';
import { failInterruptedRuns, failRun, newRun, type RunScope } from './runs.ts';

/** What triggering a run needs: running it is the worker's, reached through the dispatcher. */
export type TriggerRollupPorts = Pick<AppPorts, 'clock' | 'ids' | 'leaseMs' | 'runs' | 'results' | 'dispatcher'>;

/**
 * POST /rollups: queues a run and hands it to the worker, unless a run is queued or running —
 * then that run is the answer (`created: false`). The lease is the one-run-per-tenant lock.
 * `scope` null: the whole tenant.
 */
export async function triggerRollup(ports: TriggerRollupPorts, tenant: string, scope: RunScope | null) {
  const nowMs = ports.clock.now();
  const run = newRun(ports, 'manual', scope, nowMs);
  if (!(await ports.runs.acquireLease(tenant, run.runId, nowMs, ports.leaseMs))) {
    const lease = await ports.runs.getLease(tenant);
    const holder = lease ? await ports.runs.getRun(tenant, lease.runId) : undefined;
    return { runId: lease?.runId ?? run.runId, status: holder?.status ?? ('queued' as const), created: false };
  }
  await ports.runs.putRun(tenant, run);
  await failInterruptedRuns(ports, tenant, run.runId, nowMs);
  try {
    await ports.dispatcher({ kind: 'manual', tenant, runId: run.runId });
  } catch (error) {
    await failRun(ports, tenant, run.runId, 'The rollup worker could not be started', ports.clock.now());
    await ports.runs.releaseLease(tenant, run.runId);
    throw error;
  }
  return { runId: run.runId, status: run.status, created: true };
}

