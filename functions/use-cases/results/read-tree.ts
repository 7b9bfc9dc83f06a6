import type { Goal } from '../../../core/model/goal.ts';
import type { GoalResult } from '../../../core/model/goal-result.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { canReadOwner } from '../access/access-scope.ts';
import { getGoal } from '../goals/get-goal.ts';
import type { AppPorts } from '../ports.ts';
import type { Principal } from '../principal.ts';
import { readableScope, requireGoalResult, resultsAt, type ReadPorts } from './read-rules.ts';

/** A goal's result with its children's, nested. */
export interface ResultTree {
  result: GoalResult;
  children: ResultTree[];
}

/**
 * Nests a goal's subtree (flat results with tree paths) under the goal. A result whose parent is
 * not among them (left out because the caller may not see it) hangs under its nearest ancestor
 * that is.
 */
export function nestTree(root: GoalResult, descendants: readonly GoalResult[]): ResultTree {
  const nodes = new Map<string, ResultTree>();
  const rootNode: ResultTree = { result: root, children: [] };
  nodes.set(root.goal.id, rootNode);
  const depth = (r: GoalResult) => r.treePath.split('/').length;
  const sorted = [...descendants].sort((a, b) => depth(a) - depth(b) || a.treePath.localeCompare(b.treePath));
  for (const result of sorted) {
    if (result.goal.id === root.goal.id) continue;
    const ancestors = result.treePath.split('/').slice(0, -1).reverse();
    const parent = ancestors.map((id) => nodes.get(id)).find((node) => node !== undefined);
    if (!parent) continue;
    const node: ResultTree = { result, children: [] };
    nodes.set(result.goal.id, node);
    parent.children.push(node);
  }
  return rootNode;
}

/**
 * GET /goals/{id}/tree: the goal and its descendants, nested, all at the read's instant. The root's values
 * include everything below it; the descendants the caller may not see are left out (their visible
 * descendants hang under the nearest visible ancestor). 403 unless the caller may see the root.
 */
export async function readTree(ports: ReadPorts, principal: Principal, goalId: string): Promise<ResultTree> {
  const { timezone, result: root } = await requireGoalResult(ports, principal.tenant, goalId);
  const scope = await readableScope(ports, principal, root.goal.owner, timezone);
  const descendants = await ports.results.subtree(principal.tenant, root);
  const nowMs = Date.parse(root.progress.asOf);
  return nestTree(root, resultsAt(descendants.filter((s) => canReadOwner(scope, s.goal.owner)), nowMs));
}

/** A goal whose values no run has computed yet (a few seconds after it was made), at the read's instant. */
export interface PendingTree {
  pending: Goal;
  asOf: string;
}

/**
 * GET /goals/{id}/tree?pending=include: the tree as {@link readTree} reads it, or — for a goal whose
 * values are not computed yet, or before the tenant's first rollup — the goal itself, pending, so a
 * page that has just made a goal reads no 404. Still 404 for a goal that does not exist, 403 for one
 * the caller may not see.
 */
export async function readTreeOrPending(ports: ReadPorts & Pick<AppPorts, 'goals'>, principal: Principal, goalId: string): Promise<ResultTree | PendingTree> {
  try {
    return await readTree(ports, principal, goalId);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const goal = await getGoal(ports, principal, goalId);
    return { pending: goal, asOf: new Date(ports.clock.now()).toISOString() };
  }
}
