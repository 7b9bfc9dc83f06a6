import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { parseIsoInstant } from '../../core/values/instant.ts';
import { recordSchema, type RecordInput } from '../../core/model/record-input.ts';
import { tombstoneDays, type BatchUpsertOutcome, type RecordStore, type UpsertOutcome } from '../use-cases/records/ports.ts';
import { mapWithConcurrency } from '../shared/concurrency.ts';
import { ddb, tableName } from './client.ts';
import { cancellationCodes, conditionally, succeeded } from './conditional.ts';
import { getItems } from './entity-reads.ts';
import { parseItem } from './items.ts';
import { recordDateSortKey, recordKey, type Key } from './keys.ts';
import { recordDateSpan } from '../../core/model/record-dates.ts';
import { recordImage } from './record-reader.ts';

/** A stored record item, parsed with the domain model (a StoredItemError when it does not match). */
const toImage = (item: Record<string, unknown>): RecordInput => parseItem(recordSchema, item);
/** The record as callers see it: without the server revision (only the live path and the rollup use it). */
const toRecord = (item: Record<string, unknown>): RecordInput => {
  const { rev: _rev, ...record } = toImage(item);
  return record;
};

/** The stored item: the record, plus its date span and a date-ordered index entry for windowed reads. */
export function recordItem(tenant: string, record: RecordInput): Record<string, unknown> {
  const { pk, sk } = recordKey(tenant, record.recordType, record.id);
  const span = recordDateSpan(record.fields);
  // Built property by property: object spreads here cost ten times as much, per record of a batch.
  const item: Record<string, unknown> = { pk, sk, entity: 'record', gsi1pk: pk, gsi1sk: recordDateSortKey(span?.latestMs ?? 0, record.id) };
  if (span) {
    item.earliestMs = span.earliestMs;
    item.latestMs = span.latestMs;
  }
  item.recordType = record.recordType;
  item.id = record.id;
  item.ownerId = record.ownerId;
  item.updatedAt = record.updatedAt;
  item.splits = record.splits;
  item.fields = record.fields;
  item.updatedAtMs = instantMillis(record.updatedAt);
  return item;
}

/** Every attribute a record item or its tombstone may hold besides the key and `rev`. */
const recordAttributes = ['entity', 'gsi1pk', 'gsi1sk', 'earliestMs', 'latestMs', 'recordType', 'id', 'ownerId', 'updatedAt', 'splits', 'fields', 'updatedAtMs', 'deletedAtMs', 'ttl'] as const;

/**
 * The update that leaves the item exactly `item` (as a Put would: attributes it lacks are removed)
 * and raises the record's server revision `rev` by one (the live path applies each revision once:
 * functions/use-cases/live/DESIGN.md). A record's first revision is the write's instant in ms, so a
 * record re-created after its tombstone expired still gets revisions above any it had before.
 * `#ttl` names `ttl` for the conditions too.
 */
