import { describe, expect, it } from 'vitest';
import { routeTable } from '../../functions/api/route-table.ts';
import { apiThrottle } from '../../infra/cdk/attain-stack.ts';
import { accessLogFields } from '../../infra/cdk/http-api.ts';
import { apiFunctions, onlyResource, referencedId, synthAttain } from './synth-attain.ts';

describe('the HTTP API with the stack\'s own user pool', () => {
  const { app, stack, template } = synthAttain();
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);
  const routeWithKey = (key: string) => {
    const found = routes.filter((route) => route.RouteKey === key);
    if (found.length !== 1) throw new Error(`Expected one route ${key}, found ${found.length}`);
    return found[0];
  };
  const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
  const functions = apiFunctions(template);
  const authorizer = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer');
  const userPool = onlyResource(template, 'AWS::Cognito::UserPool');
  const client = onlyResource(template, 'AWS::Cognito::UserPoolClient');
  const publicRoutes = routeTable.filter((route) => route.public);
  const guardedRoutes = routeTable.filter((route) => !route.public);

  it('has exactly the routes of the route table', () => {
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(routeTable.map((route) => route.key).sort());
  });

  it.each(routeTable)('sends $key to the $group function with payload format 2.0', ({ key, group }) => {
    const target: unknown = routeWithKey(key).Target;
    const integrationId = referencedId((target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1]);
    const integration = integrations[integrationId ?? '']?.Properties;
    expect(integration?.PayloadFormatVersion).toBe('2.0');
    expect(referencedId(integration?.IntegrationUri)).toBe(functions.get(group)?.logicalId);
  });

  it('leaves health and openapi open', () => {
    expect(publicRoutes.map((route) => route.key).sort()).toEqual(['GET /health', 'GET /openapi.json']);
  });

  it.each(publicRoutes)('leaves $key open', ({ key }) => {
    expect(routeWithKey(key).AuthorizationType).toBe('NONE');
    expect(routeWithKey(key).AuthorizerId).toBeUndefined();
  });

  it.each(guardedRoutes)('guards $key with the JWT authorizer', ({ key }) => {
    expect(routeWithKey(key)).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizer.logicalId } });
  });

  it('verifies bearer tokens issued by the user pool for its app client', () => {
    expect(authorizer.properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::GetAtt': [userPool.logicalId, 'ProviderURL'] },
        Audience: [{ Ref: client.logicalId }],
      },
    });
  });

  it('puts tenant and role into ID tokens, for admin-created users only', () => {
    expect(userPool.properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    const customAttributes = (userPool.properties.Schema as { Name: string; AttributeDataType: string }[])
      .map((attribute) => `${attribute.Name}:${attribute.AttributeDataType}`);
    expect(customAttributes.sort()).toEqual(['role:String', 'tenant:String']);
  });

  it('does not let users write their own tenant or role', () => {
    const writable = client.properties.WriteAttributes as string[] | undefined;
    expect(writable).toBeDefined();
    expect(writable?.filter((attribute) => attribute.startsWith('custom:'))).toEqual([]);
  });

  it('throttles every route through the default stage', () => {
    expect(apiThrottle.rateLimit).toBeGreaterThan(0);
    expect(apiThrottle.burstLimit).toBeGreaterThanOrEqual(apiThrottle.rateLimit);
    expect(onlyResource(template, 'AWS::ApiGatewayV2::Stage').properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: apiThrottle.rateLimit, ThrottlingBurstLimit: apiThrottle.burstLimit },
    });
  });

  it('logs every request of the stage as one JSON line, to a log group kept one month', () => {
    const settings = onlyResource(template, 'AWS::ApiGatewayV2::Stage').properties.AccessLogSettings;
    const logGroupId = referencedId(settings?.DestinationArn);
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId ?? '']?.Properties.RetentionInDays).toBe(30);
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toEqual(accessLogFields);
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
    expect(format.authorizerError).toBe('$context.authorizer.error');
  });

  it('requires 12-character passwords of all four kinds, and offers TOTP (not SMS) as a second factor', () => {
    expect(userPool.properties.Policies.PasswordPolicy).toEqual({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 3,
    });
    expect(userPool.properties.MfaConfiguration).toBe('OPTIONAL');
    expect(userPool.properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('outputs the API URL, table name, user pool and client ids', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const api = onlyResource(template, 'AWS::ApiGatewayV2::Api');
    expect(JSON.stringify(outputs.ApiUrl?.Value)).toContain(`{"Ref":"${api.logicalId}"}`);
    expect(referencedId(outputs.TableName?.Value)).toBe(onlyResource(template, 'AWS::DynamoDB::GlobalTable').logicalId);
    expect(referencedId(outputs.UserPoolId?.Value)).toBe(userPool.logicalId);
    expect(referencedId(outputs.UserPoolClientId?.Value)).toBe(client.logicalId);
  });

  it('synthesizes offline: environment-agnostic, with no context lookups', () => {
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
    expect(app.synth().manifest.missing).toBeUndefined();
  });
});
