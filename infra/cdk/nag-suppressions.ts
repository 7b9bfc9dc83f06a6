import { DefaultStackSynthesizer, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { tenantSchedulingGroups, type AttainStack } from './attain-stack.ts';
import { tenantSchedulePattern } from './rollup-pipeline.ts';

/** The cdk-nag packs the stack is held to: AWS Solutions and Serverless. */
export function nagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()];
}

/** One acknowledged finding: where, which rule (with its finding id, if any) and why it stays. */
export interface NagAcknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

const nodeRuntimeReason =
  'Node.js 22 is the runtime the bundles are built for (esbuild target node22) and the stack is tested on; ' +
  'moving to a newer Lambda runtime is a deliberate upgrade of the whole stack, not a lint fix.';

/**
 * Every cdk-nag finding the stack keeps, each on the narrowest construct and with its reason.
 * The rest was fixed in the stack. Used by infra/cdk/app.ts and by test/cdk/nag.test.ts, which
 * fails on any finding not acknowledged here and on any acknowledgement that matches no finding.
 */
export function acknowledgeNagFindings(stack: AttainStack): NagAcknowledgement[] {
  const acknowledged: NagAcknowledgement[] = [];
  const acknowledge = (scope: IConstruct, id: string, reason: string) => {
    Validations.of(scope).acknowledge({ id, reason });
    acknowledged.push({ path: scope.node.path, id, reason });
  };

  const functions = [...[...stack.apiFunctions.values()].map((api) => api.function), stack.rollups.worker, stack.live.consumer];
  for (const fn of functions) {
    acknowledge(fn, 'AwsSolutions-L1', nodeRuntimeReason);
    acknowledge(fn, 'Serverless-LambdaLatestVersion', nodeRuntimeReason);
    acknowledge(
      fn.role!,
      'AwsSolutions-IAM5[Resource::*]',
      'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so their resource is always "*". ' +
        'Every other statement of the role names its resources.',
    );
  }
  for (const api of stack.apiFunctions.values()) {
    acknowledge(
      api.function,
      'Serverless-LambdaDLQ',
      'API functions are only invoked synchronously by API Gateway; a dead-letter queue applies to asynchronous invocations only. ' +
        'A failure is the caller\'s 5xx and fires the function\'s error alarm. (The rollup worker, invoked asynchronously, has one.)',
    );
  }

  const scheduleGroupName: unknown = Stack.of(stack).resolve(stack.rollups.scheduleGroup.scheduleGroupName);
  if (typeof scheduleGroupName !== 'string') throw new Error('The schedule group name must be known at synth time');
  for (const group of tenantSchedulingGroups) {
    acknowledge(
      stack.apiFunctions.get(group)!.function.role!,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${scheduleGroupName}/${tenantSchedulePattern}]`,
      `One EventBridge Scheduler schedule per tenant (${tenantSchedulePattern}) is created at run time (by PUT /settings, or with the ` +
        'defaults by a tenant\'s first POST /goals), so the names are not known at deploy time; the pattern is limited to the stack\'s ' +
        'own schedule group and to create/update.',
    );
  }

  for (const route of stack.api.publicRoutes.values()) {
    acknowledge(
      route,
      'AwsSolutions-APIG4',
      'GET /health and GET /openapi.json are public by contract (API.md): liveness probes and the API description need no token, ' +
        'expose no tenant data and have no table access. Every other route has the JWT authorizer.',
    );
  }

  acknowledge(
    stack.rollups.deadLetterQueue,
    'AwsSolutions-SQS3',
    'This queue is a dead-letter queue itself (EventBridge Scheduler\'s, set on each tenant schedule at run time, which cdk-nag cannot see); ' +
      'it has an alarm on the first message.',
  );
  acknowledge(
    stack.live.failedQueue,
    'AwsSolutions-SQS3',
    'This queue is the live consumer\'s on-failure destination (the event source mapping sends what failed every attempt here), ' +
      'a dead-letter queue itself; it has an alarm on the first message.',
  );
  acknowledge(
    stack.live.consumer,
    'Serverless-LambdaDLQ',
    'The live consumer is invoked by its DynamoDB stream event source mapping, never asynchronously; the mapping\'s on-failure ' +
      'destination (an SQS queue with an alarm) takes what fails every attempt.',
  );
  for (const queue of [stack.rollups.deadLetterQueue, stack.rollups.workerDeadLetterQueue, stack.live.failedQueue]) {
    acknowledge(
      queue,
      'Serverless-SQSRedrivePolicy',
      'A dead-letter queue is the end of the line: nothing consumes it automatically, so there is nothing to redrive. ' +
        'An alarm fires on its first message; messages are kept 14 days.',
    );
  }

  acknowledgeDashboardFindings(stack, acknowledge);

  if (stack.userPool) {
    const pool = stack.userPool.userPool;
    acknowledge(
      pool,
      'AwsSolutions-COG2',
      'MFA is optional (TOTP) rather than required: integration accounts sign in from scripts with USER_PASSWORD_AUTH. ' +
        'Organisations that need enforced MFA deploy with their own identity provider (-c jwtIssuer=… -c jwtAudience=…).',
    );
    acknowledge(
      pool,
      'AwsSolutions-COG8',
      'The Plus feature plan (threat protection) is billed per monthly active user; users are created by admins only, there is no ' +
        'self sign-up, and the password policy is strong. Switching the plan is an operator\'s decision, not a stack default.',
    );
  }
  return acknowledged;
}

/** The dashboard's distribution, and the function aws-cdk-lib's BucketDeployment brings to copy web/ into the bucket. */
function acknowledgeDashboardFindings(stack: AttainStack, acknowledge: (scope: IConstruct, id: string, reason: string) => void): void {
  const distribution = stack.dashboard.distribution;
  acknowledge(
    distribution,
    'AwsSolutions-CFR1',
    'Sales teams sign in from wherever they travel; there is no country the page or API should be closed to. Access is decided by the ' +
      'JWT authorizer and the role and data rights behind it, not by geography.',
  );
  acknowledge(
    distribution,
    'AwsSolutions-CFR2',
    'A web ACL for CloudFront must live in us-east-1 while this stack is region-agnostic, and its managed rules are billed per request. ' +
      'The API has stage throttling and per-tenant limits and every data route needs a token; operators who want WAF attach their own ACL.',
  );
  // With a custom domain the distribution has its own certificate and TLSv1.2_2021, and CFR4 holds.
  if (!stack.dashboard.domain) acknowledge(
    distribution,
    'AwsSolutions-CFR4',
    'Without a custom domain the distribution answers on *.cloudfront.net with CloudFront\'s default certificate, whose security policy ' +
      'CloudFront fixes and the stack cannot raise; the origins are reached over TLS 1.2 only. A custom domain with its own ACM ' +
      'certificate (-c dashboardDomain=… -c dashboardCertificateArn=…) gets TLSv1.2_2021.',
  );

  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('BucketDeployment\'s handler function was not found in the stack');
  const handlerRole = stack.dashboard.deployment.handlerRole;
  const fromCdk = 'aws-cdk-lib\'s BucketDeployment brings this function (a CloudFormation custom resource that copies web/ into the page bucket on deploy)';
  acknowledge(
    handler,
    'AwsSolutions-L1',
    `${fromCdk}; its Python runtime is chosen by aws-cdk-lib and moves with aws-cdk-lib upgrades.`,
  );
  acknowledge(
    handler,
    'Serverless-LambdaLatestVersion',
    `${fromCdk}; its Python runtime is chosen by aws-cdk-lib and moves with aws-cdk-lib upgrades.`,
  );
  acknowledge(
    handler,
    'Serverless-LambdaDLQ',
    `${fromCdk}. CloudFormation waits for its answer: a failure fails the deployment and rolls it back, so a dead-letter queue would hold nothing to act on.`,
  );
  acknowledge(
    handler,
    'Serverless-LambdaTracing',
    `${fromCdk}. It runs once per deployment, its logs go to a log group kept one month, and the construct offers no tracing setting.`,
  );
  acknowledge(
    handlerRole,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `${fromCdk}; aws-cdk-lib attaches AWSLambdaBasicExecutionRole to it, which allows writing its own logs and nothing else.`,
  );
  const qualifier: unknown = stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const pageBucketId = stack.getLogicalId(stack.dashboard.bucket.node.defaultChild as CfnElement);
  const grants =
    `${fromCdk}. These are aws-cdk-lib's own grants to it: read of the CDK asset bucket the zipped web/ is uploaded to, ` +
    'read/write/delete of objects in the page bucket only, and CloudFront invalidations, which support no resource-level permission.';
  for (const finding of [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    `Resource::arn:<AWS::Partition>:s3:::cdk-${String(qualifier)}-assets-<AWS::AccountId>-<AWS::Region>/*`,
    `Resource::<${pageBucketId}.Arn>/*`,
    'Resource::*',
  ]) {
    acknowledge(handlerRole, `AwsSolutions-IAM5[${finding}]`, grants);
  }
}
