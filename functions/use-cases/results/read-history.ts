import type { HistoryPoint } from '../../../core/model/goal-result.ts';
import type { Principal } from '../principal.ts';
import { NotFoundError, RequestValidationError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';
import { assertMayReadOwner, type ReadPorts } from './read-rules.ts';

const dayMs = 24 * 60 * 60 * 1000;

/**
 * GET /goals/{id}/history: one point per local day with a completed run, from `from` to `to`
 * (default: the 365 days up to tomorrow in UTC, so today's point is in whatever the zone). 404 for
 * an unknown goal, 403 for an owner the caller may not see, 400 when `from` is after `to`.
 */
export async function readHistory(
  ports: ReadPorts & Pick<AppPorts, 'goals'>,
  principal: Principal,
  goalId: string,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<HistoryPoint[]> {
  const goal = await ports.goals.get(principal.tenant, goalId);
  if (!goal) throw new NotFoundError(`Goal ${goalId} not found`);
  await assertMayReadOwner(ports, principal, goal.owner);
  const to = range.to ?? new Date(ports.clock.now() + dayMs).toISOString().slice(0, 10);
  const from = range.from ?? new Date(Date.parse(to) - 365 * dayMs).toISOString().slice(0, 10);
  if (from > to) throw new RequestValidationError('`from` must not be after `to`', [{ path: 'query.from', message: 'After `to`' }]);
  return ports.results.history(principal.tenant, goalId, from, to);
}
