import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client.ts';
import { entityOf } from './items.ts';
import { currentRunKey, runKey, runsPk, tenantPk } from './keys.ts';
import { queryPage, type Page } from './query-pages.ts';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface RollupRun {
  runId: string;
  trigger: 'manual' | 'schedule';
  status: RunStatus;
  /** The goal a manual run was asked for (its hierarchy is recomputed); null without one. */
  goalId: string | null;
  /**
   * The goals whose hierarchies the run recomputes, each from its root: `[goalId]`, or the roots
   * of every hierarchy a manager may see; null (or absent, in runs stored before it) for `goalId`'s
   * alone, or the whole tenant without one.
   */
  scopeGoalIds?: string[] | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  goalsComputed: number;
  recordsRead: number;
  skippedRecords: number;
  /** Goals the run could not compute or store: each kept its previous result (absent in older runs: 0). */
  goalsFailed?: number;
  error?: string;
}

/** What readers follow: the run whose results are current, and the calendar it was computed with. */
export interface CurrentRun {
  runId: string;
  asOf: string;
  timezone: string;
  weekStartsOn: number;
  fiscalYearStartMonth: number;
  /** The run that was current before; its results are kept until the next switch. */
  previousRunId: string | null;
}

/** Reading runs and the current-run pointer (a module of its own: read-only rights). */
export const runReader = {
  async getRun(tenant: string, runId: string): Promise<RollupRun | undefined> {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: runKey(tenant, runId), ConsistentRead: true }));
    if (!Item) return undefined;
    const { ttl: _ttl, ...run } = entityOf<RollupRun & { ttl?: number }>(Item);
    return run;
  },

  /** Recent runs, newest first (run ids are ULIDs, so the sort key orders them in time). */
  listRuns: (tenant: string, limit: number, cursor?: string): Promise<Page<RollupRun>> =>
    queryPage(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': runsPk(tenant), ':prefix': 'run#' },
        ScanIndexForward: false,
      },
      { limit, cursor, tenantPrefix: tenantPk(tenant) },
      (item) => {
        const { ttl: _ttl, ...run } = entityOf<RollupRun & { ttl?: number }>(item);
        return run;
      },
    ),

  async getCurrent(tenant: string): Promise<CurrentRun | undefined> {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: currentRunKey(tenant) }));
    return Item ? entityOf<CurrentRun>(Item) : undefined;
  },

};
