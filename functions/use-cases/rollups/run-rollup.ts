import { logger } from '../../shared/observability.ts';
import type { RollupRun } from '../../../core/model/rollup-run.ts';
import type { AppPorts } from '../ports.ts';
import { computeRun, LeaseLostError, type ComputeRunPorts, type RunCounts } from './compute-run.ts';
import type { RollupEvent } from './rollup-event.ts';
import { failInterruptedRuns, failRun, leaseHolder, newRun, recomputeHolderPrefix } from './runs.ts';
import { releaseDrained } from '../live/apply-as-run.ts';
import { LiveLeaseLostError } from '../live/ports.ts';

/** What running a rollup needs: computing it, plus the lease's length, the ids of new runs and the dispatcher (a recomputation asked for while it held the lease). */
export type RunRollupPorts = ComputeRunPorts & Pick<AppPorts, 'ids' | 'leaseMs' | 'dispatcher'>;

/**
 * Does `work` while `holder` holds the tenant's lease, renewing it every third of it (on the ports'
 * clock); `assertLease` throws LeaseLostError once the lease may be lost. Then recomputes what
 * definition changes asked for meanwhile (under the same lease), drains the live path's inbox and
 * lets go; a recomputation asked for after the last look gets its own event.
 */
async function holdingLease<T>(ports: RunRollupPorts, tenant: string, holder: string, work: (assertLease: () => void) => Promise<T>): Promise<T> {
  const { clock, leaseMs } = ports;
  let leaseLost = false;
  // The lease is known to be held until a whole lease after the last renewal that succeeded.
  let heldSinceMs = clock.now();
  const stopHeartbeat = clock.every(Math.max(1_000, leaseMs / 3), () => {
    const renewedAt = clock.now();
    ports.runs
      .renewLease(tenant, holder, renewedAt, leaseMs)
      .then((held) => {
        if (held) heldSinceMs = Math.max(heldSinceMs, renewedAt);
        leaseLost ||= !held;
      })
      .catch((error: unknown) => logger.warn('Lease renewal failed', { error: String(error) }));
  });
  const assertLease = () => {
    if (leaseLost) throw new LeaseLostError('The run lost its lease');
    if (clock.now() - heldSinceMs >= leaseMs) throw new LeaseLostError('The run could not renew its lease');
  };
  try {
    const result = await work(assertLease);
    await recomputeAsked(ports, tenant, holder, assertLease).catch((error: unknown) => logger.error('Recomputing after definition changes failed', { tenant, error: String(error) }));
    return result;
  } finally {
    stopHeartbeat();
    for (let attempt = 0; attempt < 5; attempt++) {
      // A run queued behind this holder takes the lease over (it drains the inbox when it is done).
      const next = await ports.runs.handOver(tenant, holder, clock.now(), leaseMs).catch(() => undefined);
      if (next !== undefined) {
        await ports.dispatcher({ kind: 'manual', tenant, runId: next }).catch((error: unknown) => logger.error('A run handed the lease could not be started; it fails when its lease expires', { tenant, runId: next, error: String(error) }));
        break;
      }
      // Changes the live path diverted while the lease was held are applied before it is let go; a
      // run queued behind meanwhile makes the release fail, and is handed the lease on the next turn.
      const released = await releaseDrained(ports, tenant, holder).catch((error: unknown) => {
        logger.warn('Letting go of the lease failed; it expires', { tenant, holder, error: String(error) });
        return true;
      });
      if (released) break;
    }
    // Asked for after the last look (its own event found the lease busy): one more event.
    if (await ports.runs.recomputePending(tenant).catch(() => false)) {
      await ports.dispatcher({ kind: 'recompute', tenant }).catch((error: unknown) => logger.warn('A recomputation could not be dispatched', { tenant, error: String(error) }));
    }
  }
}

/** How many recomputations one holder of the lease does in a row before it lets go. */
const maxRecomputations = 10;

