import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { handlerEntry, type RouteGroup } from '../../functions/api/route-table.ts';
import { alarmOnAny, fiveMinuteSum } from './alarms.ts';
import { createAttainFunction } from './attain-function.ts';
import { dataAccess, grantDataAccess } from './data-access.ts';

export interface ApiFunctionProps {
  readonly group: RouteGroup;
  readonly table: ITableV2;
  /** Applies to the function's log group. */
  readonly removalPolicy: RemovalPolicy;
}

/** The Lambda function that serves one route group, with its log group and its alarms. */
export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    this.function = createAttainFunction(this, 'Function', {
      description: `Attain API: ${props.group} routes`,
      entry: handlerEntry(props.group),
      serviceName: `attain-${props.group}`,
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: { ATTAIN_TABLE: props.table.tableName },
      removalPolicy: props.removalPolicy,
    });

    // Exactly the DynamoDB actions (and indexes) the group's code sends; test/cdk/data-access.test.ts derives them.
    grantDataAccess(this.function, props.table, dataAccess[props.group]);

    this.alarms = [
      alarmOnAny(this, 'ErrorsAlarm', this.function.metricErrors(fiveMinuteSum), `Attain ${props.group} function reported errors`),
      alarmOnAny(this, 'ThrottlesAlarm', this.function.metricThrottles(fiveMinuteSum), `Attain ${props.group} function was throttled`),
    ];
  }
}
