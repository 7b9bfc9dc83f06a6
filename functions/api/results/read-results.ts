import { localDateOf } from '../../../core/periods/period-instants.ts';
import { runReader, type CurrentRun } from '../../store/run-reader.ts';
import { resultReader, type GoalResult, type StoredProgress } from '../../store/result-reader.ts';
import { NotFoundError } from '../../shared/errors.ts';

/** The current run, or 404 before the tenant's first successful rollup. */
export async function requireCurrentRun(tenant: string): Promise<CurrentRun> {
  return currentRunOrNotFound(await runReader.getCurrent(tenant));
}

/** The current run, or 404 before the first rollup succeeded. */
export function currentRunOrNotFound(current: CurrentRun | undefined): CurrentRun {
  if (!current) throw new NotFoundError('No results yet: no rollup has succeeded for this tenant');
  return current;
}

/** A goal's result in the current run: two GetItems; 404 before the first rollup or for an unknown goal. */
export async function requireGoalResult(tenant: string, goalId: string): Promise<{ current: CurrentRun; result: GoalResult }> {
  const current = await requireCurrentRun(tenant);
  const result = await resultReader.get(tenant, current.runId, goalId);
  if (!result) throw new NotFoundError(`No results for goal ${goalId} in the current run`);
  return { current, result };
}

/** Today in the tenant's time zone (as of the reader's clock). */
export const todayFor = (current: CurrentRun, nowMs: number): string => localDateOf(nowMs, current.timezone);

/** The contract's progress object. */
export const progressView = (progress: StoredProgress) => ({
  goalId: progress.goalId,
  runId: progress.runId,
  asOf: progress.asOf,
  period: progress.period,
  status: progress.status,
  target: progress.target,
  stretchTarget: progress.stretchTarget,
  actual: progress.actual,
  inProgress: progress.inProgress,
  custom: progress.custom,
  percent: progress.percent,
  stretchPercent: progress.stretchPercent,
  remaining: progress.remaining,
  pace: progress.pace,
  milestones: progress.milestones,
  childrenTargetSum: progress.childrenTargetSum,
  childrenTargetMismatch: progress.childrenTargetMismatch,
  skippedRecords: progress.skippedRecords,
});

/** A goal's progress with the goal's name and owner, as lists and trees show it. */
export const goalResultView = (result: GoalResult) => ({
  name: result.goal.name,
  metricId: result.goal.metricId,
  owner: result.goal.owner,
  parentId: result.goal.parentId,
  ...progressView(result.progress),
});

export type TreeNode = ReturnType<typeof goalResultView> & { children: TreeNode[] };

/**
 * Nests a goal's subtree (flat results with tree paths) under the goal. A result whose parent is
 * not among them (left out because the caller may not see it) hangs under its nearest ancestor
 * that is.
 */
export function nestTree(root: GoalResult, descendants: readonly GoalResult[]): TreeNode {
  const nodes = new Map<string, TreeNode>();
  const nodeOf = (r: GoalResult): TreeNode => ({ ...goalResultView(r), children: [] });
  const rootNode = nodeOf(root);
  nodes.set(root.goal.id, rootNode);
  const depth = (r: GoalResult) => r.treePath.split('/').length;
  const sorted = [...descendants].sort((a, b) => depth(a) - depth(b) || a.treePath.localeCompare(b.treePath));
  for (const result of sorted) {
    if (result.goal.id === root.goal.id) continue;
    const ancestors = result.treePath.split('/').slice(0, -1).reverse();
    const parent = ancestors.map((id) => nodes.get(id)).find((node) => node !== undefined);
    if (!parent) continue;
    const node = nodeOf(result);
    nodes.set(result.goal.id, node);
    parent.children.push(node);
  }
  return rootNode;
}
