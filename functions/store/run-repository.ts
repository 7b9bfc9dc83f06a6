import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client.ts';
import { isConditionFailure, succeeded } from './conditional.ts';
import { currentRunKey, leaseKey, recomputeKey, runKey, scheduleMarkerKey } from './keys.ts';
import type { CurrentRun, RollupRun, RunStatus } from '../../core/model/rollup-run.ts';
import type { RunStore } from '../use-cases/rollups/ports.ts';
import { runReader } from './run-reader.ts';
import { requestRecompute } from './recompute-requests.ts';

const day = 24 * 60 * 60;
/** Run records expire (TTL) this long after they were queued. */
export const runRetentionSeconds = 90 * day;
/** When a run's record (and what is kept under it) expires: epoch seconds, for the table's TTL. */
export const runExpiry = (queuedAt: string): number => Math.ceil(Date.parse(queuedAt) / 1000) + runRetentionSeconds;

export const runRepository: RunStore = {
  ...runReader,

  /**
   * Takes the tenant's lease for `runId` unless another run holds one that has not expired. The item
   * stays (the live path's gate: its inbox count and generation live on it), only the holder changes.
   */
  acquireLease: (tenant: string, runId: string, nowMs: number, durationMs: number): Promise<boolean> =>
    succeeded(() =>
      ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: leaseKey(tenant),
          // A run queued behind a holder that died is not handed the lease (the new holder fails it).
          UpdateExpression: 'SET runId = :runId, expiresAt = :expiresAt REMOVE #ttl, nextRunId',
          // Expiry is checked here: the lease item has no TTL (the gate's counts must stay).
          ConditionExpression: 'attribute_not_exists(runId) OR expiresAt < :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':runId': runId, ':expiresAt': nowMs + durationMs, ':now': nowMs },
        }),
      ),
    ),

  async getLease(tenant: string): Promise<{ runId: string; expiresAt: number } | undefined> {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: leaseKey(tenant), ConsistentRead: true }));
    return Item?.runId === undefined ? undefined : { runId: Item.runId as string, expiresAt: Number(Item.expiresAt) };
  },

  /** Extends the lease while the run works; false when the run no longer holds it. */
  renewLease: (tenant: string, runId: string, nowMs: number, durationMs: number): Promise<boolean> =>
    succeeded(() =>
      ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: leaseKey(tenant),
          UpdateExpression: 'SET expiresAt = :expiresAt',
          ConditionExpression: 'runId = :runId AND expiresAt >= :now',
          ExpressionAttributeValues: { ':expiresAt': nowMs + durationMs, ':runId': runId, ':now': nowMs },
        }),
      ),
    ),

  releaseLease: (tenant: string, runId: string): Promise<boolean> =>
    succeeded(() =>
      ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: leaseKey(tenant),
          UpdateExpression: 'REMOVE runId, expiresAt ADD generation :one',
          // Not with a run queued behind (it is handed the lease instead) nor with changes in the inbox.
          ConditionExpression: 'runId = :runId AND attribute_not_exists(nextRunId) AND (attribute_not_exists(inboxCount) OR inboxCount = :zero)',
          ExpressionAttributeValues: { ':runId': runId, ':one': 1, ':zero': 0 },
        }),
      ),
    ),

  async queueBehind(tenant, holder, runId, nowMs) {
    try {
      const { Attributes } = await ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: leaseKey(tenant),
          UpdateExpression: 'SET nextRunId = if_not_exists(nextRunId, :runId)',
          ConditionExpression: 'runId = :holder AND expiresAt >= :now',
          ExpressionAttributeValues: { ':runId': runId, ':holder': holder, ':now': nowMs },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes?.nextRunId as string;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  },

  async handOver(tenant, holder, nowMs, durationMs) {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: leaseKey(tenant), ConsistentRead: true }));
    const next = Item?.runId === holder ? (Item.nextRunId as string | undefined) : undefined;
    if (next === undefined) return undefined;
    const handed = await succeeded(() =>
      ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: leaseKey(tenant),
          UpdateExpression: 'SET runId = :next, expiresAt = :expiresAt REMOVE nextRunId ADD generation :one',
          ConditionExpression: 'runId = :holder AND nextRunId = :next',
          ExpressionAttributeValues: { ':next': next, ':holder': holder, ':expiresAt': nowMs + durationMs, ':one': 1 },
        }),
      ),
    );
    return handed ? next : undefined;
  },

  requestRecompute,

  async takeRecompute(tenant) {
    // DeleteItem answers the item as it was: whatever was asked for up to this moment is taken, once.
    const { Attributes } = await ddb().send(new DeleteCommand({ TableName: tableName(), Key: recomputeKey(tenant), ReturnValues: 'ALL_OLD' }));
    if (!Attributes) return undefined;
    return Attributes.all === true ? { all: true } : { goalIds: [...((Attributes.goalIds as Set<string> | undefined) ?? [])].sort() };
  },

  async recomputePending(tenant) {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: recomputeKey(tenant), ConsistentRead: true, ProjectionExpression: 'pk' }));
    return Item !== undefined;
  },

  /** Claims a scheduled fire time; false when an earlier delivery of the same event claimed it. */
  claimScheduledFire: (tenant: string, scheduledTime: string, nowMs: number): Promise<boolean> =>
    succeeded(() =>
      ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...scheduleMarkerKey(tenant, scheduledTime), scheduledTime, claimedAt: new Date(nowMs).toISOString(), ttl: Math.ceil(nowMs / 1000) + 7 * day },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ),

  async putRun(tenant: string, run: RollupRun): Promise<void> {
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...runKey(tenant, run.runId), entity: 'run', ...run, ttl: runExpiry(run.queuedAt) } }));
  },

  /** Moves a run from one status to the next; false if it was not in `from` any more. */
  updateRun: (tenant: string, runId: string, from: readonly RunStatus[], changes: Partial<RollupRun>): Promise<boolean> => {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {};
    const sets = Object.entries(changes).map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
    from.forEach((status, i) => (values[`:from${i}`] = status));
    return succeeded(() =>
      ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: runKey(tenant, runId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  },

  /**
   * Makes `next` the current run in one conditional write: only if the current run is still
   * `previousRunId` (null: none yet), so two runs can never interleave their results.
   */
  switchCurrent: (tenant: string, next: CurrentRun, previousRunId: string | null): Promise<boolean> =>
    succeeded(() =>
      ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...currentRunKey(tenant), ...next },
          ConditionExpression: previousRunId === null ? 'attribute_not_exists(pk)' : 'runId = :previous',
          ...(previousRunId === null ? {} : { ExpressionAttributeValues: { ':previous': previousRunId } }),
        }),
      ),
    ),
};
