import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { metricSchema } from '../../core/model/metric.ts';
import { unitSchema } from '../../core/model/unit.ts';
import { userSchema } from '../../core/model/user.ts';
import { composePorts, readOnly, systemClock } from '../compose.ts';
import { allGoals } from '../store/goal-reader.ts';
import { liveRepository } from '../store/live-repository.ts';
import { tenantEntities } from '../store/query-pages.ts';
import { getSettings } from '../store/settings-reader.ts';
import { logger } from '../shared/observability.ts';
import { assertNoDevSecretInLambda } from '../shared/runtime-guard.ts';
import { applyRecordChange, type LivePorts } from '../use-cases/live/apply-record-change.ts';
import { cachedCreditModels } from '../use-cases/live/credit-models.ts';
import { streamChange } from './stream-images.ts';

assertNoDevSecretInLambda();

/**
 * The live consumer Lambda: the table's stream (record items only, by the event source mapping's
 * filter) → each record change applied to the live values exactly once (`applyRecordChange`).
 * Powertools' batch processor answers with the records that failed, so Lambda retries only those
 * (and bisects the batch on an error); records of one item stay in order (one at a time).
 */
export function consumerWith(ports: LivePorts) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const applyOne = async (record: DynamoDBRecord): Promise<void> => {
    const change = streamChange(record);
    if (change === null) return;
    const outcome = await applyRecordChange(ports, change.tenant, change.image);
    logger.debug('Record change', { tenant: change.tenant, recordType: change.image.recordType, id: change.image.id, rev: change.image.rev, outcome });
  };
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger))
    .handler((event, context) => processPartialResponse(event, applyOne, processor, { context, processInParallel: false }));
}

// Only the definitions' full reads: the function's IAM rights are derived from its bundle.
const definitions = composePorts('live', {
  settings: readOnly('settings', { get: getSettings }),
  units: readOnly('units', { all: tenantEntities('unit', unitSchema).all }),
  users: readOnly('users', { all: tenantEntities('user', userSchema).all }),
  metrics: readOnly('metrics', { all: tenantEntities('metric', metricSchema).all }),
  goals: readOnly('goals', { all: allGoals }),
});

export const handler = consumerWith({ live: liveRepository, creditModels: cachedCreditModels({ ...definitions, live: liveRepository }), clock: systemClock });
