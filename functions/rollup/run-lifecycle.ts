import { ulid } from 'ulid';
import { logger } from '../shared/observability.ts';
import { resultRepository } from '../store/result-repository.ts';
import { runRepository, type RollupRun } from '../store/run-repository.ts';
import { dispatchRollup } from './dispatcher.ts';
import { computeRun, LeaseLostError, type RunOptions } from './execute-run.ts';
import type { RollupEvent } from './rollup-event.ts';

/** Default lease: a run renews it every third while it works, so a dead worker frees its tenant within it. */
export const defaultLeaseSeconds = 120;

export function defaultRunOptions(): RunOptions {
  const seconds = Number(process.env.ATTAIN_ROLLUP_LEASE_SECONDS ?? defaultLeaseSeconds);
  return { now: Date.now, leaseMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : defaultLeaseSeconds) * 1000 };
}

/** What a manual run recomputes: the goal it was asked for, and the goals whose hierarchies it covers. */
export interface RunScope {
  goalId: string | null;
  /** Each hierarchy from its root; null: `goalId`'s, or the whole tenant without one. */
  scopeGoalIds: string[] | null;
}

const newRun = (trigger: RollupRun['trigger'], scope: RunScope | null, nowMs: number): RollupRun => ({
  runId: ulid(nowMs),
  trigger,
  status: 'queued',
  goalId: scope?.goalId ?? null,
  scopeGoalIds: scope?.scopeGoalIds ?? null,
  queuedAt: new Date(nowMs).toISOString(),
  startedAt: null,
  finishedAt: null,
  goalsComputed: 0,
  goalsFailed: 0,
  recordsRead: 0,
  skippedRecords: 0,
});

/**
 * POST /rollups: queues a run and hands it to the worker, unless a run is queued or running —
 * then that run is the answer (`created: false`). The lease is the one-run-per-tenant lock.
 * `scope` null: the whole tenant.
 */
export async function triggerManualRun(tenant: string, scope: RunScope | null, options: RunOptions = defaultRunOptions()) {
  const nowMs = options.now();
  const run = newRun('manual', scope, nowMs);
  if (!(await runRepository.acquireLease(tenant, run.runId, nowMs, options.leaseMs))) {
    const lease = await runRepository.getLease(tenant);
    const holder = lease ? await runRepository.getRun(tenant, lease.runId) : undefined;
    return { runId: lease?.runId ?? run.runId, status: holder?.status ?? ('queued' as const), created: false };
  }
  await runRepository.putRun(tenant, run);
  await failInterruptedRuns(tenant, run.runId, nowMs);
  try {
    await dispatchRollup({ kind: 'manual', tenant, runId: run.runId });
  } catch (error) {
    await failRun(tenant, run.runId, 'The rollup worker could not be started', options.now());
    await runRepository.releaseLease(tenant, run.runId);
    throw error;
  }
  return { runId: run.runId, status: run.status, created: true };
}

/**
 * Called by the new lease holder: any other run still queued or running lost its worker (a crash
 * or a timeout let its lease expire). It is marked failed and its partial results removed.
 */
async function failInterruptedRuns(tenant: string, holder: string, nowMs: number): Promise<void> {
  const { items } = await runRepository.listRuns(tenant, 20);
  const stale = items.filter((r) => r.runId !== holder && (r.status === 'queued' || r.status === 'running'));
  if (stale.length === 0) return;
  // A worker that stopped between making its results current and marking its run leaves them current.
  const current = (await runRepository.getCurrent(tenant))?.runId;
  for (const run of stale) {
    await failRun(tenant, run.runId, 'Interrupted: the worker stopped before the run finished', nowMs);
    if (run.runId !== current) await resultRepository.deleteRun(tenant, run.runId);
  }
}

async function failRun(tenant: string, runId: string, message: string, nowMs: number): Promise<void> {
  await runRepository.updateRun(tenant, runId, ['queued', 'running'], { status: 'failed', error: message, finishedAt: new Date(nowMs).toISOString() });
}