function revisedWrite(item: Record<string, unknown>, nowMs: number) {
  const names: Record<string, string> = { '#ttl': 'ttl', '#rev': 'rev' };
  const values: Record<string, unknown> = { ':revStart': nowMs, ':one': 1 };
  const set: string[] = ['#rev = if_not_exists(#rev, :revStart) + :one'];
  const remove: string[] = [];
  for (const attribute of recordAttributes) {
    const name = attribute === 'ttl' ? '#ttl' : `#${attribute}`;
    names[name] = attribute;
    if (item[attribute] === undefined) remove.push(name);
    else {
      set.push(`${name} = :${attribute}`);
      values[`:${attribute}`] = item[attribute];
    }
  }
  const key = { pk: item.pk, sk: item.sk };
  return {
    Key: key,
    UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The shape `instantSchema` accepts. */
const isoInstantShape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Epoch milliseconds of an `updatedAt`. For every instant `instantSchema` accepts, core's parser
 * gives luxon's result (test/fuzz/instant-parsers.test.ts) at a fraction of the cost; luxon reads
 * anything else, as before.
 */
export function instantMillis(iso: string): number {
  const ms = isoInstantShape.test(iso) ? parseIsoInstant(iso) : Number.NaN;
  return Number.isNaN(ms) ? DateTime.fromISO(iso, { setZone: true }).toMillis() : ms;
}

const isTombstone = (item: Record<string, unknown>): boolean => item.deletedAtMs !== undefined;

/**
 * An upsert creates the record where there is no item, a tombstone older than it, or a tombstone
 * past its ttl (locally nothing removes expired items, so the condition checks)...
 */
const createCondition = 'attribute_not_exists(pk) OR deletedAtMs < :updatedAtMs OR #ttl < :nowSeconds';
/** ...and updates a live record that is not newer than it. */
const updateCondition = 'attribute_not_exists(deletedAtMs) AND updatedAtMs <= :updatedAtMs';
/** Where an upsert applies: exactly one of the two holds, or neither (the upsert is stale). */
const upsertCondition = `${createCondition} OR (${updateCondition})`;

/**
 * What {@link upsertCondition} makes of the stored item (`undefined`: none), decided here from a
 * read: `create` and `update` hold exactly where {@link createCondition} and {@link updateCondition} do.
 */
function upsertEffect(stored: Record<string, unknown> | undefined, updatedAtMs: number, nowSeconds: number): 'create' | 'update' | 'stale' {
  if (!stored) return 'create';
  if (isTombstone(stored)) return (stored.deletedAtMs as number) < updatedAtMs || (stored.ttl as number) < nowSeconds ? 'create' : 'stale';
  return (stored.updatedAtMs as number) <= updatedAtMs ? 'update' : 'stale';
}

/** TransactWriteItems' limit; 100 records of a batch (a body of at most 256 KiB) stay far below its 4 MB. */
const transactionSize = 100;

const keyText = (key: Key): string => `${key.pk}\n${key.sk}`;

const chunksOf = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Round `k` holds the `k`-th write of each key, so the same record twice is applied in the given
 * order and no transaction writes one item twice (DynamoDB refuses that).
 */
function occurrenceRounds(keys: readonly string[]): number[][] {
  const seen = new Map<string, number>();
  const rounds: number[][] = [];
  keys.forEach((key, index) => {
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push(index);
  });
  return rounds;
}

/** One conditional put of a batch, with the condition of what the read found. */
interface PlannedPut {
  index: number;
  item: Record<string, unknown>;
  effect: 'create' | 'update';
  /** The record's revision the read found (none: no item, or one from before revisions). */
  storedRev: number | undefined;
}

/**
 * Writes the puts in one TransactWriteItems. Returns the puts that must be written alone: the
 * ones DynamoDB names in `CancellationReasons` (a condition that no longer holds, a conflict with
 * another write, throttling; the others are sent again, until none is left), or all of them when
 * DynamoDB refuses the request as invalid.
 */
async function writeTransaction(puts: readonly PlannedPut[], nowSeconds: number, outcomes: BatchUpsertOutcome[]): Promise<PlannedPut[]> {
  let pending = puts;
  const alone: PlannedPut[] = [];
  while (pending.length > 0) {
    try {
      await ddb().send(
        new TransactWriteCommand({
          // The SDK gives the call an idempotency token (ClientRequestToken) that its retries reuse.
          TransactItems: pending.map(({ item, effect, storedRev }) => ({
            Put: {
              TableName: tableName(),
              Item: { ...item, rev: (storedRev ?? nowSeconds * 1000) + 1 },
              // The revision read is still the stored one: no write came in between (see revisedWrite).
              ConditionExpression: `(${effect === 'create' ? createCondition : updateCondition}) AND ${storedRev === undefined ? 'attribute_not_exists(#rev)' : '#rev = :storedRev'}`,
              ExpressionAttributeNames: { '#rev': 'rev', ...(effect === 'create' ? { '#ttl': 'ttl' } : {}) },
              ExpressionAttributeValues: {
                ':updatedAtMs': item.updatedAtMs,
                ...(effect === 'create' ? { ':nowSeconds': nowSeconds } : {}),
                ...(storedRev === undefined ? {} : { ':storedRev': storedRev }),
              },
            },
          })),
        }),
      );
      for (const put of pending) outcomes[put.index] = { applied: true, created: put.effect === 'create' };
      return alone;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) {
        // DynamoDB refused the request as a whole: written alone, a record it cannot store fails by
        // itself, not with its 99 neighbours. Anything else (throttling after the SDK's retries, a
        // network failure) is every put's outcome.
        if (error instanceof Error && error.name === 'ValidationException') return [...alone, ...pending];
        for (const put of pending) outcomes[put.index] = { error };
        return alone;
      }
      const failed = pending.filter((_, i) => codes[i] !== undefined);
      // A cancellation that names no put sends every put alone, so the loop always ends.
      alone.push(...(failed.length > 0 ? failed : pending));
      pending = failed.length > 0 ? pending.filter((_, i) => codes[i] === undefined) : [];
    }
  }
  return alone;
}

/**
 * Upserts records with distinct keys. Invariant: a record is stored only by a write whose condition
 * holds when it is written; a read never stands in for the condition.
 *
 * Consistent BatchGetItems read each record's stored version. A record the read finds newer (or
 * deleted after it) is answered `applied: false` without a write: that is what its upsert would have
 * done at the moment of the read, and a stored version only moves forward. The others are written
 * in TransactWriteItems of up to 100 conditional puts, one transaction at a time (DynamoDB Local
 * spends more per item on concurrent ones), each put with the condition of what the read found
 * (`create` or `update`): a record created, updated or deleted since the read cancels its put
 * rather than being overwritten or answered with the wrong status, and such a put is then written
 * alone with the full condition ({@link upsertOne}).
 */
async function upsertDistinct(
  tenant: string,
  records: readonly RecordInput[],
  nowMs: number,
  outcomes: BatchUpsertOutcome[],
  indexes: readonly number[],
): Promise<void> {
  const nowSeconds = Math.floor(nowMs / 1000);
  const items = indexes.map((index) => recordItem(tenant, records[index]!));
  const stored = new Map<string, Record<string, unknown>>();
  try {
    await mapWithConcurrency(chunksOf(items, 100), 5, async (chunk) => {
      const keys = chunk.map(({ pk, sk }) => ({ pk, sk }) as Key);
      for (const item of await getItems(keys, { consistent: true, attributes: ['pk', 'sk', 'updatedAtMs', 'deletedAtMs', 'ttl', 'rev'] })) {
        stored.set(keyText(item as Key), item);
      }
    });
  } catch (error) {
    for (const index of indexes) outcomes[index] = { error };
    return;
  }
  const puts: PlannedPut[] = [];
  items.forEach((item, i) => {
    const found = stored.get(keyText(item as Key));
    const effect = upsertEffect(found, item.updatedAtMs as number, nowSeconds);
    if (effect === 'stale') outcomes[indexes[i]!] = { applied: false };
    else puts.push({ index: indexes[i]!, item, effect, storedRev: found?.rev as number | undefined });
  });
  const alone: PlannedPut[] = [];
  for (const chunk of chunksOf(puts, transactionSize)) alone.push(...(await writeTransaction(chunk, nowSeconds, outcomes)));
  await mapWithConcurrency(alone, 8, async ({ index }) => {
    try {
      const outcome = await upsertOne(tenant, records[index]!, nowMs);
      outcomes[index] = outcome.applied ? outcome : { applied: false };
    } catch (error) {
      outcomes[index] = { error };
    }
  });
}

async function upsertOne(tenant: string, record: RecordInput, nowMs: number): Promise<UpsertOutcome> {
  return conditionally<UpsertOutcome, UpsertOutcome>(
    async () => {
      const write = revisedWrite(recordItem(tenant, record), nowMs);
      const output = await ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          ...write,
          ConditionExpression: upsertCondition,
          ExpressionAttributeValues: { ...write.ExpressionAttributeValues, ':nowSeconds': Math.floor(nowMs / 1000) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { applied: true, created: output.Attributes === undefined || isTombstone(output.Attributes) };
    },
    async (error) => {
      const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: recordKey(tenant, record.recordType, record.id) }));
      if (!Item) throw error;
      return { applied: false, current: isTombstone(Item) ? null : toRecord(Item) };
    },
  );
}

export const recordRepository: RecordStore = {
  async get(tenant, recordType, id) {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: recordKey(tenant, recordType, id) }));
    return Item && !isTombstone(Item) ? toRecord(Item) : undefined;
  },

  image: recordImage,

  upsert: upsertOne,

  async upsertMany(tenant, records, nowMs) {
    const outcomes: BatchUpsertOutcome[] = new Array(records.length);
    const keys = records.map((record, index) => {
      try {
        return keyText(recordKey(tenant, record.recordType, record.id));
      } catch (error) {
        outcomes[index] = { error };
        return `unwritable ${index}`;
      }
    });
    for (const round of occurrenceRounds(keys)) {
      await upsertDistinct(tenant, records, nowMs, outcomes, round.filter((index) => outcomes[index] === undefined));
    }
    return outcomes;
  },

  delete: (tenant, recordType, id, now) =>
    succeeded(() =>
      ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          // No index attributes: windowed reads never see it; full reads filter it out.
          ...revisedWrite({ ...recordKey(tenant, recordType, id), entity: 'record-tombstone', recordType, id, deletedAtMs: now, ttl: Math.floor(now / 1000) + tombstoneDays * 86_400 }, now),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAtMs)',
        }),
      ),
    ),
};
