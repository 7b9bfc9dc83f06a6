import { describe, expect, it } from 'vitest';
import { scheduleName } from '../../functions/rollup/eventbridge-scheduler.ts';
import {
  rollupLeaseSeconds,
  rollupWorkerSizing,
  tenantSchedulePattern,
  workerDurationAlarmShare,
} from '../../infra/cdk/rollup-pipeline.ts';
import { tenantSchedulingGroups } from '../../infra/cdk/attain-stack.ts';
import { dataAccess } from '../../infra/cdk/data-access.ts';
import {
  actionsOf,
  apiFunctions,
  cfnText,
  liveFunction,
  onlyResource,
  referencedId,
  statementsOfRole,
  synthAttain,
  workerFunction,
  type PolicyStatementJson,
} from './synth-attain.ts';

describe('the rollup pipeline', () => {
  const { template } = synthAttain();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any; DeletionPolicy?: string }>;
  const worker = workerFunction(template);
  const workerArn = `\${${worker.logicalId}.Arn}`;
  const table = onlyResource(template, 'AWS::DynamoDB::GlobalTable');
  const functions = apiFunctions(template);
  const rollups = functions.get('rollups')!;
  const queueWhoseIdHas = (fragment: string) => {
    const ids = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => id.includes(fragment));
    if (ids.length !== 1) throw new Error(`Expected one queue with ${fragment} in its id, found ${ids.length}`);
    return { logicalId: ids[0]!, properties: resources[ids[0]!]!.Properties };
  };
  const queue = queueWhoseIdHas('ScheduleDeadLetterQueue');
  const workerQueue = queueWhoseIdHas('WorkerDeadLetterQueue');
  const queuePolicyOf = (queueId: string) => {
    const found = Object.values(template.findResources('AWS::SQS::QueuePolicy')).filter((policy) =>
      (policy.Properties.Queues as unknown[]).some((ref) => referencedId(ref) === queueId),
    );
    if (found.length !== 1) throw new Error(`Expected one policy for ${queueId}, found ${found.length}`);
    return found[0]!.Properties;
  };
  const scheduleGroup = onlyResource(template, 'AWS::Scheduler::ScheduleGroup');
  const topic = onlyResource(template, 'AWS::SNS::Topic');
  const roles = template.findResources('AWS::IAM::Role');
  const schedulerRoleIds = Object.keys(roles).filter((id) =>
    JSON.stringify(roles[id]?.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
  );
  const schedulerRoleId = schedulerRoleIds[0]!;
  const roleOf = (fn: { properties: { Role?: unknown } }) => referencedId(fn.properties.Role);
  const statementsWith = (roleId: string | undefined, action: string): PolicyStatementJson[] =>
    statementsOfRole(template, roleId).filter((statement) => [statement.Action].flat().includes(action));
  const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([logicalId, alarm]) => ({
    logicalId,
    properties: alarm.Properties,
  }));

  describe('worker', () => {
    it('runs on nodejs22.x on ARM with the sized timeout and memory, active tracing and its own log group', () => {
      expect(worker.properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: rollupWorkerSizing.timeout.toSeconds(),
        MemorySize: rollupWorkerSizing.memorySize,
        TracingConfig: { Mode: 'Active' },
      });
      expect(worker.properties.Timeout).toBe(900);
      expect(worker.properties.MemorySize).toBe(2048);
      expect(worker.properties.ReservedConcurrentExecutions).toBeUndefined();
      const logGroupId = referencedId(worker.properties.LoggingConfig?.LogGroup);
      expect(resources[logGroupId ?? '']?.Properties.RetentionInDays).toBe(30);
    });

    it('knows the table and holds a lease it renews, shorter than its timeout', () => {
      const variables = worker.properties.Environment.Variables;
      expect(referencedId(variables.ATTAIN_TABLE)).toBe(table.logicalId);
      expect(variables.ATTAIN_ROLLUP_LEASE_SECONDS).toBe(String(rollupLeaseSeconds()));
      // Renewed while the run works: a dead worker frees its tenant within the lease, well before the timeout.
      expect(variables.ATTAIN_ROLLUP_LEASE_SECONDS).toBe('120');
      expect(Number(variables.ATTAIN_ROLLUP_LEASE_SECONDS)).toBeLessThan(worker.properties.Timeout);
      expect(variables.NODE_OPTIONS).toContain('--enable-source-maps');
    });

    it('may use the table as its code does (data-access.test.ts), write its logs and traces, and send to its dead-letter queue; nothing else', () => {
      const statements = statementsOfRole(template, roleOf(worker));
      const actions = actionsOf(statements);
      expect([...new Set(actions.filter((action) => action.startsWith('dynamodb:')))].sort()).toEqual([...dataAccess.worker.actions].sort());
      expect(actions.filter((action) => !/^(dynamodb|xray):/.test(action)).sort()).toEqual(
        ['logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage'],
      );
      for (const statement of statements.filter((s) => actionsOf([s]).some((action) => action.startsWith('dynamodb:')))) {
        expect([statement.Resource].flat().every((resource) => JSON.stringify(resource).includes(table.logicalId))).toBe(true);
      }
      const sends = statements.filter((statement) => actionsOf([statement]).includes('sqs:SendMessage'));
      expect(sends.map((statement) => [statement.Resource].flat().map(cfnText))).toEqual([[`\${${workerQueue.logicalId}.Arn}`]]);
    });

    it('sends asynchronous invocations that failed every attempt to its own encrypted dead-letter queue', () => {
      expect(cfnText(worker.properties.DeadLetterConfig?.TargetArn)).toBe(`\${${workerQueue.logicalId}.Arn}`);
      expect(workerQueue.properties.SqsManagedSseEnabled).toBe(true);
      expect(workerQueue.properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      expect(queuePolicyOf(workerQueue.logicalId).PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    });
  });

  describe('manual trigger', () => {
    it('tells the rollups function the worker\'s name', () => {
      expect(rollups.properties.Environment.Variables.ATTAIN_WORKER_FUNCTION).toEqual({ Ref: worker.logicalId });
    });

    it('has the rollups function take the lease for as long as the worker holds it, and no other API function', () => {
      const lease = worker.properties.Environment.Variables.ATTAIN_ROLLUP_LEASE_SECONDS;
      for (const [group, fn] of functions) {
        expect(fn.properties.Environment.Variables.ATTAIN_ROLLUP_LEASE_SECONDS, group).toBe(group === 'rollups' ? lease : undefined);
      }
    });

    it('lets the rollups function invoke the worker and nothing else', () => {
      const invokes = statementsWith(roleOf(rollups), 'lambda:InvokeFunction');
      expect(invokes).toHaveLength(1);
      expect(actionsOf(invokes)).toEqual(['lambda:InvokeFunction']);
      // The unqualified function: the dispatcher invokes it by name, so no version or alias wildcard.
      expect([invokes[0]!.Resource].flat().map(cfnText)).toEqual([workerArn]);
    });

    it('grants lambda:InvokeFunction to nobody else but the live consumer and the scheduler role', () => {
      const holders = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) => actionsOf(policy.Properties.PolicyDocument.Statement).includes('lambda:InvokeFunction'))
        .flatMap((policy) => (policy.Properties.Roles as unknown[]).map(referencedId));
      // The rollups function (POST /rollups), the live consumer (definition changes) and the scheduler.
      expect(holders.sort()).toEqual([roleOf(rollups), roleOf(liveFunction(template)), schedulerRoleId].sort());
      expect(Object.keys(template.findResources('AWS::Lambda::Permission')).length).toBeGreaterThan(0);
      for (const permission of Object.values(template.findResources('AWS::Lambda::Permission'))) {
        // Resource policies on functions are the API Gateway integrations' alone, never on the worker.
        expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
        expect(referencedId(permission.Properties.FunctionName)).not.toBe(worker.logicalId);
      }
    });
  });

  describe('schedule', () => {
    it('is one schedule group, with no schedule of its own: tenants get theirs on PUT /settings or their first goal', () => {
      template.resourceCountIs('AWS::Scheduler::Schedule', 0);
      expect(typeof scheduleGroup.properties.Name).toBe('string');
      expect(scheduleGroup.properties.Name).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
    });

    it('deletes the group (and the tenant schedules in it) with the stack, so a redeploy is never blocked by it', () => {
      template.hasResource('AWS::Scheduler::ScheduleGroup', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    });

    it('has an encrypted dead-letter queue that keeps failures 14 days and refuses plain HTTP', () => {
      expect(queue.properties.SqsManagedSseEnabled).toBe(true);
      expect(queue.properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      const policy = queuePolicyOf(queue.logicalId);
      expect(policy.Queues).toEqual([{ Ref: queue.logicalId }]);
      expect(policy.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    });

    it('has one scheduler role, trusted only by EventBridge Scheduler acting for this account', () => {
      expect(schedulerRoleIds).toHaveLength(1);
      const role = roles[schedulerRoleId]!.Properties;
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ]);
      expect(role.ManagedPolicyArns).toBeUndefined();
      expect(role.Policies).toBeUndefined();
    });

    it('lets the scheduler role invoke the worker and send to the dead-letter queue, and nothing else', () => {
      const statements = statementsOfRole(template, schedulerRoleId).map((statement) => ({
        effect: statement.Effect,
        actions: actionsOf([statement]),
        resources: [statement.Resource].flat().map(cfnText),
        condition: statement.Condition,
      }));
      expect(statements).toEqual(
        expect.arrayContaining([
          { effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [workerArn], condition: undefined },
          { effect: 'Allow', actions: ['sqs:SendMessage'], resources: [`\${${queue.logicalId}.Arn}`], condition: undefined },
        ]),
      );
      expect(statements).toHaveLength(2);
    });

    it.each(tenantSchedulingGroups)('tells the %s function the group, target, role and dead-letter queue', (group) => {
      const variables = functions.get(group)!.properties.Environment.Variables;
      expect(variables.ATTAIN_SCHEDULE_GROUP).toBe(scheduleGroup.properties.Name);
      expect(cfnText(variables.ATTAIN_WORKER_ARN)).toBe(workerArn);
      expect(cfnText(variables.ATTAIN_SCHEDULER_ROLE_ARN)).toBe(`\${${schedulerRoleId}.Arn}`);
      expect(cfnText(variables.ATTAIN_SCHEDULE_DLQ_ARN)).toBe(`\${${queue.logicalId}.Arn}`);
    });

    it('tells no other function about schedules or the worker', () => {
      expect([...tenantSchedulingGroups].sort()).toEqual(['goals', 'settings']);
      for (const [group, fn] of functions) {
        const names = Object.keys(fn.properties.Environment.Variables);
        const scheduling = names.filter((name) => /SCHEDULE|WORKER/.test(name));
        if ((tenantSchedulingGroups as readonly string[]).includes(group)) {
          expect(scheduling.sort()).toEqual(['ATTAIN_SCHEDULER_ROLE_ARN', 'ATTAIN_SCHEDULE_DLQ_ARN', 'ATTAIN_SCHEDULE_GROUP', 'ATTAIN_WORKER_ARN']);
        } else if (group === 'rollups') expect(scheduling).toEqual(['ATTAIN_WORKER_FUNCTION']);
        else expect(scheduling).toEqual([]);
      }
    });

    it.each(tenantSchedulingGroups)('lets the %s function create and update only the attain-* schedules of that group', (group) => {
      const statements = statementsOfRole(template, roleOf(functions.get(group)!)).filter((statement) =>
        actionsOf([statement]).some((action) => action.startsWith('scheduler:')),
      );
      expect(statements).toHaveLength(1);
      expect(actionsOf(statements).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:UpdateSchedule']);
      expect(statements[0]!.Condition).toBeUndefined();
      expect([statements[0]!.Resource].flat().map(cfnText)).toEqual([
        `arn:\${AWS::Partition}:scheduler:\${AWS::Region}:\${AWS::AccountId}:schedule/${scheduleGroup.properties.Name}/attain-*`,
      ]);
    });

    it('names every tenant schedule inside that pattern', () => {
      const pattern = new RegExp(`^${tenantSchedulePattern.replace('*', '.*')}$`);
      for (const tenant of ['acme', 'a', 'x'.repeat(128)]) expect(scheduleName(tenant)).toMatch(pattern);
    });

    it.each(tenantSchedulingGroups)('lets the %s function pass the scheduler role to EventBridge Scheduler only', (group) => {
      const passRole = statementsWith(roleOf(functions.get(group)!), 'iam:PassRole');
      expect(passRole).toHaveLength(1);
      expect(actionsOf(passRole)).toEqual(['iam:PassRole']);
      expect([passRole[0]!.Resource].flat().map(cfnText)).toEqual([`\${${schedulerRoleId}.Arn}`]);
      expect(passRole[0]!.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    });
  });

  describe('alarms', () => {
    const workerDimensions = [{ Name: 'FunctionName', Value: { Ref: worker.logicalId } }];
    const notifies = { AlarmActions: [{ Ref: topic.logicalId }] };

    it('alarm on any worker error within five minutes', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: workerDimensions,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        ...notifies,
      });
    });

    it('alarm when the slowest runs near the worker\'s timeout', () => {
      expect(workerDurationAlarmShare).toBe(0.8);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        Dimensions: workerDimensions,
        ExtendedStatistic: 'p99',
        Period: 300,
        Threshold: worker.properties.Timeout * 1000 * 0.8,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        ...notifies,
      });
    });

    it('alarm as soon as a run reports drift (the worker\'s Powertools metric, its service the one dimension)', () => {
      expect(worker.properties.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'attain-rollup-worker', POWERTOOLS_METRICS_NAMESPACE: 'Attain' });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Attain',
        MetricName: 'GoalsDrifted',
        Dimensions: [{ Name: 'service', Value: 'attain-rollup-worker' }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        ...notifies,
      });
    });

    it.each(['schedule', 'worker'])('alarm as soon as one message waits in the %s dead-letter queue', (which) => {
      const queueId = which === 'schedule' ? queue.logicalId : workerQueue.logicalId;
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        ...notifies,
      });
    });

    it('go to a topic that refuses publishers without TLS', () => {
      const policy = onlyResource(template, 'AWS::SNS::TopicPolicy').properties;
      expect(policy.Topics).toEqual([{ Ref: topic.logicalId }]);
      expect(policy.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    });

    it('all notify the alarm topic, whose ARN is an output', () => {
      expect(alarms.length).toBe(2 * functions.size + 5 + 3); // the API functions', the rollup pipeline's (errors, duration, drift, two queues), the live consumer's (errors, failed queue, iterator age)
      for (const alarm of alarms) expect(alarm.properties.AlarmActions, alarm.logicalId).toEqual([{ Ref: topic.logicalId }]);
      const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
      expect(outputs.AlarmTopicArn?.Value).toEqual({ Ref: topic.logicalId });
    });
  });

  it('has no IAM roles but the functions\' and the scheduler\'s', () => {
    const functionRoles = Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => referencedId(fn.Properties.Role));
    expect(Object.keys(roles).sort()).toEqual([...functionRoles, schedulerRoleId].sort());
  });
});
