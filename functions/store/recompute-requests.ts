import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RunStore } from '../use-cases/rollups/ports.ts';
import { ddb, tableName } from './client.ts';
import { recomputeKey } from './keys.ts';

/**
 * Asks for a recomputation (a module of its own: the live consumer only asks). The request item
 * gathers the goal ids asked for in a string set, or `all`; a recomputation takes it whole.
 */
export const requestRecompute: RunStore['requestRecompute'] = async (tenant, scope, nowMs) => {
  const all = 'all' in scope;
  if (!all && scope.goalIds.length === 0) return;
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: recomputeKey(tenant),
      UpdateExpression: all ? 'SET #all = :true, requestedAt = :at' : 'ADD goalIds :ids SET requestedAt = :at',
      ...(all ? { ExpressionAttributeNames: { '#all': 'all' } } : {}),
      ExpressionAttributeValues: { ':at': nowMs, ...(all ? { ':true': true } : { ':ids': new Set(scope.goalIds) }) },
    }),
  );
};
