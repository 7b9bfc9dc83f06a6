/**
 * The live consumer's handler (functions/live/consumer.ts) against DynamoDB Local: records written by
 * the record repository (with their revisions), their items handed to the handler as the table's
 * stream would (new and old images, INSERT/MODIFY/REMOVE), repeated and out of order. At rest the
 * live values equal the full run of the records, exactly.
 */
import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../core/model/record-input.ts';
import { consumerWith } from '../../functions/live/consumer.ts';
import { ddb, tableName } from '../../functions/store/client.ts';
import { goalRepository } from '../../functions/store/goal-repository.ts';
import { recordKey } from '../../functions/store/keys.ts';
import { liveRepository } from '../../functions/store/live-repository.ts';
import { runRepository } from '../../functions/store/run-repository.ts';
import { metricRepository } from '../../functions/store/metric-repository.ts';
import { recordRepository } from '../../functions/store/record-repository.ts';
import { settingsRepository } from '../../functions/store/settings-repository.ts';
import { unitRepository } from '../../functions/store/unit-repository.ts';
import { userRepository } from '../../functions/store/user-repository.ts';
import { composePorts } from '../../functions/compose.ts';
import { cachedCreditModels } from '../../functions/use-cases/live/credit-models.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { hierarchy, metrics, NOW, tenant as creditTenant, users } from '../core/support/credit-tenant.ts';
import { fullRunValues, valueKey } from '../core/support/full-run.ts';
import { deal, settings, units } from '../core/support/tenant-fixtures.ts';
import { uniqueTenant } from '../support/api.ts';
import { injectDynamoDbFaults } from '../reliability/dynamodb-faults.ts';
import { manualClock } from '../support/manual-clock.ts';
import { exchangeRateRepository } from '../../functions/store/exchange-rate-repository.ts';

const goals = hierarchy(['owner_and_children', 'children', 'owner']);

async function seededTenant(): Promise<string> {
  const tenant = uniqueTenant('live');
  await settingsRepository.put(tenant, settings, 0);
  for (const unit of units) await unitRepository.put(tenant, unit, 0);
  for (const user of users) await userRepository.put(tenant, user, 0);
  for (const metric of metrics) await metricRepository.create(tenant, metric);
  await goalRepository.write(tenant, goals.map((goal) => ({ goal, expectedVersion: 0 })));
  return tenant;
}

/** The record's item as the stream carries it (raw attribute values). */
async function itemOf(tenant: string, id: string): Promise<Record<string, AttributeValue> | undefined> {
  const { Item } = await ddb().send(new GetItemCommand({ TableName: tableName(), Key: { pk: { S: recordKey(tenant, 'deal', id).pk }, sk: { S: `rec#${id}` } }, ConsistentRead: true }));
  return Item;
}

/** The consumer's handler as in Lambda, on the DynamoDB stores, at the fixtures' instant. */
function liveConsumer() {
  const clock = manualClock(Date.parse(NOW));
  const definitions = composePorts('test', { settings: settingsRepository, units: unitRepository, users: userRepository, metrics: metricRepository, goals: goalRepository, exchangeRates: exchangeRateRepository });
  const dispatched: unknown[] = [];
  return Object.assign(
    consumerWith({ live: liveRepository, creditModels: cachedCreditModels({ ...definitions, clock, live: liveRepository }), clock, runs: runRepository, dispatcher: async (event) => void dispatched.push(event) }),
    { dispatched },
  );
}

let sequence = 0;
function streamRecord(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', newImage?: Record<string, AttributeValue>, oldImage?: Record<string, AttributeValue>): DynamoDBRecord {
  sequence += 1;
  return {
    eventID: String(sequence), eventName, eventSource: 'aws:dynamodb', awsRegion: 'eu-north-1',
    dynamodb: { SequenceNumber: String(sequence).padStart(21, '0'), StreamViewType: 'NEW_AND_OLD_IMAGES', ...(newImage ? { NewImage: newImage } : {}), ...(oldImage ? { OldImage: oldImage } : {}) } as DynamoDBRecord['dynamodb'],
  };
}

