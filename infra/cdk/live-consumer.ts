import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmOnAny, fiveMinuteSum } from './alarms.ts';
import { createAttainFunction } from './attain-function.ts';
import { dataAccess, grantDataAccess } from './data-access.ts';
import { definitionEntities } from '../../functions/live/definition-entities.ts';

/** The live consumer's module, relative to the repository root. */
export const liveConsumerEntry = 'functions/live/consumer.ts';

/** How far behind the stream the consumer may fall before the alarm: live values move within a second. */
export const liveIteratorAgeAlarmMs = 60_000;

export interface LiveConsumerProps {
  readonly table: ITableV2;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The live path in the cloud: the table's stream → an event source mapping that passes record items
 * only (records and their tombstones) in batches, bisects a failing batch, retries only the records
 * the consumer names (partial batch responses) and sends what fails every attempt to a queue → the
 * live consumer (functions/live/consumer.ts). Alarms: the consumer's errors, records given up, and
 * the iterator age (how far behind the stream it is).
 */
export class LiveConsumer extends Construct {
  readonly consumer: NodejsFunction;
  readonly failedQueue: Queue;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: LiveConsumerProps) {
    super(scope, id);
    this.consumer = createAttainFunction(this, 'Function', {
      description: 'Attain live consumer: record changes from the table stream to the live values',
      entry: liveConsumerEntry,
      serviceName: 'attain-live',
      memorySize: 1024,
      timeout: Duration.minutes(1),
      environment: { ATTAIN_TABLE: props.table.tableName },
      removalPolicy: props.removalPolicy,
    });
    // Exactly the DynamoDB actions its code sends (test/cdk/data-access.test.ts derives them).
    grantDataAccess(this.consumer, props.table, dataAccess.live);

    this.failedQueue = new Queue(this, 'FailedQueue', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    const entity = (image: 'NewImage' | 'OldImage', ...values: string[]) => ({ dynamodb: { [image]: { entity: { S: FilterRule.or(...values) } } } });
    this.consumer.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(0),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.failedQueue),
        // Record changes (live values) and definition changes (recomputations): goals, metrics, units, users, exchange rates, the settings.
        filters: [
          FilterCriteria.filter(entity('NewImage', 'record', 'record-tombstone', ...definitionEntities)),
          FilterCriteria.filter({ eventName: FilterRule.isEqual('REMOVE'), ...entity('OldImage', 'record', ...definitionEntities) }),
          FilterCriteria.filter({ dynamodb: { Keys: { sk: { S: FilterRule.isEqual('settings') } } } }),
        ],
      }),
    );

    const iteratorAge = new Metric({
      namespace: 'AWS/Lambda',
      metricName: 'IteratorAge',
      dimensionsMap: { FunctionName: this.consumer.functionName },
      period: Duration.minutes(1),
      statistic: Stats.MAXIMUM,
    });
    this.alarms = [
      alarmOnAny(this, 'ErrorsAlarm', this.consumer.metricErrors(fiveMinuteSum), 'The Attain live consumer failed: live values lag until it recovers'),
      alarmOnAny(
        this,
        'FailedQueueAlarm',
        this.failedQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: Stats.MAXIMUM }),
        'Record changes the live consumer gave up on: the next full run repairs their goals; see the queue',
      ),
      new Alarm(this, 'IteratorAgeAlarm', {
        metric: iteratorAge,
        threshold: liveIteratorAgeAlarmMs,
        evaluationPeriods: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: 'The Attain live consumer is more than a minute behind the table stream',
      }),
    ];
  }
}
