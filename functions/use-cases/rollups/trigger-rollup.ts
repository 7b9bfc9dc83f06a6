import { goalForest } from '../../../core/rollup/hierarchy.ts';
import { canReadOwner, loadAccessScope } from '../access/access-scope.ts';
import { assertRole, goalWriters } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { ForbiddenError, NotFoundError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';
import { failInterruptedRuns, failRun, leaseHolder, newRun, type RunScope } from './runs.ts';

/** What triggering a run needs: running it is the worker's, reached through the dispatcher. */
export type TriggerRollupPorts = Pick<AppPorts, 'clock' | 'ids' | 'leaseMs' | 'runs' | 'dispatcher'>;

/**
 * POST /rollups: queues a run and hands it to the worker, unless a run is queued or running —
 * then that run is the answer (`created: false`). The lease is the one-run-per-tenant lock.
 * `scope` null: the whole tenant.
 */
export async function triggerRollup(ports: TriggerRollupPorts, tenant: string, scope: RunScope | null) {
  const nowMs = ports.clock.now();
  const run = newRun(ports, 'manual', scope, nowMs);
  for (let attempt = 0; !(await ports.runs.acquireLease(tenant, run.runId, ports.clock.now(), ports.leaseMs)); attempt++) {
    const holder = await leaseHolder(ports, tenant, run);
    // A definition change's recomputation holds the lease: the run takes it over when that is done.
    if ('queuedBehind' in holder && holder.queuedBehind === run.runId) return { runId: run.runId, status: run.status, created: true };
    const runId = 'run' in holder ? holder.run : 'queuedBehind' in holder ? holder.queuedBehind : undefined;
    if (runId !== undefined) return { runId, status: (await ports.runs.getRun(tenant, runId))?.status ?? ('queued' as const), created: false };
    // Let go meanwhile: take it now (a lease changes hands in milliseconds; a few tries are plenty).
    if (attempt >= 4) throw new Error('The rollup lease kept changing hands; try again');
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

/** What deciding a caller's run needs beyond triggering it: the goals and the org (what a manager may see). */
export type TriggerRollupForPorts = TriggerRollupPorts & Pick<AppPorts, 'goals' | 'settings' | 'units' | 'users'>;

/**
 * POST /rollups as a caller: an admin rolls up the tenant, or the hierarchy of `goalId`; a manager
 * the hierarchy of a goal it may see, or without `goalId` every hierarchy holding a goal it may
 * see, in one run (none: a run over nothing). 404 for an unknown goal before 403 for a role that
 * may not trigger runs or a goal the manager may not see.
 */
export async function triggerRollupFor(ports: TriggerRollupForPorts, principal: Principal, goalId?: string | null) {
  const { tenant } = principal;
  const goal = goalId ? await ports.goals.get(tenant, goalId) : undefined;
  if (goalId && !goal) throw new NotFoundError(`Goal ${goalId} not found`);
  assertRole(principal, goalWriters, 'trigger rollups');
  let scope: RunScope | null = goalId ? { goalId, scopeGoalIds: null } : null;
  if (principal.role !== 'admin') {
    const access = loadAccessScope(principal, ports.clock.now(), { ports });
    access.catch(() => undefined); // awaited below in either branch
    if (goal) {
      if (!canReadOwner(await access, goal.owner)) throw new ForbiddenError(`You may not see goal ${goal.id}`);
    } else {
      const [scopeOf, goals] = await Promise.all([access, ports.goals.all(tenant)]);
      const { roots } = goalForest(goals);
      // The root of every hierarchy holding a goal the caller may see (a goal on a stored cycle stands for itself).
      const visible = goals.filter((g) => typeof g.owner === 'object' && g.owner !== null && canReadOwner(scopeOf, g.owner));
      scope = { goalId: null, scopeGoalIds: [...new Set(visible.map((g) => roots.get(g.id) ?? g.id))] };
    }
  }
  return triggerRollup(ports, tenant, scope);
}
