import { localDateOf } from '../../../core/periods/period-instants.ts';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { prepareCredits } from '../../../core/rollup/record-credits.ts';
import { createRollup, toleranceE4 } from '../../../core/rollup/rollup-tenant.ts';
import { basisOf, resultAt, type GoalStanding } from '../../../core/rollup/progress-basis.ts';
import { startVerification, type Verification } from '../live/verify-run.ts';
import { liveValuesOf } from '../../../core/rollup/verify-live.ts';
import { goalPaths, goalRoots, planRun, unitsDuring } from '../../../core/rollup/plan-run.ts';
import type { RollupRun } from '../../../core/model/rollup-run.ts';
import type { AppPorts } from '../ports.ts';
import { logger } from '../../shared/observability.ts';
import { rateTable } from '../../../core/values/exchange.ts';

/** What computing a run needs: the definitions, the records, the runs and results stores, the clock. */
export type ComputeRunPorts = Pick<AppPorts, 'clock' | 'settings' | 'units' | 'users' | 'metrics' | 'goals' | 'exchangeRates' | 'recordPages' | 'runs' | 'results' | 'live' | 'records' | 'skipped' | 'skippedListLimit'>;

export interface ComputeOptions {
  /**
   * A definition change's recomputation, not a run: the standings keep the runId of the run that
   * last verified them (null for a goal none has), and neither the current-run pointer nor the
   * history moves.
   */
  definitionsOnly?: boolean;
}

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
  /** A full run's: how many of its skipped records it stored (GET /rollups/{runId}/skipped), and whether the list was cut at the limit. */
  skippedRecordsListed?: number;
  skippedRecordsTruncated?: boolean;
  verification: Verification;
}

/** The goals whose hierarchies a run recomputes (each from its root), or null for the whole tenant. */
export function runHierarchies(run: RollupRun): string[] | null {
  return run.scopeGoalIds ?? (run.goalId ? [run.goalId] : null);
}

/**
 * Computes a run that holds the tenant's lease: loads the definitions, reads each record type once
 * over the computed goals' window (all record types in parallel), runs the core rollup, verifies the
 * live values against the same read (functions/use-cases/live/DESIGN.md), publishes each computed
 * goal's standing — its basis and its live values as the verification left them — behind the lease,
 * removes the items of deleted goals, moves the current-run pointer (the calendar readers use),
 * appends the day's history points and stores the records it skipped (at most `skippedListLimit`).
 *
 * One goal never fails the run: a goal that cannot be computed (a defect, a cycle, anything that
 * throws for it alone) or whose item DynamoDB refuses is counted in `goalsFailed` and keeps the
 * standing it had; every other goal is published.
 */
