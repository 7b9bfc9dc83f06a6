import type { RollupRun } from '../../../core/model/rollup-run.ts';
import type { AppPorts } from '../ports.ts';

/** What a manual run recomputes: the goal it was asked for, and the goals whose hierarchies it covers. */
export interface RunScope {
  goalId: string | null;
  /** Each hierarchy from its root; null: `goalId`'s, or the whole tenant without one. */
  scopeGoalIds: string[] | null;
}

export const newRun = (ports: Pick<AppPorts, 'ids'>, trigger: RollupRun['trigger'], scope: RunScope | null, nowMs: number): RollupRun => ({
  runId: ports.ids.next(nowMs),
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

export /**
 * Called by the new lease holder: any other run still queued or running lost its worker (a crash
 * or a timeout let its lease expire). It is marked failed; what it published stays (each goal's
 * standing is whole, computed and verified under the lease).
 */
async function failInterruptedRuns(ports: Pick<AppPorts, 'runs'>, tenant: string, holder: string, nowMs: number): Promise<void> {
  const { items } = await ports.runs.listRuns(tenant, 20);
  const stale = items.filter((r) => r.runId !== holder && (r.status === 'queued' || r.status === 'running'));
  if (stale.length === 0) return;
  for (const run of stale) await failRun(ports, tenant, run.runId, 'Interrupted: the worker stopped before the run finished', nowMs);
}

export async function failRun(ports: Pick<AppPorts, 'runs'>, tenant: string, runId: string, message: string, nowMs: number): Promise<void> {
  await ports.runs.updateRun(tenant, runId, ['queued', 'running'], { status: 'failed', error: message, finishedAt: new Date(nowMs).toISOString() });
}

/** The lease holder id of a definition change's recomputation (no run record goes with it). */
export const recomputeHolderPrefix = 'recompute-';

/** Whom the lease is with, for a run that could not take it. */
export type LeaseHolder = { run: string } | { queuedBehind: string } | { free: true };

/**
 * For a run that could not take the lease: a run holds it (`run`: that run is the answer); a
 * definition change's recomputation holds it, and `run` (stored as queued) or a run queued before
 * will take it over when that is done (`queuedBehind`); or it was let go meanwhile (`free`: try
 * again). A run queued in vain is marked failed, naming the run that took its place.
 */
export async function leaseHolder(ports: Pick<AppPorts, 'runs' | 'clock'>, tenant: string, run: RollupRun): Promise<LeaseHolder> {
  const lease = await ports.runs.getLease(tenant);
  if (!lease || lease.expiresAt < ports.clock.now()) return { free: true };
  if (!lease.runId.startsWith(recomputeHolderPrefix)) return { run: lease.runId };
  await ports.runs.putRun(tenant, run);
  const queued = await ports.runs.queueBehind(tenant, lease.runId, run.runId, ports.clock.now());
  if (queued === undefined) return { free: true };
  if (queued !== run.runId) await failRun(ports, tenant, run.runId, `Not needed: run ${queued} took its place`, ports.clock.now());
  return { queuedBehind: queued };
}