describe('the live consumer (stream → live values)', () => {
  it('brings the live values to the full run of the records, whatever repeats and reorders the stream brings', async () => {
    // Prepare: definitions, then records written as the API writes them, their stream records collected
    const tenant = await seededTenant();
    const handler = liveConsumer();
    const stream: DynamoDBRecord[] = [];
    const write = async (record: RecordInput) => {
      const before = await itemOf(tenant, record.id);
      await recordRepository.upsert(tenant, record, Date.parse(NOW));
      stream.push(streamRecord(before ? 'MODIFY' : 'INSERT', await itemOf(tenant, record.id), before));
    };
    const a = { ...deal('ann', { amount: '100.00' }), id: 'a' };
    const b = { ...deal('bob', { amount: '40.50', zone: 'north' }), id: 'b' };
    const c = { ...deal('dan', { amount: '7.25', closedAt: '2026-02-20T10:00:00Z' }), id: 'c' };
    await write(a);
    await write(b);
    await write(c);
    await write({ ...a, ownerId: 'cy', updatedAt: '2026-01-02T00:00:00Z' });
    const beforeDelete = await itemOf(tenant, 'b');
    await recordRepository.delete(tenant, 'deal', 'b', Date.parse(NOW));
    stream.push(streamRecord('MODIFY', await itemOf(tenant, 'b'), beforeDelete));
    await write({ ...c, fields: { ...c.fields, status: 'open', expectedCloseAt: '2026-03-30' }, updatedAt: '2026-01-03T00:00:00Z' });

    // Act: the stream in order, then again in reverse, in batches of three
    const deliveries = [...stream, ...[...stream].reverse()];
    const failures = [];
    for (let i = 0; i < deliveries.length; i += 3) {
      const event: DynamoDBStreamEvent = { Records: deliveries.slice(i, i + 3) };
      failures.push(...(await handler(event, lambdaContext('attain-live', `req-${i}`))).batchItemFailures);
    }

    // Assess
    expect(failures).toEqual([]);
    const records = (await Promise.all(['a', 'b', 'c'].map((id) => recordRepository.get(tenant, 'deal', id)))).filter((r) => r !== undefined);
    const live = await liveRepository.values(tenant);
    const values = new Map(goals.map((g) => [g.id, valueKey(live.get(g.id)?.values ?? [0n, 0n, 0n], live.get(g.id)?.skipped ?? 0)]));
    expect(values).toEqual(fullRunValues(creditTenant(goals), records));
    expect([...live.values()].some((v) => v.values[0] !== 0n)).toBe(true);
  });

  it('under 20 % throttling ends at the same values, losing nothing: a failed record is delivered again from there, as Lambda does', async () => {
    // Prepare: 40 writes (updates, owner moves, deletes) and their stream records
    const tenant = await seededTenant();
    const handler = liveConsumer();
    const stream: DynamoDBRecord[] = [];
    const owners = ['ann', 'bob', 'cy', 'dan'];
    for (let i = 0; i < 40; i++) {
      const id = `t${i % 12}`;
      const before = await itemOf(tenant, id);
      if (i % 9 === 8 && before) await recordRepository.delete(tenant, 'deal', id, Date.parse(NOW));
      else await recordRepository.upsert(tenant, { ...deal(owners[i % 4]!, { amount: `${i + 1}.25` }), id, updatedAt: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000).toISOString() }, Date.parse(NOW));
      stream.push(streamRecord(before ? 'MODIFY' : 'INSERT', await itemOf(tenant, id), before));
    }

    // Act: batches of 10 under throttling; a batch's failures are delivered again from the first one
    const faults = injectDynamoDbFaults({ throttleShare: 0.2, partialBatchShare: 0, seed: 13 });
    try {
      for (let i = 0; i < stream.length; ) {
        const batch = stream.slice(i, i + 10);
        const { batchItemFailures } = await handler({ Records: batch }, lambdaContext('attain-live', `req-${i}`));
        const failed = batch.findIndex((r) => batchItemFailures.some((f) => f.itemIdentifier === r.dynamodb!.SequenceNumber));
        if (failed === -1) i += batch.length;
        else i += failed;
      }
    } finally {
      faults.remove();
    }

    // Assess
    expect(faults.counts.throttled).toBeGreaterThan(4);
    const records = (await Promise.all(Array.from({ length: 12 }, (_, k) => recordRepository.get(tenant, 'deal', `t${k}`)))).filter((r) => r !== undefined);
    const live = await liveRepository.values(tenant);
    const values = new Map(goals.map((g) => [g.id, valueKey(live.get(g.id)?.values ?? [0n, 0n, 0n], live.get(g.id)?.skipped ?? 0)]));
    expect(values).toEqual(fullRunValues(creditTenant(goals), records));
  });

  it('applies a record written around the API with splits the API refuses, as the full run counts it, rather than failing on it', async () => {
    const tenant = await seededTenant();
    const handler = liveConsumer();
    await recordRepository.upsert(tenant, { ...deal('ann', { amount: '5.00' }), id: 'bad' }, Date.parse(NOW));
    const item = (await itemOf(tenant, 'bad'))!;
    const twice = { L: [{ M: { ownerId: { S: 'ann' }, percent: { S: '50' } } }, { M: { ownerId: { S: 'ann' }, percent: { S: '50' } } }] };

    const response = await handler({ Records: [streamRecord('INSERT', { ...item, splits: twice })] }, lambdaContext('attain-live', 'req'));

    expect(response.batchItemFailures).toEqual([]);
    expect((await liveRepository.shadow(tenant, 'deal', 'bad'))?.record?.splits).toEqual([{ ownerId: 'ann', percent: '50' }, { ownerId: 'ann', percent: '50' }]);
    // Credited as the full run credits it (core decides what such a record counts for).
    const record = { ...deal('ann', { amount: '5.00' }), id: 'bad', splits: [{ ownerId: 'ann', percent: '50' }, { ownerId: 'ann', percent: '50' }] };
    const live = (await liveRepository.values(tenant)).get('revenue:ann');
    expect(valueKey(live?.values ?? [0n, 0n, 0n], live?.skipped ?? 0)).toBe(fullRunValues(creditTenant(goals), [record]).get('revenue:ann'));
  });

  it('answers a stream record it cannot apply as a batch item failure, and applies the rest', async () => {
    const tenant = await seededTenant();
    const handler = liveConsumer();
    await recordRepository.upsert(tenant, { ...deal('ann', { amount: '5.00' }), id: 'ok' }, Date.parse(NOW));
    const good = streamRecord('INSERT', await itemOf(tenant, 'ok'));
    // A key no record can have (a record type with a space): nothing to apply it to.
    const broken = streamRecord('INSERT', { ...(await itemOf(tenant, 'ok'))!, pk: { S: `t#${tenant}#rec#bad type#00` }, sk: { S: 'rec#other' } });

    const response = await handler({ Records: [broken, good] }, lambdaContext('attain-live', 'req'));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: broken.dynamodb!.SequenceNumber }]);
    expect((await liveRepository.values(tenant)).get('revenue:ann')?.values[0]).toBe(500n);
  });
});