export async function computeRun(ports: ComputeRunPorts, tenant: string, run: RollupRun, assertLease: () => void, options: ComputeOptions = {}): Promise<RunCounts> {
  const [settings, units, users, metrics, goals, storedRates, current, published] = await Promise.all([
    ports.settings.get(tenant),
    ports.units.all(tenant),
    ports.users.all(tenant),
    ports.metrics.all(tenant),
    ports.goals.all(tenant),
    ports.exchangeRates.all(tenant),
    ports.runs.getCurrent(tenant),
    ports.results.published(tenant),
  ]);
  const nowMs = ports.clock.now();
  const rates = rateTable(storedRates);
  const plan = planRun({ goals, metrics, settings, nowMs, goalIds: runHierarchies(run), hasPreviousResult: (id) => Boolean(published.get(id)) });

  // A full run lists its skipped records; a definition change's recomputation only counts them.
  const session = createRollup({ settings, units, users, metrics, goals: plan.compute, now: nowMs, rates }, options.definitionsOnly ? {} : { skippedListLimit: ports.skippedListLimit });
  // The live values are verified against the same read (under the lease nothing else writes them).
  const verifier = startVerification(
    ports,
    tenant,
    run.runId,
    prepareCredits({ settings, units, users, metrics, goals, now: nowMs, rates }),
    plan.reads,
    (images) => liveValuesOf({ settings, units, users, metrics, goals: plan.compute, now: nowMs, rates }, images),
  );
  const onPage = (page: RecordInput[]) => {
    session.addAll(page);
    for (const record of page) verifier.see(record);
  };
  const reads = await Promise.all([...plan.reads].map(([recordType, window]) => ports.recordPages(tenant, recordType, onPage, { window: window ?? undefined })));
  const output = session.finish();
  assertLease();
  const goalValues = session.values();
  const computedValues = new Map(goalValues.map((v) => [v.slot.goal.id, { values: v.values.map((x) => x ?? 0n) as [bigint, bigint, bigint], skipped: v.skippedRecords }]));
  const { verification, values: liveValues, unverified } = await verifier.finish(output.results.map((p) => p.goalId), computedValues, (id) => !published.get(id));
  // Which goals and why: a goal nothing had computed yet, or one whose records changed while the run read them.
  if (verification.goalsUnverified > 0 && !options.definitionsOnly) logger.info('Goals left unverified until the next run', { tenant, runId: run.runId, first: unverified.first.slice(0, 50), changed: unverified.changed.slice(0, 50) });
  // After a definition change the goals concerned differ by design: that is what the recomputation sets right.
  if (verification.goalsDrifted > 0 && !options.definitionsOnly) logger.warn('Live values drifted and were repaired', { tenant, runId: run.runId, ...verification });
  assertLease();

  const goalsById = new Map(goals.map((g) => [g.id, g]));
  const roots = goalRoots(goals);
  const paths = goalPaths(goals);
  const usersById = new Map(users.map((u) => [u.id, u]));
  const tolerance = toleranceE4(settings.paceTolerancePercent);
  const computedIds = new Set(output.results.map((p) => p.goalId));
  const standings: GoalStanding[] = goalValues.flatMap(({ slot, childrenTargetSum }) => {
    const goal = goalsById.get(slot.goal.id);
    const live = liveValues.get(slot.goal.id);
    if (!goal || !live || !computedIds.has(goal.id)) return [];
    return [
      {
        goal: { id: goal.id, name: goal.name, metricId: goal.metricId, owner: goal.owner, parentId: goal.parentId },
        treeRoot: roots.get(goal.id) as string,
        treePath: paths.get(goal.id) as string,
        ownerUnitIds: goal.owner.type === 'user' ? unitsDuring(usersById.get(goal.owner.id), goal.period, units) : [],
        // A recomputation after a definition change is no full run: the goal keeps the run that last verified it.
        runId: options.definitionsOnly ? (published.get(goal.id)?.runId ?? null) : run.runId,
        basis: basisOf(slot, childrenTargetSum, tolerance),
        values: live.values,
        skipped: live.skipped,
        updatedAt: live.updatedAt ?? new Date(nowMs).toISOString(),
      },
    ];
  });
  const lease = { runId: run.runId, now: () => ports.clock.now() };
  const refused = await ports.results.publish(tenant, standings, lease);
  // Items of goals that no longer exist (deleted, or live values credited to a goal deleted since).
  await ports.results.remove(tenant, [...published.keys()].filter((id) => !goalsById.has(id)), lease);
  const failed = new Set([...plan.failed, ...output.skippedGoals].map((g) => g.goalId));
  for (const id of refused) failed.add(id);
  if (failed.size > 0) {
    const reasons = [...plan.failed, ...output.skippedGoals, ...refused.map((goalId) => ({ goalId, reason: 'DynamoDB refused its item' }))];
    logger.warn('Goals failed and keep their previous results', { tenant, runId: run.runId, goalsFailed: failed.size, goals: reasons.slice(0, 50) });
  }
  const stored = standings.filter((s) => !refused.includes(s.goal.id));
  assertLease();
  const counts = {
    goalsComputed: stored.length,
    goalsFailed: failed.size,
    recordsRead: reads.reduce((a, b) => a + b, 0),
    skippedRecords: output.skippedRecords,
    verification,
  };
  if (options.definitionsOnly) return counts;

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
  if (!switched) throw new LeaseLostError('Another run moved the current-run pointer first');

  // The standings are published: what follows must not fail the run.
  const date = localDateOf(nowMs, settings.timezone);
  try {
    await ports.results.writeHistory(tenant, stored.map((s) => ({ goalId: s.goal.id, date, progress: resultAt(s, nowMs).progress })), nowMs);
  } catch (error) {
    logger.warn('History points could not be written after the standings were published', { tenant, runId: run.runId, error: String(error) });
  }
  let listed = output.skippedList.length;
  try {
    await ports.skipped.put(tenant, run, output.skippedList);
  } catch (error) {
    listed = 0;
    logger.warn('The skipped records could not be stored after the standings were published', { tenant, runId: run.runId, error: String(error) });
  }
  return { ...counts, skippedRecordsListed: listed, skippedRecordsTruncated: output.skippedRecords > output.skippedList.length };
}
