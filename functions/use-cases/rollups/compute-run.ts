import type { GoalProgress } from '../../../core/model/goal-progress.ts';
import { localDateOf } from '../../../core/periods/period-instants.ts';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { prepareCredits } from '../../../core/rollup/record-credits.ts';
import { createRollup } from '../../../core/rollup/rollup-tenant.ts';
import { startVerification, type Verification } from '../live/verify-run.ts';
import { goalPaths, goalRoots, planRun, unitsDuring } from '../../../core/rollup/plan-run.ts';
import type { GoalResult } from '../../../core/model/goal-result.ts';
import type { RollupRun } from '../../../core/model/rollup-run.ts';
import type { AppPorts } from '../ports.ts';
import { logger } from '../../shared/observability.ts';

/** What computing a run needs: the definitions, the records, the runs and results stores, the clock. */
export type ComputeRunPorts = Pick<AppPorts, 'clock' | 'settings' | 'units' | 'users' | 'metrics' | 'goals' | 'recordPages' | 'runs' | 'results' | 'live' | 'records'>;

export class LeaseLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseLostError';
  }
}

export interface RunCounts {
  goalsComputed: number;
  goalsFailed: number;
  recordsRead: number;
  skippedRecords: number;
  verification: Verification;
}

/** The goals whose hierarchies a run recomputes (each from its root), or null for the whole tenant. */
export function runHierarchies(run: RollupRun): string[] | null {
  return run.scopeGoalIds ?? (run.goalId ? [run.goalId] : null);
}

/**
 * Computes a run that holds the tenant's lease: loads the definitions, reads each record type once
 * over the computed goals' window (all record types in parallel), runs the core rollup, stores the
 * results under the run's id and makes them current with one conditional write, then appends the
 * day's history points and removes the results of the run before the previous one.
 *
 * One goal never fails the run: a goal that cannot be computed (a defect, a cycle, anything that
 * throws for it alone) or whose result DynamoDB refuses is counted in `goalsFailed` and keeps the
 * result it had in the previous run, as it was; every other goal is published.
 */
export async function computeRun(ports: ComputeRunPorts, tenant: string, run: RollupRun, assertLease: () => void): Promise<RunCounts> {
  const [settings, units, users, metrics, goals, current] = await Promise.all([
    ports.settings.get(tenant),
    ports.units.all(tenant),
    ports.users.all(tenant),
    ports.metrics.all(tenant),
    ports.goals.all(tenant),
    ports.runs.getCurrent(tenant),
  ]);
  const previous = current ? await ports.results.all(tenant, current.runId) : [];
  const previousById = new Map(previous.map((r) => [r.goal.id, r]));
  const nowMs = ports.clock.now();
  const plan = planRun({ goals, metrics, settings, nowMs, goalIds: runHierarchies(run), hasPreviousResult: (id) => previousById.has(id) });

  const session = createRollup({ settings, units, users, metrics, goals: plan.compute, now: nowMs });
  // The live values are verified against the same read (under the lease nothing else writes them).
  const verifier = await startVerification(ports, tenant, run.runId, prepareCredits({ settings, units, users, metrics, goals, now: nowMs }), plan.reads);
  const onPage = (page: RecordInput[]) => {
    session.addAll(page);
    for (const record of page) verifier.see(record);
  };
  const reads = await Promise.all([...plan.reads].map(([recordType, window]) => ports.recordPages(tenant, recordType, onPage, { window: window ?? undefined })));
  const output = session.finish();
  assertLease();
  const computedValues = new Map(session.values().map((v) => [v.slot.goal.id, { values: v.values.map((x) => x ?? 0n) as [bigint, bigint, bigint], skipped: v.skippedRecords }]));
  const verification = await verifier.finish(output.results.map((p) => p.goalId), computedValues);
  if (verification.goalsDrifted > 0) logger.warn('Live values drifted and were repaired', { tenant, runId: run.runId, ...verification });
  assertLease();

  const goalsById = new Map(goals.map((g) => [g.id, g]));
  const roots = goalRoots(goals);
  const paths = goalPaths(goals);
  const usersById = new Map(users.map((u) => [u.id, u]));
  const toResult = (progress: GoalProgress): GoalResult => {
    const goal = goalsById.get(progress.goalId)!;
    return {
      progress: { ...progress, runId: run.runId },
      goal: { id: goal.id, name: goal.name, metricId: goal.metricId, owner: goal.owner, parentId: goal.parentId },
      treeRoot: roots.get(goal.id) as string,
      treePath: paths.get(goal.id) as string,
      ownerUnitIds: goal.owner.type === 'user' ? unitsDuring(usersById.get(goal.owner.id), goal.period, units) : [],
    };
  };
  const computed = output.results.map(toResult);
  // Frozen goals keep the values (and asOf) they were last computed with, under this run.
  const carried = plan.carryForward.flatMap((goal) => {
    const old = previousById.get(goal.id);
    return old ? [toResult(old.progress)] : [];
  });
  // Goals that cannot be computed keep their previous result as it was (its runId the run that computed it).
  const failed = new Set([...plan.failed, ...output.skippedGoals].map((g) => g.goalId));
  const fresh = new Set([...computed, ...carried].map((r) => r.goal.id));
  const asTheyWere = (ids: Iterable<string>) => [...ids].flatMap((id) => (fresh.has(id) ? [] : (previousById.get(id) ?? [])));
  const refused = await ports.results.write(tenant, run.runId, [...computed, ...carried, ...asTheyWere([...failed, ...plan.keepAsIs])]);
  // A goal whose new result DynamoDB refused fails too, and keeps its previous result as it was.
  const refusedFresh = refused.filter((id) => fresh.has(id));
  for (const id of refusedFresh) fresh.delete(id);
  const lost = [...refused.filter((id) => !refusedFresh.includes(id)), ...(await ports.results.write(tenant, run.runId, asTheyWere(refusedFresh)))];
  for (const id of refused) failed.add(id);
  if (failed.size > 0) {
    const reasons = [...plan.failed, ...output.skippedGoals, ...refused.map((goalId) => ({ goalId, reason: 'DynamoDB refused its result' }))];
    logger.warn('Goals failed and keep their previous results', { tenant, runId: run.runId, goalsFailed: failed.size, goals: reasons.slice(0, 50), resultsLost: lost });
  }
  const stored = computed.filter((r) => fresh.has(r.goal.id));
  assertLease();

  const switched = await ports.runs.switchCurrent(
    tenant,
    {
      runId: run.runId,
      asOf: new Date(nowMs).toISOString(),
      timezone: settings.timezone,
      weekStartsOn: settings.weekStartsOn,
      fiscalYearStartMonth: settings.fiscalYearStartMonth,
      previousRunId: current?.runId ?? null,
    },
    current?.runId ?? null,
  );
  if (!switched) throw new LeaseLostError('Another run made its results current first');

  // The results are current from here on: what follows must not fail the run (nor remove them).
  const date = localDateOf(nowMs, settings.timezone);
  try {
    await ports.results.writeHistory(tenant, stored.map((r) => ({ goalId: r.goal.id, date, progress: r.progress })), nowMs);
    // Keep the previous run for readers still following the old pointer; the one before goes.
    if (current?.previousRunId) await ports.results.deleteRun(tenant, current.previousRunId);
  } catch (error) {
    logger.warn('History or the cleanup of an old run failed after the results were made current', { tenant, runId: run.runId, error: String(error) });
  }
  return {
    goalsComputed: stored.length,
    goalsFailed: failed.size,
    recordsRead: reads.reduce((a, b) => a + b, 0),
    skippedRecords: output.skippedRecords,
    verification,
  };
}
