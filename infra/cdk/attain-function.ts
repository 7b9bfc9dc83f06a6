import path from 'node:path';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { repoRoot } from './repo-root.ts';

export interface AttainFunctionProps {
  readonly description: string;
  /** The module whose `handler` export is the entry point, relative to the repository root. */
  readonly entry: string;
  /** `attain-<name>`, for the logger and for telling functions apart. */
  readonly serviceName: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  /** Applies to the function's log group. */
  readonly removalPolicy: RemovalPolicy;
  /** Where asynchronous invocations go when every attempt failed (for functions invoked asynchronously). */
  readonly deadLetterQueue?: IQueue;
}

/**
 * A Node.js 22 function on ARM with its own log group (`Logs`, one month) and active tracing,
 * bundled by the local esbuild as ESM, so synth never needs Docker. Every Attain function (the API
 * groups and the rollup worker) is built here, so they cannot drift apart.
 *
 * Its role (`Role`) starts empty: no managed policy, only writing to its own log group (no
 * `logs:CreateLogGroup`, no other group) and X-Ray's trace upload. Callers add the rest.
 */
export function createAttainFunction(scope: Construct, id: string, props: AttainFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, 'Logs', {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: props.removalPolicy,
  });

  const role = new Role(scope, 'Role', {
    description: `Runs ${props.serviceName}`,
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
  });

  const fn = new NodejsFunction(scope, id, {
    description: props.description,
    entry: path.join(repoRoot, props.entry),
    handler: 'handler',
    projectRoot: repoRoot,
    depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    tracing: Tracing.ACTIVE,
    logGroup,
    role,
    ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
    environment: {
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: props.serviceName,
      // Powertools Metrics' CloudWatch namespace (EMF); the service name is its one dimension.
      POWERTOOLS_METRICS_NAMESPACE: 'Attain',
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
  logGroup.grantWrite(role);
  return fn;
}
