import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { storedMetricSchema } from '../../core/model/metric.ts';
import { unitSchema } from '../../core/model/unit.ts';
import { userSchema } from '../../core/model/user.ts';
import { composePorts, readOnly, systemClock } from '../compose.ts';
import { allGoals } from '../store/goal-reader.ts';
import { liveRepository } from '../store/live-repository.ts';
import { requestRecompute } from '../store/recompute-requests.ts';
import { dispatcherFrom } from '../rollup/lambda-dispatcher.ts';
import { config } from '../shared/config.ts';
import { tenantEntities } from '../store/query-pages.ts';
import { getSettings } from '../store/settings-reader.ts';
import { logger } from '../shared/observability.ts';
import { assertNoDevSecretInLambda } from '../shared/runtime-guard.ts';
import { applyRecordBatch, isSettled, type Settled } from '../use-cases/live/apply-record-batch.ts';
import { applyRecordChange, type LivePorts } from '../use-cases/live/apply-record-change.ts';
import type { RecordImage } from '../use-cases/live/ports.ts';
import { cachedCreditModels } from '../use-cases/live/credit-models.ts';
import { definitionChange, streamChange, type StreamChange } from './stream-images.ts';
import type { RollupDispatcher, RunStore } from '../use-cases/rollups/ports.ts';
import { exchangeRateReader } from '../store/exchange-rate-reader.ts';

assertNoDevSecretInLambda();

/** What the consumer needs besides the live path's: asking for recomputations, and the worker that does them. */
export type ConsumerPorts = LivePorts & { runs: Pick<RunStore, 'requestRecompute'>; dispatcher: RollupDispatcher };

/**
 * The live consumer Lambda: the table's stream (record and definition items, by the event source
 * mapping's filter) → the batch's record changes applied to the live values exactly once, as few
 * transactions as fit per tenant (`applyRecordBatch`), and what that left one by one
 * (`applyRecordChange`); each definition change (a goal, metric, unit, user, a currency's exchange
 * rates or the settings) asks for a recomputation of the hierarchies concerned, and the worker is
 * started once per tenant and batch. Powertools' batch processor answers with the records that failed, so Lambda retries only
 * those (and bisects the batch on an error); records of one item stay in order (one at a time).
 */
export function consumerWith(ports: ConsumerPorts) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger))
    .handler(async (event, context) => {
      const asked = new Set<string>();
      // A stream record that cannot be read is left to one by one, where it fails alone.
      const changes = new Map<DynamoDBRecord, StreamChange | null>();
      for (const record of event.Records) {
        try {
          changes.set(record, streamChange(record));
        } catch {
          // reported by applyOne
        }
      }
      // Record changes first, many in one step per tenant; what that left goes one by one below.
      const byTenant = new Map<string, RecordImage[]>();
      for (const change of changes.values()) if (change) (byTenant.get(change.tenant) ?? byTenant.set(change.tenant, []).get(change.tenant)!).push(change.image);
      const settled = new Map<string, Settled>();
      for (const [tenant, images] of byTenant) {
        try {
          settled.set(tenant, await applyRecordBatch(ports, tenant, images));
        } catch (error) {
          logger.warn('Batch left to one by one', { tenant, error });
        }
      }
      const applyOne = async (record: DynamoDBRecord): Promise<void> => {
        const definition = definitionChange(record);
        if (definition !== null) {
          await ports.runs.requestRecompute(definition.tenant, definition.scope, ports.clock.now());
          asked.add(definition.tenant);
          return;
        }
        const change = changes.has(record) ? changes.get(record) : streamChange(record);
        if (!change) return;
        const { tenant, image } = change;
        if (isSettled(settled.get(tenant), image)) return;
        const outcome = await applyRecordChange(ports, tenant, image);
        logger.debug('Record change', { tenant, recordType: image.recordType, id: image.id, rev: image.rev, outcome });
      };
      const response = await processPartialResponse(event, applyOne, processor, { context, processInParallel: false });
      // After the requests are stored: a worker that finds the lease busy leaves them to its holder.
      await Promise.all([...asked].map((tenant) => ports.dispatcher({ kind: 'recompute', tenant })));
      return response;
    });
}

// Only the definitions' full reads: the function's IAM rights are derived from its bundle.
const definitions = composePorts('live', {
  settings: readOnly('settings', { get: getSettings }),
  units: readOnly('units', { all: tenantEntities('unit', unitSchema).all }),
  users: readOnly('users', { all: tenantEntities('user', userSchema).all }),
  metrics: readOnly('metrics', { all: tenantEntities('metric', storedMetricSchema).all }),
  goals: readOnly('goals', { all: allGoals }),
  exchangeRates: readOnly('exchangeRates', { all: exchangeRateReader.all }),
});

/** The consumer on the DynamoDB stores, starting the worker with `dispatcher` (`npm start`: a worker process per event). */
export const handlerWith = (dispatcher: RollupDispatcher) =>
  consumerWith({
    live: liveRepository,
    creditModels: cachedCreditModels({ ...definitions, live: liveRepository }),
    clock: systemClock,
    runs: { requestRecompute },
    dispatcher,
  });

export const handler = handlerWith(dispatcherFrom(config()));
