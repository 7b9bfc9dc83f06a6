import { describe, expect, it } from 'vitest';
import { routeGroups, type RouteGroup } from '../../functions/api/route-table.ts';
import { dataAccess } from '../../infra/cdk/data-access.ts';
import { actionsOf, apiFunctions, cfnText, onlyResource, referencedId, statementsOfRole, synthAttain, workerFunction } from './synth-attain.ts';

/**
 * What a group may do beyond the table, X-Ray and its logs; rollup.test.ts checks what each is scoped to.
 * Any other action on any group's role fails the test below.
 */
const extraActions: Partial<Record<RouteGroup, readonly string[]>> = {
  // POST /rollups hands the run to the worker.
  rollups: ['lambda:InvokeFunction'],
  // PUT /settings keeps the tenant's schedule in line with its settings.
  settings: ['iam:PassRole', 'scheduler:CreateSchedule', 'scheduler:UpdateSchedule'],
  // A tenant's first POST /goals gives it the default nightly schedule.
  goals: ['iam:PassRole', 'scheduler:CreateSchedule', 'scheduler:UpdateSchedule'],
};

describe('the API functions', () => {
  const { template } = synthAttain();
  const functions = apiFunctions(template);
  const tableId = onlyResource(template, 'AWS::DynamoDB::GlobalTable').logicalId;
  const functionOf = (group: (typeof routeGroups)[number]) => {
    const found = functions.get(group);
    if (!found) throw new Error(`No function for route group ${group}`);
    return found;
  };

  it('are one function per route group, and besides them only the rollup worker, the live consumer and the dashboard deployment\'s custom resources', () => {
    // aws-cdk-lib's BucketDeployment (copies web/ into the page bucket) and the bucket's auto-delete handler.
    const customResources = Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([, resource]) => resource.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === undefined)
      .map(([logicalId]) => logicalId.replace(/[0-9A-F]{8}$/, ''));
    expect(customResources.sort()).toEqual([
      'CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB',
      'CustomS3AutoDeleteObjectsCustomResourceProviderHandler',
    ]);
    template.resourceCountIs('AWS::Lambda::Function', routeGroups.length + 2 + customResources.length);
    expect([...functions.keys()].sort()).toEqual([...routeGroups].sort());
    expect([...functions.values()].map((fn) => fn.logicalId)).not.toContain(workerFunction(template).logicalId);
  });

  it('give every Attain function its own Powertools service name and the Attain metrics namespace', () => {
    // Those without a service name are only the two custom resources (the test above).
    const variables = Object.values(template.findResources('AWS::Lambda::Function'))
      .map((resource) => resource.Properties?.Environment?.Variables ?? {})
      .filter((v) => v.POWERTOOLS_SERVICE_NAME !== undefined);
    expect(variables.map((v) => v.POWERTOOLS_SERVICE_NAME).sort()).toEqual([...routeGroups.map((group) => `attain-${group}`), 'attain-rollup-worker', 'attain-live'].sort());
    for (const v of variables) expect(v.POWERTOOLS_METRICS_NAMESPACE).toBe('Attain');
  });

  it.each(routeGroups)('run %s on nodejs22.x on ARM with 512 MB, 10 s and active tracing', (group) => {
    expect(functionOf(group).properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 10,
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
    });
  });

  it.each(routeGroups)('tell %s the table name and enable source maps', (group) => {
    const variables = functionOf(group).properties.Environment.Variables;
    expect(referencedId(variables.ATTAIN_TABLE)).toBe(tableId);
    expect(variables.NODE_OPTIONS).toContain('--enable-source-maps');
  });

  it('log each to its own log group kept for one month', () => {
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    const used = routeGroups.map((group) => referencedId(functionOf(group).properties.LoggingConfig?.LogGroup));
    expect(new Set(used).size).toBe(routeGroups.length);
    for (const logGroupId of used) {
      expect(logGroups[logGroupId ?? '']?.Properties.RetentionInDays).toBe(30);
    }
  });

  it.each(routeGroups)('alarm on any error or throttle of %s', (group) => {
    const functionId = functionOf(group).logicalId;
    for (const metricName of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it.each(routeGroups)('give %s a role of its own with no managed policy', (group) => {
    const roleId = referencedId(functionOf(group).properties.Role);
    const role = template.findResources('AWS::IAM::Role')[roleId ?? ''];
    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
    expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    const others = routeGroups.filter((other) => other !== group).map((other) => referencedId(functionOf(other).properties.Role));
    expect(others).not.toContain(roleId);
  });

  it.each(routeGroups)('let %s write only to its own log group', (group) => {
    const statements = statementsOfRole(template, referencedId(functionOf(group).properties.Role)).filter((statement) =>
      actionsOf([statement]).some((action) => action.startsWith('logs:')),
    );
    expect(statements).toHaveLength(1);
    expect(actionsOf(statements).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    const logGroupId = referencedId(functionOf(group).properties.LoggingConfig?.LogGroup);
    expect([statements[0]!.Resource].flat().map(cfnText)).toEqual([`\${${logGroupId}.Arn}`]);
  });

  it.each(routeGroups)('let %s do nothing beyond its table rights, X-Ray, its logs and its listed extras', (group) => {
    const statements = statementsOfRole(template, referencedId(functionOf(group).properties.Role));
    const actions = actionsOf(statements);
    // Which DynamoDB actions, on what, is data-access.test.ts's business.
    expect(actions.filter((action) => action.startsWith('dynamodb:')).length > 0).toBe(dataAccess[group].actions.length > 0);
    expect(actions.filter((action) => !/^(dynamodb|xray|logs):/.test(action)).sort()).toEqual([...(extraActions[group] ?? [])].sort());
    expect(actions.filter((action) => action.startsWith('xray:')).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    for (const statement of statements.filter((s) => [s.Action].flat().some((action) => action.startsWith('dynamodb:')))) {
      const resources = [statement.Resource].flat();
      expect(resources.every((resource) => JSON.stringify(resource).includes(tableId))).toBe(true);
    }
  });
});
