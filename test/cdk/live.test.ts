import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { liveIteratorAgeAlarmMs } from '../../infra/cdk/live-consumer.ts';
import { actionsOf, liveFunction, onlyResource, referencedId, statementsOfRole, synthAttain, workerFunction } from './synth-attain.ts';

describe('the live path in the cloud', () => {
  const { template } = synthAttain();
  const consumer = liveFunction(template);
  const table = onlyResource(template, 'AWS::DynamoDB::GlobalTable');

  it('gives the table a stream with new and old images', () => {
    expect(table.properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('feeds the consumer from the stream: record and definition items only, in batches, bisecting, retrying only failed records, then to a queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: consumer.logicalId },
      EventSourceArn: { 'Fn::GetAtt': [table.logicalId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ dynamodb: { NewImage: { entity: { S: ['record', 'record-tombstone', 'goal', 'metric', 'unit', 'user', 'exchange-rates'] } } } }) },
          { Pattern: JSON.stringify({ eventName: ['REMOVE'], dynamodb: { OldImage: { entity: { S: ['record', 'goal', 'metric', 'unit', 'user', 'exchange-rates'] } } } }) },
          { Pattern: JSON.stringify({ dynamodb: { Keys: { sk: { S: ['settings'] } } } }) },
        ],
      },
    });
    expect(consumer.properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('attain-live');
  });

  it('lets the consumer start the worker (a definition change\'s recomputation) and invoke nothing else', () => {
    const worker = workerFunction(template);
    expect(consumer.properties.Environment.Variables.ATTAIN_WORKER_FUNCTION).toEqual({ Ref: worker.logicalId });
    const invokes = statementsOfRole(template, referencedId(consumer.properties.Role)).filter((statement) => actionsOf([statement]).some((action) => action.startsWith('lambda:')));
    expect(invokes).toHaveLength(1);
    expect(actionsOf(invokes)).toEqual(['lambda:InvokeFunction']);
    expect([invokes[0]!.Resource].flat()).toEqual([{ 'Fn::GetAtt': [worker.logicalId, 'Arn'] }]);
  });

  it('alarms when the consumer falls a minute behind the stream, fails, or gives records up', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Namespace: 'AWS/Lambda',
      Threshold: liveIteratorAgeAlarmMs,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: consumer.logicalId } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: consumer.logicalId } }] });
  });
});
