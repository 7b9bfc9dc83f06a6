import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmOnAny, fiveMinuteSum } from './alarms.ts';
import { createAttainFunction } from './attain-function.ts';
import { dataAccess, grantDataAccess } from './data-access.ts';

/**
 * How big and how long the rollup worker may be: the one place to change when `npm run bench:rollup`
 * says otherwise. A run holds its tenant's lease only while it renews it (every third of `lease`),
 * so a worker that dies — a crash, or Lambda's timeout — frees its tenant within one lease, not one
 * timeout. A run that cannot renew for a whole lease stops; and since a run's results become current
 * only by a conditional switch from the results it started from, two runs that overlap anyway can
 * never mix their results.
 */
export const rollupWorkerSizing = {
  timeout: Duration.minutes(15),
  memorySize: 2048,
  lease: Duration.minutes(2),
} as const;

/** Seconds a run's lease on its tenant lasts between renewals (120). */
export const rollupLeaseSeconds = (): number => rollupWorkerSizing.lease.toSeconds();

/** The worker's service name: its logs' `service` and its metrics' one dimension. */
const workerServiceName = 'attain-rollup-worker';

/** The Duration alarm fires when the slowest runs (p99) use more than this share of the timeout. */
export const workerDurationAlarmShare = 0.8;

/**
 * The names `scheduleName` in functions/rollup/tenant-schedules.ts gives tenant schedules
 * (`attain-<tenant>`): the settings function may create and update those and no others.
 */
export const tenantSchedulePattern = 'attain-*';

/** The worker's module, relative to the repository root. */
export const rollupWorkerEntry = 'functions/rollup/worker.ts';

/** How long the dead-letter queues keep what they got: long enough to look at it after a holiday. */
const deadLetterRetention = Duration.days(14);

export interface RollupPipelineProps {
  readonly table: ITableV2;
  /** Applies to the worker's log group. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The rollup worker and what starts it: the schedule group that the settings function fills with one
 * EventBridge Scheduler schedule per tenant (in the tenant's time zone), the role those schedules
 * invoke the worker with, the dead-letter queue for invocations the scheduler gave up on, and the
 * alarms on all of it. `POST /rollups` invokes the same worker asynchronously.
 */
export class RollupPipeline extends Construct {
  readonly worker: NodejsFunction;
  /** Schedule deliveries EventBridge Scheduler gave up on. */
  readonly deadLetterQueue: Queue;
  /** Asynchronous invocations of the worker (scheduled or from `POST /rollups`) that failed every attempt. */
  readonly workerDeadLetterQueue: Queue;
  readonly scheduleGroup: ScheduleGroup;
  readonly schedulerRole: Role;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: RollupPipelineProps) {
    super(scope, id);

    this.workerDeadLetterQueue = new Queue(this, 'WorkerDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: deadLetterRetention,
    });

    this.worker = createAttainFunction(new Construct(this, 'Worker'), 'Function', {
      description: 'Attain rollup worker: scheduled and manual rollups of one tenant',
      entry: rollupWorkerEntry,
      serviceName: workerServiceName,
      memorySize: rollupWorkerSizing.memorySize,
      timeout: rollupWorkerSizing.timeout,
      environment: {
        ATTAIN_TABLE: props.table.tableName,
        ATTAIN_ROLLUP_LEASE_SECONDS: String(rollupLeaseSeconds()),
      },
      removalPolicy: props.removalPolicy,
      deadLetterQueue: this.workerDeadLetterQueue,
    });
    // Exactly the DynamoDB actions (and indexes) the worker's code sends; test/cdk/data-access.test.ts derives them.
    grantDataAccess(this.worker, props.table, dataAccess.worker);

    this.deadLetterQueue = new Queue(this, 'ScheduleDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: deadLetterRetention,
    });

    // The schedules in it are made at run time from tenant settings and target this stack's worker,
    // so the group goes with the stack whatever the removal policy: a retained group would outlive
    // its target and, keeping its generated name, block the next deployment of the stack.
    this.scheduleGroup = new ScheduleGroup(this, 'ScheduleGroup', { removalPolicy: RemovalPolicy.DESTROY });

    const account = Stack.of(this).account;
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'Assumed by the Attain tenant schedules to start the rollup worker',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    });
    this.schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.worker.functionArn] }),
    );
    this.schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );

    this.alarms = [
      alarmOnAny(this, 'WorkerErrorsAlarm', this.worker.metricErrors(fiveMinuteSum), 'Attain rollup worker failed a run'),
      new Alarm(this, 'WorkerDurationAlarm', {
        metric: this.worker.metricDuration({ period: Duration.minutes(5), statistic: Stats.p(99) }),
        threshold: rollupWorkerSizing.timeout.toMilliseconds() * workerDurationAlarmShare,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `Attain rollup runs take more than ${workerDurationAlarmShare * 100}% of the worker's timeout: resize it or split the run`,
      }),
      alarmOnAny(
        this,
        'DriftAlarm',
        // Powertools Metrics (EMF) from the worker: namespace and the service dimension as attain-function.ts sets them.
        new Metric({ namespace: 'Attain', metricName: 'GoalsDrifted', dimensionsMap: { service: workerServiceName }, ...fiveMinuteSum }),
        'A full run found live values that differed from its recomputation (drift) and repaired them: the live path lost or doubled a change',
      ),
      alarmOnAny(
        this,
        'DeadLetterQueueAlarm',
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: Stats.MAXIMUM }),
        'A scheduled Attain rollup could not be delivered to the worker: see the dead-letter queue',
      ),
      alarmOnAny(
        this,
        'WorkerDeadLetterQueueAlarm',
        this.workerDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: Stats.MAXIMUM }),
        'An Attain rollup invocation failed every attempt: its event is in the worker dead-letter queue',
      ),
    ];
  }

  /**
   * Lets `POST /rollups` hand runs to the worker: its name, and invoke on it alone. It takes the
   * tenant's lease for the run it queues, so it holds it exactly as long as the worker does.
   */
  grantDispatch(fn: NodejsFunction): void {
    fn.addEnvironment('ATTAIN_WORKER_FUNCTION', this.worker.functionName);
    fn.addEnvironment('ATTAIN_ROLLUP_LEASE_SECONDS', String(rollupLeaseSeconds()));
    // The unqualified function only: the dispatcher invokes it by name, never a version or alias.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.worker.functionArn] }));
  }

  /**
   * Lets `PUT /settings` create and update the tenant schedules (`attain-*`, in this group only)
   * and hand them the scheduler role, and tells it the group, target, role and dead-letter queue.
   */
  grantScheduling(fn: NodejsFunction): void {
    fn.addEnvironment('ATTAIN_SCHEDULE_GROUP', this.scheduleGroup.scheduleGroupName);
    fn.addEnvironment('ATTAIN_WORKER_ARN', this.worker.functionArn);
    fn.addEnvironment('ATTAIN_SCHEDULER_ROLE_ARN', this.schedulerRole.roleArn);
    fn.addEnvironment('ATTAIN_SCHEDULE_DLQ_ARN', this.deadLetterQueue.queueArn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule'],
        resources: [
          Stack.of(this).formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${this.scheduleGroup.scheduleGroupName}/${tenantSchedulePattern}`,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }
}
