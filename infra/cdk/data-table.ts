import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { tableDefinition } from '../../functions/store/table-definition.ts';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/**
 * The one Attain table, built from the same `tableDefinition` the local runner uses, so the
 * cloud and `npm start` cannot disagree on keys or indexes.
 */
export function createDataTable(scope: Construct, id: string, removalPolicy: RemovalPolicy): TableV2 {
  return new TableV2(scope, id, {
    partitionKey: stringKey(tableDefinition.partitionKey),
    sortKey: stringKey(tableDefinition.sortKey),
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    dynamoStream: StreamViewType[tableDefinition.streamViewType],
    globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
      indexName: index.indexName,
      partitionKey: stringKey(index.partitionKey),
      sortKey: stringKey(index.sortKey),
      projectionType: ProjectionType.ALL,
    })),
    removalPolicy,
  });
}