/** Runs a run that holds the lease, from `running` to `succeeded` or `failed`. */
async function execute(tenant: string, run: RollupRun, options: RunOptions): Promise<RollupRun['status']> {
  let leaseLost = false;
  // The lease is known to be held until a whole lease after the last renewal that succeeded.
  let heldSinceMs = options.now();
  const heartbeat = setInterval(() => {
    const renewedAt = options.now();
    runRepository
      .renewLease(tenant, run.runId, renewedAt, options.leaseMs)
      .then((held) => {
        if (held) heldSinceMs = Math.max(heldSinceMs, renewedAt);
        leaseLost ||= !held;
      })
      .catch((error: unknown) => logger.warn('Lease renewal failed', { error: String(error) }));
  }, Math.max(1_000, options.leaseMs / 3));
  heartbeat.unref();
  try {
    const counts = await computeRun(tenant, run, options, () => {
      if (leaseLost) throw new LeaseLostError('The run lost its lease');
      if (options.now() - heldSinceMs >= options.leaseMs) throw new LeaseLostError('The run could not renew its lease');
    });
    await runRepository.updateRun(tenant, run.runId, ['running'], { status: 'succeeded', finishedAt: new Date(options.now()).toISOString(), ...counts });
    return 'succeeded';
  } catch (error) {
    logger.error('Rollup run failed', { tenant, runId: run.runId, error: error instanceof Error ? error : String(error) });
    // The previous results stay current; this run's partial results are removed (unless they became current).
    const message = error instanceof LeaseLostError ? error.message : 'The rollup failed; the previous results stay current';
    await failRun(tenant, run.runId, message, options.now());
    const current = await runRepository.getCurrent(tenant).then((pointer) => pointer?.runId ?? null, () => run.runId);
    if (current !== run.runId) await resultRepository.deleteRun(tenant, run.runId).catch(() => undefined);
    return 'failed';
  } finally {
    clearInterval(heartbeat);
    await runRepository.releaseLease(tenant, run.runId);
  }
}

/** The worker's entry: the same run for both triggers, only the event differs. */
export async function handleRollupEvent(event: RollupEvent, options: RunOptions = defaultRunOptions()) {
  const { tenant } = event;
  if (event.kind === 'schedule') {
    if (!(await runRepository.claimScheduledFire(tenant, event.scheduledTime, options.now()))) {
      return { outcome: 'duplicate' as const };
    }
    const run = newRun('schedule', null, options.now());
    if (!(await runRepository.acquireLease(tenant, run.runId, options.now(), options.leaseMs))) {
      return { outcome: 'busy' as const };
    }
    const started: RollupRun = { ...run, status: 'running', startedAt: new Date(options.now()).toISOString() };
    await runRepository.putRun(tenant, started);
    await failInterruptedRuns(tenant, run.runId, options.now());
    return { outcome: await execute(tenant, started, options), runId: run.runId };
  }

  const run = await runRepository.getRun(tenant, event.runId);
  if (!run || run.status !== 'queued') return { outcome: 'duplicate' as const };
  // The lease POST /rollups took must still be this run's and unexpired (the invoke may come late).
  if (!(await runRepository.renewLease(tenant, run.runId, options.now(), options.leaseMs))) {
    await failRun(tenant, run.runId, 'The run lost its lease before it started', options.now());
    return { outcome: 'failed' as const, runId: run.runId };
  }
  const startedAt = new Date(options.now()).toISOString();
  // A second delivery of the same invoke finds the run no longer queued and stops here.
  if (!(await runRepository.updateRun(tenant, run.runId, ['queued'], { status: 'running', startedAt }))) {
    return { outcome: 'duplicate' as const };
  }
  return { outcome: await execute(tenant, { ...run, status: 'running', startedAt }, options), runId: run.runId };
}
