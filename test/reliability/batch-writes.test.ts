/**
 * POST /records/batch reads the stored versions (BatchGetItem), then writes conditional updates in
 * TransactWriteItems. These tests put the store in the way of that plan, with SDK middleware on the
 * process's DynamoDB client: a write by someone else between the read and the transaction, a
 * transaction cancelled for other reasons, throttling that outlasts the SDK's retries, keys left
 * unprocessed, and batches racing each other. Each record must end as the single PUTs would leave it.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { MiddlewareStack } from '@smithy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/store/client.ts';
import { recordKey } from '../../functions/store/keys.ts';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';
import { injectDynamoDbFaults, retryWithoutBackoff, type InjectedFaults } from './dynamodb-faults.ts';

let api: TestApi;
const stack = () => ddb().middlewareStack as unknown as MiddlewareStack<any, any>;
const added: string[] = [];
let faults: InjectedFaults | undefined;
let restoreBackoff: (() => void) | undefined;

/** Adds middleware to the client for one test (removed after it). */
function intercept(name: string, step: 'initialize' | 'finalizeRequest', middleware: (next: (args: any) => Promise<any>, command: string) => (args: any) => Promise<any>) {
  const handler = (next: (args: any) => Promise<any>, context: { commandName?: string }) => middleware(next, context.commandName ?? '');
  // initialize, high: before the document client marshals; finalizeRequest, low: inside the SDK's retries.
  if (step === 'initialize') stack().add(handler, { step, priority: 'high', name });
  else stack().add(handler, { step, priority: 'low', name });
  added.push(name);
}

/** Counts the commands the client sends (by name, without "Command"). */
function countCommands(): Map<string, number> {
  const counts = new Map<string, number>();
  intercept('countCommands', 'initialize', (next, command) => async (args) => {
    const name = command.replace(/Command$/, '');
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return next(args);
  });
  return counts;
}

beforeAll(async () => {
  api = await startTestApi();
});
afterEach(() => {
  for (const name of added.splice(0)) stack().remove(name);
  faults?.remove();
  faults = undefined;
  restoreBackoff?.();
  restoreBackoff = undefined;
});
afterAll(() => api.close());

const freshAdmin = (): Promise<ApiClient> => api.as('admin', { tenant: uniqueTenant('batch') });
const deal = (id: string, updatedAt: string, amount: string) => ({ recordType: 'deal', id, ownerId: 'u-1', updatedAt, amount });
const statuses = (results: { status: number; applied?: boolean; error?: { code: string } }[]) =>
  results.map((r) => [r.status, r.applied ?? r.error?.code]);

