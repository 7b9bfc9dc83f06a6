import type { GoalResult } from '../../../core/model/goal-result.ts';
import { resultAt, type GoalStanding } from '../../../core/rollup/progress-basis.ts';
import type { CurrentRun } from '../../../core/model/rollup-run.ts';
import { localDateOf } from '../../../core/periods/period-instants.ts';
import { canReadOwner, loadAccessScope, type AccessScope } from '../access/access-scope.ts';
import { readers } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { ForbiddenError, NotFoundError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';

/** What reading results needs: the current-run pointer, the results, the clock and the org (access). */
export type ReadPorts = Pick<AppPorts, 'clock' | 'runs' | 'results' | 'settings' | 'units' | 'users'>;

export type Owner = GoalResult['goal']['owner'];

/** The current run, or 404 before the tenant's first successful rollup. */
export function currentRunOrNotFound(current: CurrentRun | undefined): CurrentRun {
  if (!current) throw new NotFoundError('No results yet: no rollup has succeeded for this tenant');
  return current;
}

export async function requireCurrentRun(ports: Pick<AppPorts, 'runs'>, tenant: string): Promise<CurrentRun> {
  return currentRunOrNotFound(await ports.runs.getCurrent(tenant));
}

/**
 * A goal's result at the read's instant (its standing's values, percent, pace and status derived
 * now): 404 for a goal no computation has reached yet (a few seconds after it was created). A goal a
 * definition change's recomputation or the live path computed before the tenant's first full run is
 * read like any other (its `runId` is null, API.md). `timezone`: the current run's, when there is one
 * (the access scope reads the settings' otherwise).
 */
export async function requireGoalResult(ports: Pick<AppPorts, 'clock' | 'runs' | 'results'>, tenant: string, goalId: string): Promise<{ timezone: Promise<string | undefined>; result: GoalResult }> {
  const timezone = ports.runs.getCurrent(tenant).then((current) => current?.timezone);
  timezone.catch(() => undefined); // awaited by the access check; a 404 first must not leave it unhandled
  const standing = await ports.results.get(tenant, goalId);
  if (!standing) throw new NotFoundError(`No results for goal ${goalId} yet`);
  return { timezone, result: resultAt(standing, ports.clock.now()) };
}

/** Standings as results at the read's instant: one `now` for all, so a page is consistent. */
export const resultsAt = (standings: readonly GoalStanding[], nowMs: number): GoalResult[] => standings.map((s) => resultAt(s, nowMs));

/** Today in the tenant's time zone, as the current run's calendar and the reader's clock say. */
export const todayFor = (current: CurrentRun, nowMs: number): string => localDateOf(nowMs, current.timezone);

type ZoneSource = string | Promise<string | undefined> | undefined;

/** The caller's scope, 403 unless it may see the owner's results. `timezone`: the current run's, when known (saves a read). */
export async function readableScope(ports: ReadPorts, principal: Principal, owner: Owner, timezone?: ZoneSource): Promise<AccessScope> {
  const scope = await loadAccessScope(principal, ports.clock.now(), { timezone, ports });
  if (!canReadOwner(scope, owner)) throw new ForbiddenError(`You may not see the results of ${owner.type} ${owner.id}`);
  return scope;
}

/** A reader's own goals: no org to read to know it may see them. */
export const isOwnResults = (principal: Principal, owner: Owner): boolean =>
  owner.type === 'user' && owner.id === principal.userId && readers.includes(principal.role);

/** 403 unless the caller may see the owner's results (its own, its units', or — managers — its scope's). */
export async function assertMayReadOwner(ports: ReadPorts, principal: Principal, owner: Owner, timezone?: ZoneSource): Promise<void> {
  if (isOwnResults(principal, owner)) return;
  await readableScope(ports, principal, owner, timezone);
}