/**
 * Recomputes the hierarchies definition changes asked for (goals, metrics, the org, settings),
 * taking each request once, until none is left: the same computation as a run's, scoped, without a
 * run record (the standings keep the runId of the last full run that verified them).
 */
async function recomputeAsked(ports: RunRollupPorts, tenant: string, holder: string, assertLease: () => void): Promise<number> {
  let done = 0;
  for (; done < maxRecomputations; done++) {
    const scope = await ports.runs.takeRecompute(tenant);
    if (!scope) break;
    const nowIso = new Date(ports.clock.now()).toISOString();
    const run: RollupRun = {
      ...newRun(ports, 'manual', null, ports.clock.now()),
      runId: holder,
      scopeGoalIds: 'all' in scope ? null : [...scope.goalIds],
      status: 'running',
      startedAt: nowIso,
    };
    await computeRun(ports, tenant, run, assertLease, { definitionsOnly: true });
  }
  return done;
}

/** Runs a run that holds the lease, from `running` to `succeeded` (with its counts) or `failed`. */
async function execute(ports: RunRollupPorts, tenant: string, run: RollupRun): Promise<{ outcome: 'succeeded'; counts: RunCounts } | { outcome: 'failed' }> {
  const { clock } = ports;
  return holdingLease(ports, tenant, run.runId, async (assertLease) => {
    try {
      // Definition changes still waiting for their recomputation first: their goals' live values
      // differ by design until then, which the run's verification would otherwise count as drift.
      await recomputeAsked(ports, tenant, run.runId, assertLease);
      const counts = await computeRun(ports, tenant, run, assertLease);
      await ports.runs.updateRun(tenant, run.runId, ['running'], { status: 'succeeded', finishedAt: new Date(clock.now()).toISOString(), ...counts });
      return { outcome: 'succeeded' as const, counts };
    } catch (error) {
      logger.error('Rollup run failed', { tenant, runId: run.runId, error: error instanceof Error ? error : String(error) });
      // Each goal keeps the standing it had, or the whole one this run published for it before it failed.
      const message = error instanceof LeaseLostError || error instanceof LiveLeaseLostError ? error.message : 'The rollup failed; the goals it did not reach keep their previous results';
      await failRun(ports, tenant, run.runId, message, clock.now());
      return { outcome: 'failed' as const };
    }
  });
}

/**
 * A definition change's recomputation (the worker's `recompute` event): takes the lease under an id
 * of its own and recomputes what was asked for. When a run or another recomputation holds the
 * lease, that holder recomputes it before it lets go.
 */
async function recomputeDefinitions(ports: RunRollupPorts, tenant: string) {
  const holder = `${recomputeHolderPrefix}${ports.ids.next(ports.clock.now())}`;
  if (!(await ports.runs.acquireLease(tenant, holder, ports.clock.now(), ports.leaseMs))) return { outcome: 'busy' as const };
  await holdingLease(ports, tenant, holder, async () => undefined);
  return { outcome: 'recomputed' as const, holder };
}

/** The worker's entry: the same run for both triggers, only the event differs. */
export async function runRollup(ports: RunRollupPorts, event: RollupEvent) {
  const { tenant } = event;
  const { clock, leaseMs } = ports;
  if (event.kind === 'recompute') return recomputeDefinitions(ports, tenant);
  if (event.kind === 'schedule') {
    if (!(await ports.runs.claimScheduledFire(tenant, event.scheduledTime, clock.now()))) {
      return { outcome: 'duplicate' as const };
    }
    const run = newRun(ports, 'schedule', null, clock.now());
    for (let attempt = 0; !(await ports.runs.acquireLease(tenant, run.runId, clock.now(), leaseMs)); attempt++) {
      // Behind a definition change's recomputation the run waits its turn; behind another run it is not needed.
      const holder = await leaseHolder(ports, tenant, run);
      if ('queuedBehind' in holder) return holder.queuedBehind === run.runId ? { outcome: 'queued' as const, runId: run.runId } : { outcome: 'busy' as const };
      if ('run' in holder || attempt >= 4) return { outcome: 'busy' as const };
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
