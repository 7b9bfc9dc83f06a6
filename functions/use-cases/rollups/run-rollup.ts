import { logger } from '../../shared/observability.ts';
import type { RollupRun } from '../../../core/model/rollup-run.ts';
import type { AppPorts } from '../ports.ts';
import { computeRun, LeaseLostError, type ComputeRunPorts, type RunCounts } from './compute-run.ts';
import type { RollupEvent } from './rollup-event.ts';
import { failInterruptedRuns, failRun, newRun } from './runs.ts';
import { releaseDrained } from '../live/apply-as-run.ts';
import { LiveLeaseLostError } from '../live/ports.ts';

/** What running a rollup needs: computing it, plus the lease's length and the ids of new runs. */
export type RunRollupPorts = ComputeRunPorts & Pick<AppPorts, 'ids' | 'leaseMs'>;

/** Runs a run that holds the lease, from `running` to `succeeded` (with its counts) or `failed`. */
async function execute(ports: RunRollupPorts, tenant: string, run: RollupRun): Promise<{ outcome: 'succeeded'; counts: RunCounts } | { outcome: 'failed' }> {
  const { clock, leaseMs } = ports;
  let leaseLost = false;
  // The lease is known to be held until a whole lease after the last renewal that succeeded.
  let heldSinceMs = clock.now();
  const stopHeartbeat = clock.every(Math.max(1_000, leaseMs / 3), () => {
    const renewedAt = clock.now();
    ports.runs
      .renewLease(tenant, run.runId, renewedAt, leaseMs)
      .then((held) => {
        if (held) heldSinceMs = Math.max(heldSinceMs, renewedAt);
        leaseLost ||= !held;
      })
      .catch((error: unknown) => logger.warn('Lease renewal failed', { error: String(error) }));
  });
  try {
    const counts = await computeRun(ports, tenant, run, () => {
      if (leaseLost) throw new LeaseLostError('The run lost its lease');
      if (clock.now() - heldSinceMs >= leaseMs) throw new LeaseLostError('The run could not renew its lease');
    });
    await ports.runs.updateRun(tenant, run.runId, ['running'], { status: 'succeeded', finishedAt: new Date(clock.now()).toISOString(), ...counts });
    return { outcome: 'succeeded', counts };
  } catch (error) {
    logger.error('Rollup run failed', { tenant, runId: run.runId, error: error instanceof Error ? error : String(error) });
    // Each goal keeps the standing it had, or the whole one this run published for it before it failed.
    const message = error instanceof LeaseLostError || error instanceof LiveLeaseLostError ? error.message : 'The rollup failed; the goals it did not reach keep their previous results';
    await failRun(ports, tenant, run.runId, message, clock.now());
    return { outcome: 'failed' };
  } finally {
    stopHeartbeat();
    // Changes the live path diverted while the run held the lease are applied before it lets go.
    await releaseDrained(ports, tenant, run.runId).catch((error: unknown) => logger.warn('Letting go of the lease failed; it expires', { tenant, runId: run.runId, error: String(error) }));
  }
}

/** The worker's entry: the same run for both triggers, only the event differs. */
export async function runRollup(ports: RunRollupPorts, event: RollupEvent) {
  const { tenant } = event;
  const { clock, leaseMs } = ports;
  if (event.kind === 'schedule') {
    if (!(await ports.runs.claimScheduledFire(tenant, event.scheduledTime, clock.now()))) {
      return { outcome: 'duplicate' as const };
    }
    const run = newRun(ports, 'schedule', null, clock.now());
    if (!(await ports.runs.acquireLease(tenant, run.runId, clock.now(), leaseMs))) {
      return { outcome: 'busy' as const };
    }
    const started: RollupRun = { ...run, status: 'running', startedAt: new Date(clock.now()).toISOString() };
    await ports.runs.putRun(tenant, started);
    await failInterruptedRuns(ports, tenant, run.runId, clock.now());
    return { ...(await execute(ports, tenant, started)), runId: run.runId };
  }

  const run = await ports.runs.getRun(tenant, event.runId);
  if (!run || run.status !== 'queued') return { outcome: 'duplicate' as const };
  // The lease POST /rollups took must still be this run's and unexpired (the invoke may come late).
  if (!(await ports.runs.renewLease(tenant, run.runId, clock.now(), leaseMs))) {
    await failRun(ports, tenant, run.runId, 'The run lost its lease before it started', clock.now());
    return { outcome: 'failed' as const, runId: run.runId };
  }
  const startedAt = new Date(clock.now()).toISOString();
  // A second delivery of the same invoke finds the run no longer queued and stops here.
  if (!(await ports.runs.updateRun(tenant, run.runId, ['queued'], { status: 'running', startedAt }))) {
    return { outcome: 'duplicate' as const };
  }
  return { ...(await execute(ports, tenant, { ...run, status: 'running', startedAt })), runId: run.runId };
}
