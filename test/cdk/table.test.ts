import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/store/table-definition.ts';
import { onlyResource, synthAttain } from './synth-attain.ts';

describe('the Attain table', () => {
  const { template } = synthAttain();
  const table = onlyResource(template, 'AWS::DynamoDB::GlobalTable');

  it('is one on-demand table keyed by the table definition', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(table.properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.properties.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
  });

  it('has point-in-time recovery enabled', () => {
    expect(table.properties.Replicas).toHaveLength(1);
    expect(table.properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('expires items by the TTL attribute of the table definition', () => {
    expect(table.properties.TimeToLiveSpecification).toEqual({
      AttributeName: tableDefinition.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('has exactly the global secondary indexes of the table definition, projecting all attributes', () => {
    expect(table.properties.GlobalSecondaryIndexes).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('declares every key attribute, and only those, as a string', () => {
    const keyAttributes = [
      tableDefinition.partitionKey,
      tableDefinition.sortKey,
      ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    const declared = table.properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    expect(declared.map((attribute) => attribute.AttributeName).sort()).toEqual([...keyAttributes].sort());
    expect(declared.every((attribute) => attribute.AttributeType === 'S')).toBe(true);
  });

  it('is retained when the stack is deleted or the table replaced', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});