describe('POST /records/batch when the store gets in the way', () => {
  it('a record written by someone else between the read and the transaction is written alone, as its single PUT would be', async () => {
    // Prepare: before the batch's first transaction goes out, another writer stores d-2 newer and d-3 older
    const admin = await freshAdmin();
    const counts = countCommands();
    let interfered = false;
    intercept('writeInBetween', 'initialize', (next, command) => async (args) => {
      if (command === 'TransactWriteItemsCommand' && !interfered) {
        interfered = true;
        expect((await admin.put('/records/deal/d-2', deal('d-2', '2026-03-09T00:00:00Z', '9.00'))).status).toBe(201);
        expect((await admin.put('/records/deal/d-3', deal('d-3', '2026-03-01T00:00:00Z', '1.00'))).status).toBe(201);
      }
      return next(args);
    });

    // Act
    const response = await admin.post('/records/batch', {
      records: [deal('d-1', '2026-03-05T00:00:00Z', '5.00'), deal('d-2', '2026-03-05T00:00:00Z', '5.00'), deal('d-3', '2026-03-05T00:00:00Z', '5.00')],
    });

    // Assess: d-1 created by the retried transaction; d-2 refused (newer stored); d-3 updated, not created
    expect(statuses(response.body.results)).toEqual([
      [201, true],
      [200, false],
      [200, true],
    ]);
    expect((await admin.get('/records/deal/d-1')).body.amount).toBe('5.00');
    expect((await admin.get('/records/deal/d-2')).body).toMatchObject({ amount: '9.00', updatedAt: '2026-03-09T00:00:00Z' });
    expect((await admin.get('/records/deal/d-3')).body).toMatchObject({ amount: '5.00', updatedAt: '2026-03-05T00:00:00Z' });
    // The cancelled transaction, the retry of d-1, and d-2 and d-3 alone (besides the two PUTs in between)
    expect(counts.get('TransactWriteItems')).toBe(2);
    expect(counts.get('UpdateItem')).toBe(2 + 2);
  });

  it('puts a cancelled transaction names for a conflict or throttling are written alone; the others go in again', async () => {
    // Prepare: the first transaction is cancelled (before reaching DynamoDB) naming its 2nd and 4th put
    const admin = await freshAdmin();
    const counts = countCommands();
    let cancelled = false;
    intercept('cancelOnce', 'initialize', (next, command) => async (args) => {
      if (command !== 'TransactWriteItemsCommand' || cancelled) return next(args);
      cancelled = true;
      const codes = ['None', 'TransactionConflict', 'None', 'ThrottlingError'];
      throw new TransactionCanceledException({
        message: 'Transaction cancelled (injected)',
        $metadata: {},
        CancellationReasons: codes.map((Code) => ({ Code, ...(Code === 'None' ? {} : { Message: Code }) })),
      });
    });
    const records = ['d-1', 'd-2', 'd-3', 'd-4'].map((id, i) => deal(id, '2026-03-05T00:00:00Z', `${i + 1}.00`));

    // Act
    const response = await admin.post('/records/batch', { records });

    // Assess
    expect(statuses(response.body.results)).toEqual(records.map(() => [201, true]));
    for (const [i, record] of records.entries()) expect((await admin.get(`/records/deal/${record.id}`)).body.amount).toBe(`${i + 1}.00`);
    expect(counts.get('TransactWriteItems')).toBe(2);
    expect(counts.get('UpdateItem')).toBe(2);
  });

  it('a transaction DynamoDB refuses as invalid is written record by record, so only a record it cannot store fails', async () => {
    // Prepare: DynamoDB refuses the transaction, and the put of d-2 on its own (as it would a value it cannot store)
    const admin = await freshAdmin();
    const counts = countCommands();
    const refusal = () =>
      Object.assign(new Error('One or more parameter values were invalid (injected)'), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    intercept('refuse', 'initialize', (next, command) => async (args) => {
      if (command === 'TransactWriteItemsCommand') throw refusal();
      if (command === 'UpdateItemCommand' && args.input.ExpressionAttributeValues?.[':id'] === 'd-2') throw refusal();
      return next(args);
    });
    const records = ['d-1', 'd-2', 'd-3'].map((id) => deal(id, '2026-03-05T00:00:00Z', '1.00'));

    // Act
    const response = await admin.post('/records/batch', { records });

    // Assess
    expect(statuses(response.body.results)).toEqual([
      [201, true],
      [500, 'internal'],
      [201, true],
    ]);
    expect(counts.get('TransactWriteItems')).toBe(1);
    expect((await admin.get('/records/deal/d-1')).status).toBe(200);
    expect((await admin.get('/records/deal/d-2')).status).toBe(404);
    expect((await admin.get('/records/deal/d-3')).status).toBe(200);
  });

  it('a transaction throttled through every retry answers 429 for its records and stores none; a stale record is still answered', async () => {
    // Prepare: d-old is stored newer than the batch's version; every TransactWriteItems attempt is throttled
    const admin = await freshAdmin();
    expect((await admin.put('/records/deal/d-old', deal('d-old', '2026-04-01T00:00:00Z', '7.00'))).status).toBe(201);
    let attempts = 0;
    restoreBackoff = retryWithoutBackoff();
    intercept('throttleTransactions', 'finalizeRequest', (next, command) => async (args) => {
      if (command !== 'TransactWriteItemsCommand') return next(args);
      attempts++;
      const error = Object.assign(new Error('Rate exceeded (injected)'), {
        name: 'ThrottlingException',
        $fault: 'client',
        $retryable: { throttling: true },
        $metadata: { httpStatusCode: 400 },
      });
      throw error;
    });

    // Act
    const response = await admin.post('/records/batch', {
      records: [deal('d-1', '2026-03-05T00:00:00Z', '1.00'), deal('d-old', '2026-03-05T00:00:00Z', '2.00'), deal('d-2', '2026-03-05T00:00:00Z', '3.00')],
    });

    // Assess
    expect(response.status).toBe(200);
    expect(statuses(response.body.results)).toEqual([
      [429, 'throttled'],
      [200, false],
      [429, 'throttled'],
    ]);
    expect(attempts).toBeGreaterThanOrEqual(5); // the SDK's attempts were all used
    expect((await admin.get('/records/deal/d-1')).status).toBe(404);
    expect((await admin.get('/records/deal/d-2')).status).toBe(404);
    expect((await admin.get('/records/deal/d-old')).body.amount).toBe('7.00');
  });

  it('reads again the keys DynamoDB leaves unprocessed, so each record gets the right status from one transaction', async () => {
    // Prepare: three stored records; every BatchGetItem then processes only half of its keys
    const admin = await freshAdmin();
    const stored = ['d-1', 'd-2', 'd-3'].map((id) => deal(id, '2026-03-01T00:00:00Z', '1.00'));
    expect((await admin.post('/records/batch', { records: stored })).body.results.every((r: { status: number }) => r.status === 201)).toBe(true);
    faults = injectDynamoDbFaults({ throttleShare: 0, partialBatchShare: 1 });
    const counts = countCommands();

    // Act
    const response = await admin.post('/records/batch', {
      records: [...stored.map((r) => ({ ...r, updatedAt: '2026-03-02T00:00:00Z', amount: '2.00' })), deal('d-4', '2026-03-02T00:00:00Z', '2.00')],
    });

    // Assess
    expect(faults.counts.unprocessed).toBeGreaterThan(0);
    expect(statuses(response.body.results)).toEqual([
      [200, true],
      [200, true],
      [200, true],
      [201, true],
    ]);
    expect(counts.get('BatchGetItem')).toBeGreaterThan(1);
    expect(counts.get('TransactWriteItems')).toBe(1);
    expect(counts.get('UpdateItem')).toBeUndefined();
    for (const id of ['d-1', 'd-2', 'd-3', 'd-4']) expect((await admin.get(`/records/deal/${id}`)).body.amount).toBe('2.00');
  });

  it('a tombstone past its ttl (DynamoDB removes it some time later) refuses nothing: batch and single PUT re-create (201)', async () => {
    // Prepare: tombstones of a delete "after" every version sent, whose ttl has passed, and one still kept
    const admin = await freshAdmin();
    const nowMs = Date.now();
    const tombstone = async (id: string, ttlSeconds: number) =>
      ddb().send(new PutCommand({ TableName: tableName(), Item: { ...recordKey(admin.tenant, 'deal', id), entity: 'record-tombstone', recordType: 'deal', id, deletedAtMs: nowMs, ttl: ttlSeconds } }));
    await tombstone('d-expired', Math.floor(nowMs / 1000) - 60);
    await tombstone('d-single', Math.floor(nowMs / 1000) - 60);
    await tombstone('d-kept', Math.floor(nowMs / 1000) + 86_400);

    // Act: versions from before the delete
    const batch = await admin.post('/records/batch', { records: [deal('d-expired', '2026-01-01T00:00:00Z', '1.00'), deal('d-kept', '2026-01-01T00:00:00Z', '1.00')] });
    const single = await admin.put('/records/deal/d-single', deal('d-single', '2026-01-01T00:00:00Z', '1.00'));

    // Assess
    expect(statuses(batch.body.results)).toEqual([
      [201, true],
      [200, false],
    ]);
    expect(single.status).toBe(201);
    expect((await admin.get('/records/deal/d-expired')).body.amount).toBe('1.00');
    expect((await admin.get('/records/deal/d-kept')).status).toBe(404);
  });

  it('batches racing over the same records: each record ends at its newest version, created exactly once', async () => {
    // Prepare: five batches carry the same 40 records, batch k with version k; sent all at once, newest first
    const admin = await freshAdmin();
    const ids = Array.from({ length: 40 }, (_, i) => `d-${i}`);
    const batch = (k: number) => ({ records: ids.map((id) => deal(id, `2026-03-0${k}T00:00:00Z`, `${k}.00`)) });

    // Act
    const answers = await Promise.all([5, 4, 3, 2, 1].map((k) => admin.post('/records/batch', batch(k))));

    // Assess
    for (const answer of answers) expect(answer.status).toBe(200);
    for (const [i, id] of ids.entries()) {
      const results = answers.map((answer) => answer.body.results[i] as { id: string; status: number; applied: boolean });
      expect(results.every((r) => r.id === id && (r.status === 200 || r.status === 201))).toBe(true);
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results[0]!.applied).toBe(true); // version 5 is the newest: it always applies
      expect((await admin.get(`/records/deal/${id}`)).body).toMatchObject({ amount: '5.00', updatedAt: '2026-03-05T00:00:00Z' });
    }
  });
});
