import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client.ts';
import { currentRunSchema, rollupRunSchema, type CurrentRun, type RollupRun } from '../../core/model/rollup-run.ts';
import { parseItem } from './items.ts';
import { currentRunKey, runKey, runsPk, tenantPk } from './keys.ts';
import { queryPage } from './query-pages.ts';
import type { Page } from '../use-cases/ports.ts';

/** Reading runs and the current-run pointer (a module of its own: read-only rights). */
export const runReader = {
  async getRun(tenant: string, runId: string): Promise<RollupRun | undefined> {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: runKey(tenant, runId), ConsistentRead: true }));
    return Item ? parseItem(rollupRunSchema, Item) : undefined;
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
      (item) => parseItem(rollupRunSchema, item),
    ),

  async getCurrent(tenant: string): Promise<CurrentRun | undefined> {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: currentRunKey(tenant) }));
    return Item ? parseItem(currentRunSchema, Item) : undefined;
  },
};
