import { Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { AttainStack } from './attain-stack.ts';
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

  const functions = [...[...stack.apiFunctions.values()].map((api) => api.function), stack.rollups.worker];
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
  acknowledge(
    stack.apiFunctions.get('settings')!.function.role!,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${scheduleGroupName}/${tenantSchedulePattern}]`,
    `One EventBridge Scheduler schedule per tenant (${tenantSchedulePattern}) is created at run time by PUT /settings, so the names are ` +
      'not known at deploy time; the pattern is limited to the stack\'s own schedule group and to create/update.',
  );

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
  for (const queue of [stack.rollups.deadLetterQueue, stack.rollups.workerDeadLetterQueue]) {
    acknowledge(
      queue,
      'Serverless-SQSRedrivePolicy',
      'A dead-letter queue is the end of the line: nothing consumes it automatically, so there is nothing to redrive. ' +
        'An alarm fires on its first message; messages are kept 14 days.',
    );
  }

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
