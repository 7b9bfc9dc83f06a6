import type { Guard } from '../use-cases/live/ports.ts';
import { tableName } from './client.ts';
import { leaseKey } from './keys.ts';

/**
 * The guard as a check of the tenant's lease item (functions/use-cases/live/DESIGN.md, "The gate").
 * A missing item is a free gate of generation 0.
 */
export function guardCheck(tenant: string, guard: Guard) {
  const check = { TableName: tableName(), Key: leaseKey(tenant) };
  if ('held' in guard) {
    return {
      ConditionCheck: {
        ...check,
        ConditionExpression: 'runId = :runId AND expiresAt >= :now',
        ExpressionAttributeValues: { ':runId': guard.held.runId, ':now': guard.held.nowMs },
      },
    };
  }
  const { nowMs, generation } = guard.free;
  return {
    ConditionCheck: {
      ...check,
      ConditionExpression: `(attribute_not_exists(runId) OR expiresAt < :now) AND ${generation === 0 ? 'attribute_not_exists(generation)' : 'generation = :generation'}`,
      ExpressionAttributeValues: { ':now': nowMs, ...(generation === 0 ? {} : { ':generation': generation }) },
    },
  };
}

