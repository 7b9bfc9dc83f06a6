/**
 * The local stream poller (what Lambda's event source mapping does in the cloud) against the real
 * Streams API of the test run's DynamoDB Local: records written to the table reach the handler as a
 * DynamoDBStreamEvent, in order; a batch item failure is delivered again from that record on; an
 * expired iterator is replaced without losing a record. The waits are on the handler's calls (the
 * test's timeout guards a hang).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { recordRepository } from '../../functions/store/record-repository.ts';
import { startStreamPoller, type StreamHandler, type StreamPoller } from '../../infra/local/stream-poller.ts';
import { uniqueTenant } from '../support/api.ts';

const config = {
  endpoint: inject('ddbEndpoint'),
  region: 'eu-north-1',
  credentials: { accessKeyId: 'attainlocal', secretAccessKey: 'attainlocal' },
};
const pollers: StreamPoller[] = [];
afterEach(async () => {
  for (const poller of pollers.splice(0)) await poller.stop();
});

const now = Date.parse('2026-03-01T12:00:00Z');
const write = (tenant: string, id: string, amount: string) =>
  recordRepository.upsert(tenant, { recordType: 'deal', id, ownerId: 'u-1', updatedAt: '2026-03-01T12:00:00Z', splits: null, fields: { amount } }, now);

/** The record id, amount and revision a stream record carries, if it is one of `tenant`'s records. */
function seen(record: DynamoDBRecord, tenant: string): string | null {
  const image = record.dynamodb?.NewImage;
  if (!image?.pk?.S?.startsWith(`t#${tenant}#rec#`)) return null;
  return `${image.id?.S} ${image.fields?.M?.amount?.S} rev+${Number(image.rev?.N) - now}`;
}

/** A handler that records what it is handed for `tenant`, and a wait for the n-th such record. */
function recorder(tenant: string, fail: (record: DynamoDBRecord, delivery: number) => boolean = () => false) {
  const log: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let delivery = 0;
  const handler: StreamHandler = async (event) => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const mine = seen(record, tenant);
      if (mine === null) continue;
      delivery += 1;
      if (fail(record, delivery)) {
        failures.push({ itemIdentifier: record.dynamodb!.SequenceNumber! });
        break; // as the consumer does: the rest of the batch is retried from here
      }
      log.push(mine);
    }
    for (const waiter of [...waiters]) if (log.length >= waiter.count) waiter.resolve();
    return { batchItemFailures: failures };
  };
  const until = (count: number) => new Promise<void>((resolve) => (log.length >= count ? resolve() : waiters.push({ count, resolve })));
  return { log, handler, until };
}

function start(handler: StreamHandler, streams = new DynamoDBStreamsClient(config)): StreamPoller {
  const poller = startStreamPoller({ dynamodb: new DynamoDBClient(config), streams, tableName: inject('ddbTable'), handler, from: 'LATEST', log: () => undefined });
  pollers.push(poller);
  return poller;
}

describe('the local stream poller', { timeout: 60_000 }, () => {
  it('hands the table\'s changes to the handler as Lambda would, in order, with new images', async () => {
    const tenant = uniqueTenant('stream');
    const { log, handler, until } = recorder(tenant);
    await start(handler).ready;

    await write(tenant, 'a', '1.00');
    await write(tenant, 'b', '2.00');
    await write(tenant, 'a', '3.00');
    await until(3);

    expect(log).toEqual(['a 1.00 rev+1', 'b 2.00 rev+1', 'a 3.00 rev+2']);
  });

  it('delivers a batch item failure again, from that record on, and nothing before it twice', async () => {
    const tenant = uniqueTenant('stream');
    // The second record fails on its first delivery only.
    const { log, handler, until } = recorder(tenant, (record, delivery) => delivery === 2);
    await start(handler).ready;

    await write(tenant, 'a', '1.00');
    await write(tenant, 'b', '2.00');
    await write(tenant, 'c', '3.00');
    await until(3);

    expect(log).toEqual(['a 1.00 rev+1', 'b 2.00 rev+1', 'c 3.00 rev+1']);
  });

  it('replaces an expired iterator from its last checkpoint, losing nothing', async () => {
    const tenant = uniqueTenant('stream');
    const { log, handler, until } = recorder(tenant);
    const streams = new DynamoDBStreamsClient(config);
    let expire = false;
    const send = streams.send.bind(streams) as (command: unknown) => Promise<unknown>;
    (streams as unknown as { send: (command: unknown) => Promise<unknown> }).send = async (command) => {
      if (expire && (command as { constructor: { name: string } }).constructor.name === 'GetRecordsCommand') {
        expire = false;
        throw Object.assign(new Error('Iterator expired (injected)'), { name: 'ExpiredIteratorException' });
      }
      return send(command);
    };
    await start(handler, streams).ready;

    await write(tenant, 'a', '1.00');
    await until(1);
    expire = true;
    await write(tenant, 'b', '2.00');
    await until(2);

    expect(log).toEqual(['a 1.00 rev+1', 'b 2.00 rev+1']);
    expect(expire).toBe(false);
  });
});
