import { describe, expect, it } from 'vitest';
import { handlerEntry, routeGroups, type RouteGroup } from '../../functions/api/route-table.ts';
import { tableDefinition } from '../../functions/store/table-definition.ts';
import { dataAccess } from '../../infra/cdk/data-access.ts';
import { rollupWorkerEntry } from '../../infra/cdk/rollup-pipeline.ts';
import { liveConsumerEntry } from '../../infra/cdk/live-consumer.ts';
import { dynamoDbUsage, scanBundle, type DynamoDbUsage } from './dynamodb-usage.ts';
import { actionsOf, apiFunctions, cfnText, onlyResource, referencedId, liveFunction, statementsOfRole, synthAttain, workerFunction } from './synth-attain.ts';

type Unit = RouteGroup | 'worker' | 'live';
const units: readonly Unit[] = [...routeGroups, 'worker', 'live'];
const entryOf = (unit: Unit) => (unit === 'worker' ? rollupWorkerEntry : unit === 'live' ? liveConsumerEntry : handlerEntry(unit));

describe('the DynamoDB rights of each function, derived from its code', () => {
  const usage = new Map<Unit, Promise<DynamoDbUsage>>(units.map((unit) => [unit, dynamoDbUsage(entryOf(unit), unit)]));
  const usageOf = (unit: Unit) => usage.get(unit)!;

  it.each(units)('%s: the declared actions are exactly the commands its bundle sends', async (unit) => {
    const { actions, files } = await usageOf(unit);
    expect([...dataAccess[unit].actions].sort(), `${unit} bundles ${files.join(', ')}`).toEqual(actions);
  });

  it.each(units)('%s: the declared indexes are exactly the ones its bundle queries', async (unit) => {
    const { indexes } = await usageOf(unit);
    expect([...dataAccess[unit].indexes].sort()).toEqual(indexes);
  });

  it('public (health, openapi) touches no data', async () => {
    expect(dataAccess.public).toEqual({ actions: [], indexes: [] });
    expect((await usageOf('public')).files.filter((file) => file.startsWith('functions/store/'))).toEqual([]);
  });

  it.each(units)('%s: takes only route definitions from other groups\' routes (their handlers never run here)', async (unit) => {
    for (const { module, names } of (await usageOf(unit)).cutImports) {
      expect(names.every((name) => /^[a-z][A-Za-z]*Routes$/.test(name)), `${unit} imports ${names.join(', ')} from ${module}`).toBe(true);
    }
  });

  it('only the public group imports other groups\' routes', async () => {
    for (const unit of units.filter((unit) => unit !== 'public')) expect((await usageOf(unit)).cutImports).toEqual([]);
    expect((await usageOf('public')).cutImports.length).toBe(routeGroups.length - 1);
  });

  it('declares only indexes the table has', () => {
    const names = tableDefinition.globalSecondaryIndexes.map((index) => index.indexName as string);
    for (const unit of units) for (const index of dataAccess[unit].indexes) expect(names).toContain(index);
  });
});

describe('the scan of a bundle', () => {
  const imports = 'import { GetCommand, QueryCommand as QueryCommand2, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";\n';

  it('maps commands to IAM actions, following renamed imports, and collects literal index names', () => {
    const code = `${imports}send(new GetCommand({}));\nsend(new QueryCommand2({ IndexName: "gsi2", KeyConditionExpression: "x" }));\n`;
    expect(scanBundle('t', code)).toEqual({ actions: ['dynamodb:GetItem', 'dynamodb:Query'], indexes: ['gsi2'] });
  });

  it('grants a transaction the actions of every item kind', () => {
    expect(scanBundle('t', `${imports}send(new TransactWriteCommand({}));\n`).actions).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
  });

  it('counts an imported command that is never constructed as nothing', () => {
    expect(scanBundle('t', `${imports}send(new GetCommand({}));\n`).actions).toEqual(['dynamodb:GetItem']);
  });

  it('refuses a command it has no mapping for', () => {
    const code = 'import { ExecuteStatementCommand } from "@aws-sdk/lib-dynamodb";\nsend(new ExecuteStatementCommand({}));\n';
    expect(() => scanBundle('t', code)).toThrow(/ExecuteStatementCommand.*commandActions/);
  });

  it('refuses a command used other than by `new`', () => {
    expect(() => scanBundle('t', `${imports}const C = GetCommand;\nsend(new C({}));\n`)).toThrow(/other than/);
  });

  it('refuses an index name that is not a literal', () => {
    expect(() => scanBundle('t', `${imports}send(new QueryCommand2({ IndexName: name }));\n`)).toThrow(/IndexName/);
  });

  it('refuses a dynamic import of a DynamoDB package', () => {
    expect(() => scanBundle('t', 'const m = await import("@aws-sdk/lib-dynamodb");\n')).toThrow(/dynamically/);
  });
});

describe('the DynamoDB grants in the template', () => {
  const { template } = synthAttain();
  const table = onlyResource(template, 'AWS::DynamoDB::GlobalTable');
  const tableArn = `\${${table.logicalId}.Arn}`;
  const functions = apiFunctions(template);
  const roleOf = (unit: Unit) =>
    referencedId((unit === 'worker' ? workerFunction(template) : unit === 'live' ? liveFunction(template) : functions.get(unit)!).properties.Role);

  const onStream = (statement: { Resource?: unknown }) => [statement.Resource].flat().map(cfnText).every((resource) => resource === `\${${table.logicalId}.StreamArn}`);

  it('only the live consumer may read the table\'s stream, and only to read it', () => {
    for (const unit of units) {
      const stream = statementsOfRole(template, roleOf(unit)).filter(onStream);
      expect(actionsOf(stream).sort(), unit).toEqual(unit === 'live' ? ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'] : []);
    }
  });

  it.each(units)('%s: its role allows exactly the declared actions, on the table and the declared indexes by ARN', (unit) => {
    const statements = statementsOfRole(template, roleOf(unit)).filter(
      (statement) => actionsOf([statement]).some((action) => action.startsWith('dynamodb:')) && !onStream(statement),
    );
    const granted = statements.map((statement) => ({
      actions: actionsOf([statement]).sort(),
      resources: [statement.Resource].flat().map(cfnText).sort(),
      condition: statement.Condition,
      effect: statement.Effect,
    }));
    const { actions, indexes } = dataAccess[unit];
    const expected = [];
    if (actions.length > 0) expected.push({ actions: [...actions].sort(), resources: [tableArn], condition: undefined, effect: 'Allow' });
    if (indexes.length > 0) {
      expected.push({
        actions: actions.filter((action) => action === 'dynamodb:Query' || action === 'dynamodb:Scan').sort(),
        resources: indexes.map((index) => `${tableArn}/index/${index}`).sort(),
        condition: undefined,
        effect: 'Allow',
      });
    }
    expect(granted).toEqual(expected);
  });

  it('grants no DynamoDB wildcard anywhere', () => {
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      const statements = policy.Properties.PolicyDocument.Statement;
      for (const statement of statements.filter((s: { Action: unknown }) => actionsOf([s as never]).some((a) => a.startsWith('dynamodb:')))) {
        expect(actionsOf([statement]).some((action) => action.includes('*'))).toBe(false);
        expect([statement.Resource].flat().map(cfnText).some((resource) => resource.includes('*'))).toBe(false);
      }
    }
  });
});
