import path from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { handlerEntry, type RouteGroup } from '../../functions/api/route-table.ts';
import { repoRoot } from './repo-root.ts';

export interface ApiFunctionProps {
  readonly group: RouteGroup;
  readonly table: ITableV2;
  /** Applies to the function's log group. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The Lambda function that serves one route group, with its log group and its alarms.
 * Bundled by the local esbuild as ESM, so synth never needs Docker.
 */
export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });

    this.function = new NodejsFunction(this, 'Function', {
      description: `Attain API: ${props.group} routes`,
      entry: path.join(repoRoot, handlerEntry(props.group)),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        ATTAIN_TABLE: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: `attain-${props.group}`,
        // esbuild writes the source map; Node only applies it to stack traces when asked to.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies (the X-Ray SDK among them) call `require` inside the ESM bundle.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        target: 'node22',
        minify: true,
        sourceMap: true,
        // Stack traces need only the mappings; leaving the sources out keeps the zip small.
        sourcesContent: false,
        // Ship the AWS SDK version we test with instead of whatever the runtime carries.
        bundleAwsSDK: true,
      },
    });

    // Least privilege per function comes later; until then every group reads and writes the table.
    props.table.grantReadWriteData(this.function);

    const fiveMinuteSum = { period: Duration.minutes(5), statistic: Stats.SUM };
    this.alarms = [
      this.alarmOnAny('ErrorsAlarm', this.function.metricErrors(fiveMinuteSum), `Attain ${props.group} function reported errors`),
      this.alarmOnAny('ThrottlesAlarm', this.function.metricThrottles(fiveMinuteSum), `Attain ${props.group} function was throttled`),
    ];
  }

  /** Alarms as soon as one datapoint counts at least one event; no datapoints is healthy. */
  private alarmOnAny(id: string, metric: IMetric, description: string): Alarm {
    return new Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
  }
}
