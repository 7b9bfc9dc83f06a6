import type { StoredProgress } from '../../../core/model/goal-result.ts';
import type { Principal } from '../principal.ts';
import { assertMayReadOwner, requireGoalResult, type ReadPorts } from './read-rules.ts';

/**
 * GET /goals/{id}/progress: the goal's progress in the current run (two reads for the caller's own
 * goal). 404 before the first rollup or for a goal without a result; 403 for an owner the caller
 * may not see.
 */
export async function readProgress(ports: ReadPorts, principal: Principal, goalId: string): Promise<StoredProgress> {
  const { timezone, result } = await requireGoalResult(ports, principal.tenant, goalId);
  await assertMayReadOwner(ports, principal, result.goal.owner, timezone);
  return result.progress;
}
