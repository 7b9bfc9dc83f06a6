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

/**
 * When a definition change's recomputation holds the lease, queues `run` (stored as queued) to take
 * the lease over when it is done. Answers the run that is queued behind it — `run`, or one queued
 * before — or undefined when a run holds the lease (or nothing does any more).
 */
export async function queueBehindRecomputation(ports: Pick<AppPorts, 'runs' | 'clock'>, tenant: string, run: RollupRun): Promise<string | undefined> {
  const lease = await ports.runs.getLease(tenant);
  if (!lease || !lease.runId.startsWith(recomputeHolderPrefix)) return undefined;
  await ports.runs.putRun(tenant, run);
  const queued = await ports.runs.queueBehind(tenant, lease.runId, run.runId, ports.clock.now());
  if (queued !== run.runId) await failRun(ports, tenant, run.runId, `Not needed: run ${queued ?? 'another run'} took its place`, ports.clock.now());
  return queued;
}
