import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { routeGroups, type RouteGroup } from '../../functions/api/route-table.ts';
import { ApiFunction } from './api-function.ts';
import { createDataTable } from './data-table.ts';
import { dashboardDomainFromContext, DashboardSite } from './dashboard-site.ts';
import { AttainHttpApi } from './http-api.ts';
import { jwtIssuerFromContext, type JwtIssuer } from './jwt-issuer.ts';
import { pascalCase } from './names.ts';
import { RollupPipeline } from './rollup-pipeline.ts';
import { LiveConsumer } from './live-consumer.ts';
import { AttainUserPool } from './user-pool.ts';

/**
 * The route groups that create or update tenant schedules: PUT /settings keeps a tenant's schedule in
 * line with its settings, and a tenant's first POST /goals gives it the default nightly one.
 */
export const tenantSchedulingGroups = ['settings', 'goals'] as const satisfies readonly RouteGroup[];

/** Stage-wide API Gateway throttling; per-tenant limits are the handlers' business. */
export const apiThrottle = { rateLimit: 200, burstLimit: 400 } as const;

/**
 * Attain in one environment-agnostic stack: the table, one function per route group, the HTTP API
 * and who signs its tokens, the rollup worker with its per-tenant schedules, and one topic every
 * alarm notifies, and the dashboard page on CloudFront in front of the API. Context (all optional):
 * - `jwtIssuer` + `jwtAudience`: accept tokens of that issuer instead of creating a user pool;
 * - `removalPolicy=destroy`: let `cdk destroy` delete the table, user pool and logs (default: retain);
 * - `dashboardDomain` + `dashboardCertificateArn`: serve the dashboard and API on that name (TLS 1.2+).
 */
export class AttainStack extends Stack {
  readonly table: TableV2;
  readonly apiFunctions: ReadonlyMap<RouteGroup, ApiFunction>;
  readonly api: AttainHttpApi;
  readonly rollups: RollupPipeline;
  readonly live: LiveConsumer;
  readonly alarmTopic: Topic;
  /** The dashboard page (web/) and the API behind one CloudFront distribution. */
  readonly dashboard: DashboardSite;
  /** The pool the stack created, unless an external issuer was given. */
  readonly userPool?: AttainUserPool;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const removalPolicy = removalPolicyFromContext(this);

    const table = (this.table = createDataTable(this, 'Table', removalPolicy));

    const { issuer, userPool } = this.tokenIssuer(removalPolicy);
    this.userPool = userPool;
    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', issuer.issuer, {
      jwtAudience: [...issuer.audience],
    });

    const apiFunctions = new Map<RouteGroup, ApiFunction>(
      routeGroups.map((group) => [group, new ApiFunction(this, `${pascalCase(group)}Api`, { group, table, removalPolicy })]),
    );
    this.apiFunctions = apiFunctions;
    const functionOf = (group: RouteGroup) => apiFunctions.get(group)!.function;
    const functions = new Map<RouteGroup, IFunction>(routeGroups.map((group) => [group, functionOf(group)]));
    const api = (this.api = new AttainHttpApi(this, 'Api', { functions, authorizer, throttle: apiThrottle, removalPolicy }));

    const rollups = (this.rollups = new RollupPipeline(this, 'Rollup', { table, removalPolicy }));
    rollups.grantDispatch(functionOf('rollups'));
    for (const group of tenantSchedulingGroups) rollups.grantScheduling(functionOf(group));

    const live = (this.live = new LiveConsumer(this, 'Live', { table, removalPolicy }));
    // Definition changes reach the worker through the consumer (a recomputation of the hierarchies concerned).
    rollups.grantDispatch(live.consumer);

    const alarmTopic = (this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Attain alarms', enforceSSL: true }));
    const notify = new SnsAction(alarmTopic);
    for (const alarm of [...[...apiFunctions.values()].flatMap((fn) => fn.alarms), ...rollups.alarms, ...live.alarms]) {
      alarm.addAlarmAction(notify);
    }

    const dashboard = (this.dashboard = new DashboardSite(this, 'Dashboard', { api: api.api, removalPolicy, domain: dashboardDomainFromContext(this) }));

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the Attain HTTP API' });
    new CfnOutput(this, 'DashboardUrl', {
      value: dashboard.url,
      description: 'The dashboard page; the API answers on the same address too',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'JwtIssuer', { value: issuer.issuer });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn, description: 'Subscribe here to hear about every Attain alarm' });
    if (userPool) {
      new CfnOutput(this, 'UserPoolId', { value: userPool.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: userPool.client.userPoolClientId });
    }
  }

  /** The external issuer given as context, or else a user pool created here. */
  private tokenIssuer(removalPolicy: RemovalPolicy): { issuer: JwtIssuer; userPool?: AttainUserPool } {
    const external = jwtIssuerFromContext(this);
    if (external) return { issuer: external };
    const userPool = new AttainUserPool(this, 'Users', { removalPolicy });
    return { issuer: userPool, userPool };
  }
}

function removalPolicyFromContext(scope: Construct): RemovalPolicy {
  const value: unknown = scope.node.tryGetContext('removalPolicy') ?? 'retain';
  if (value === 'retain') return RemovalPolicy.RETAIN;
  if (value === 'destroy') return RemovalPolicy.DESTROY;
  throw new Error(`Context removalPolicy must be "retain" or "destroy", got ${JSON.stringify(value)}.`);
}
