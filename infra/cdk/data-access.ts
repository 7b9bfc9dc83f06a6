import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { RouteGroup } from '../../functions/api/route-table.ts';
import type { IndexName } from '../../functions/store/table-definition.ts';

export type DynamoDbAction = `dynamodb:${string}`;

/** A function's rights on the table: item actions on the table, and Query on the named indexes. */
export interface DataAccess {
  readonly actions: readonly DynamoDbAction[];
  /** Indexes the code queries (`IndexName`); each is granted by its own ARN, never `index/*`. */
  readonly indexes: readonly IndexName[];
}

/** Everything the code sends in one transaction item: IAM checks each item's own action. */
const transactWrite = ['dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;
const allIndexes = ['gsi1', 'gsi2', 'gsi3'] as const;

/**
 * What each Lambda may do to the table: exactly the DynamoDB commands its bundled code sends.
 * test/cdk/data-access.test.ts derives these lists from the code (esbuild bundle of each handler
 * and the worker, scanned for `new XxxCommand(` and `IndexName`) and fails when they differ, in
 * either direction. A repository object counts whole, so each store entity has a reader module
 * (`*-reader.ts`) apart from its writes, and read-only code imports only the readers.
 */
export const dataAccess: Readonly<Record<RouteGroup | 'worker' | 'live', DataAccess>> = {
  // /health and /openapi.json: no data at all.
  public: { actions: [], indexes: [] },
  settings: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], indexes: ['gsi1'] },
  // A currency's rates are put and deleted; the settings only read (the default currency).
  'exchange-rates': { actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], indexes: [] },
  // A unit's goals are only looked up (goal reader): no goal writes.
  units: {
    actions: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    indexes: allIndexes,
  },
  users: {
    actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    indexes: ['gsi1'],
  },
  // Metrics are put and deleted; goals, the org and records are only read (preview, in-use check).
  metrics: {
    actions: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    indexes: allIndexes,
  },
  // A batch reads the stored versions, then writes conditional puts in transactions; the metrics,
  // settings and users a write's warnings need are only read.
  records: { actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', ...transactWrite], indexes: [] },
  goals: {
    actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', ...transactWrite],
    indexes: allIndexes,
  },
  // Read-only: the results routes import only the store's reader modules.
  results: { actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'], indexes: allIndexes },
  // Runs and the lease (and queueing behind a recomputation); goals and the org are only read (a manager's scope).
  rollups: {
    actions: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    indexes: allIndexes,
  },
  worker: {
    actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:Query', ...transactWrite],
    indexes: allIndexes,
  },
  // The definitions and a batch's shadows are read; shadows and live values are written in transactions.
  live: { actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', ...transactWrite], indexes: [] },
};

/** Actions that apply to an index as well as to the table. */
const indexActions: readonly string[] = ['dynamodb:Query', 'dynamodb:Scan'];

/** The ARN of one global secondary index of the table. */
export const indexArn = (table: ITableV2, index: string): string => `${table.tableArn}/index/${index}`;

/**
 * Grants exactly `access` on `table`: its actions on the table ARN, and its index actions on the
 * ARN of each index it names. Nothing at all when it lists no actions.
 */
export function grantDataAccess(grantee: IGrantable, table: ITableV2, access: DataAccess): void {
  if (access.actions.length === 0) {
    if (access.indexes.length > 0) throw new Error('Indexes without actions');
    return;
  }
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...access.actions].sort(), resources: [table.tableArn] }),
  );
  const onIndexes = access.actions.filter((action) => indexActions.includes(action));
  if (access.indexes.length > 0) {
    if (onIndexes.length === 0) throw new Error(`Indexes ${access.indexes.join(', ')} granted without Query or Scan`);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: onIndexes.sort(), resources: access.indexes.map((index) => indexArn(table, index)) }),
    );
  }
}
