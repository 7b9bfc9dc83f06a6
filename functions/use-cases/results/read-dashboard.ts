import type { GoalResult } from '../../../core/model/goal-result.ts';
import type { CurrentRun } from '../../../core/model/rollup-run.ts';
import { loadAccessScope } from '../access/access-scope.ts';
import { assertMayReadNamedOwner } from '../access/owner-access.ts';
import type { Principal } from '../principal.ts';
import { currentRunOrNotFound, isOwnResults, resultsAt, todayFor, type Owner, type ReadPorts } from './read-rules.ts';

export interface Dashboard {
  owner: Owner;
  current: CurrentRun;
  /** The owner's goals whose period contains today (the tenant's today). */
  results: GoalResult[];
}

/**
 * GET /dashboard: every goal of an owner active today, with its progress (default: the caller's
 * own). The current-run pointer and the caller's org are read at once; an unknown owner (404) and
 * access (403) are decided before "no results yet" (404).
 */
export async function readDashboard(ports: ReadPorts, principal: Principal, owner: Owner = { type: 'user', id: principal.userId }): Promise<Dashboard> {
  const pointer = ports.runs.getCurrent(principal.tenant);
  pointer.catch(() => undefined); // awaited below; a 403 first must not leave it unhandled
  if (!isOwnResults(principal, owner)) {
    const scope = await loadAccessScope(principal, ports.clock.now(), { timezone: pointer.then((found) => found?.timezone), ports });
    await assertMayReadNamedOwner(scope, owner, ports);
  }
  const current = currentRunOrNotFound(await pointer);
  const nowMs = ports.clock.now();
  const standings = await ports.results.forOwner(principal.tenant, owner.id, owner.type, todayFor(current, nowMs));
  return { owner, current, results: resultsAt(standings, nowMs) };
}
