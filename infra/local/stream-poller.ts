import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record as StreamApiRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** What the live consumer's handler module is to the poller: Lambda's call, without the context. */
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
  readonly handler: StreamHandler;
  /** Where a shard first seen is read from: its oldest record (npm start) or only what comes next. */
  readonly from?: 'TRIM_HORIZON' | 'LATEST';
  /** Records per handler call, as the event source mapping's batch size. */
  readonly batchSize?: number;
  /** Attempts of a failing batch before its records are given up (Lambda's maximum retry attempts). */
  readonly maxAttempts?: number;
  /** Waits between polls of a quiet stream and between retries (injected by tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: (message: string) => void;
}

export interface StreamPoller {
  /** Resolves once every open shard has an iterator: writes after it are delivered. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

interface ShardState {
  iterator: string | undefined;
  /** The last sequence number handed over and done with, to resume after an expired iterator. */
  checkpoint: string | undefined;
  /** Records read but not yet done with (a batch being retried). */
  pending: StreamApiRecord[];
  attempts: number;
  closed: boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Polls the table's stream on DynamoDB Local and hands the same `DynamoDBStreamEvent` Lambda would
 * to the consumer's handler, with the event source mapping's behaviour: batches in stream order per
 * shard; a batch item failure retries from the first failed record (the ones before it are done);
 * an error splits the batch in two (bisect on error) down to single records; a record that fails
 * `maxAttempts` times is logged and skipped (Lambda's on-failure destination). An iterator that
 * expires or goes invalid is replaced from the last checkpoint; a closed shard's children are read
 * after it. Hand-written: there is no Lambda trigger for streams locally and no library that plays it.
 */
export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const { dynamodb, streams, tableName, handler } = options;
  const batchSize = options.batchSize ?? 100;
  const maxAttempts = options.maxAttempts ?? 10;
  const sleep = options.sleep ?? defaultSleep;
  const log = options.log ?? ((message: string) => console.error(`[live] ${message}`));
  const shards = new Map<string, ShardState>();
  let stopped = false;
  let streamArn: string | undefined;
  let markReady!: () => void;
  let failReady!: (error: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failReady = reject)));

  async function iteratorFor(shardId: string, state: ShardState, firstSeen: boolean): Promise<void> {
    const start = state.checkpoint
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: state.checkpoint }
      : { ShardIteratorType: firstSeen ? (options.from ?? 'TRIM_HORIZON') : ('TRIM_HORIZON' as const) };
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ...start }));
    state.iterator = ShardIterator;
  }

  async function discoverShards(firstRound: boolean): Promise<void> {
    if (streamArn === undefined) {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
      streamArn = Table?.LatestStreamArn;
      if (streamArn === undefined) throw new Error(`The table ${tableName} has no stream`);
    }
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      for (const shard of StreamDescription?.Shards ?? []) {
        const id = shard.ShardId as string;
        if (shards.has(id)) continue;
        const state: ShardState = { iterator: undefined, checkpoint: undefined, pending: [], attempts: 0, closed: false };
        shards.set(id, state);
        // A shard that appears later (a child of a closed one) is read from its start: nothing is skipped.
        await iteratorFor(id, state, firstRound);
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  /** Hands `records` over as Lambda would; returns how many from the start are done with. */
  async function deliver(records: StreamApiRecord[]): Promise<number> {
    try {
      const response = await handler({ Records: records.map(lambdaShape) });
      const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      const firstFailed = records.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
      return firstFailed === -1 ? records.length : firstFailed;
    } catch (error) {
      if (records.length === 1) {
        log(`handler failed on ${records[0]?.dynamodb?.SequenceNumber}: ${error instanceof Error ? error.message : String(error)}`);
        return 0;
      }
      // Bisect on error: the first half alone, then (if it went through) the rest.
      const half = Math.ceil(records.length / 2);
      const done = await deliver(records.slice(0, half));
      return done < half ? done : half + (await deliver(records.slice(half)));
    }
  }

  async function pollShard(shardId: string, state: ShardState): Promise<boolean> {
    if (state.pending.length === 0) {
      if (state.iterator === undefined) {
        state.closed = true;
        return false;
      }
      try {
        const output = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: batchSize }));
        state.pending = output.Records ?? [];
        state.iterator = output.NextShardIterator;
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException' || name === 'ResourceNotFoundException' || name === 'ValidationException') {
          log(`shard ${shardId}: ${name}; reading on from the last checkpoint`);
          await iteratorFor(shardId, state, false);
          return true;
        }
        throw error;
      }
      if (state.pending.length === 0) return false;
    }
    const batch = state.pending.slice(0, batchSize);
    const done = await deliver(batch);
    if (done > 0) {
      state.checkpoint = batch[done - 1]?.dynamodb?.SequenceNumber;
      state.pending = state.pending.slice(done);
      state.attempts = 0;
      return true;
    }
    state.attempts += 1;
    if (state.attempts >= maxAttempts) {
      const [given] = state.pending.splice(0, 1);
      state.checkpoint = given?.dynamodb?.SequenceNumber;
      state.attempts = 0;
      log(`gave up on stream record ${state.checkpoint} after ${maxAttempts} attempts (Lambda's on-failure destination)`);
      return true;
    }
    await sleep(Math.min(5_000, 100 * 2 ** state.attempts));
    return true;
  }

  const loop = (async () => {
    await discoverShards(true);
    markReady();
    let round = 0;
    while (!stopped) {
      let busy = false;
      let closedNow = false;
      for (const [id, state] of shards) {
        if (stopped || state.closed) continue;
        busy = (await pollShard(id, state)) || busy;
        closedNow ||= state.closed;
      }
      // New shards (DynamoDB rolls them over) are looked for now and then, and as soon as one closed.
      // Closed shards stay in the map, so they are never read again.
      if (closedNow || ++round % 50 === 0) await discoverShards(false);
      if (!busy) await sleep(100);
    }
  })();
  loop.catch((error: unknown) => {
    failReady(error); // no effect once ready
    log(`stream poller stopped: ${error instanceof Error ? error.message : String(error)}`);
  });

  return {
    ready,
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
    },
  };
}

/** A Streams API record in the shape Lambda hands the function (dates as epoch seconds). */
function lambdaShape(record: StreamApiRecord): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb: {
      ...(dynamodb as DynamoDBRecord['dynamodb']),
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}),
    },
  } as DynamoDBRecord;
}
