import { describe, expect, it } from 'vitest';
import { routeTable } from '../../functions/api/route-table.ts';
import { onlyResource, synthAttain } from './synth-attain.ts';

describe('with an external JWT issuer given as context', () => {
  const issuer = 'https://login.example.com/realms/attain';
  const { template } = synthAttain({ jwtIssuer: issuer, jwtAudience: 'attain-api, attain-dashboard' });

  it('creates no user pool and outputs none', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    expect(Object.keys(template.toJSON().Outputs)).not.toContain('UserPoolId');
  });

  it('trusts that issuer for the given audiences', () => {
    expect(onlyResource(template, 'AWS::ApiGatewayV2::Authorizer').properties.JwtConfiguration).toEqual({
      Issuer: issuer,
      Audience: ['attain-api', 'attain-dashboard'],
    });
  });

  it('still guards every route but the public ones', () => {
    const guarded = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter((route) => route.Properties.AuthorizationType === 'JWT');
    expect(guarded).toHaveLength(routeTable.filter((route) => !route.public).length);
  });
});

describe('with removalPolicy=destroy', () => {
  const { template } = synthAttain({ removalPolicy: 'destroy' });

  it('lets the stack delete the table, user pool and log groups', () => {
    for (const type of ['AWS::DynamoDB::GlobalTable', 'AWS::Cognito::UserPool', 'AWS::Logs::LogGroup']) {
      const policies = Object.values(template.findResources(type)).map((resource) => resource.DeletionPolicy);
      expect(policies.length).toBeGreaterThan(0);
      expect(policies.every((policy) => policy === 'Delete')).toBe(true);
    }
  });
});

describe('with a custom dashboard domain', () => {
  const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
  const { template } = synthAttain({ dashboardDomain: 'Attain.Example.com', dashboardCertificateArn: certificateArn });
  const config = onlyResource(template, 'AWS::CloudFront::Distribution').properties.DistributionConfig;

  it('serves the distribution on that name with the certificate, TLS 1.2 and up, by SNI', () => {
    expect(config.Aliases).toEqual(['attain.example.com']);
    expect(config.ViewerCertificate).toEqual({ AcmCertificateArn: certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  });

  it('names that address as the dashboard URL', () => {
    expect(template.findOutputs('DashboardUrl').DashboardUrl!.Value).toBe('https://attain.example.com/');
  });
});

describe('context mistakes', () => {
  it('rejects a dashboard domain without a certificate, and the other way round', () => {
    expect(() => synthAttain({ dashboardDomain: 'attain.example.com' })).toThrow(/dashboardCertificateArn/);
    expect(() => synthAttain({ dashboardCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' })).toThrow(/dashboardDomain/);
  });

  it('rejects a certificate outside us-east-1 and a domain that is not a host name', () => {
    expect(() => synthAttain({ dashboardDomain: 'attain.example.com', dashboardCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' })).toThrow(/us-east-1/);
    expect(() => synthAttain({ dashboardDomain: 'https://attain.example.com/', dashboardCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' })).toThrow(/host name/);
  });

  it('rejects an issuer without an audience', () => {
    expect(() => synthAttain({ jwtIssuer: 'https://login.example.com' })).toThrow(/jwtAudience/);
  });

  it('rejects an audience without an issuer', () => {
    expect(() => synthAttain({ jwtAudience: 'attain-api' })).toThrow(/jwtIssuer/);
  });

  it('rejects an issuer that is not an https URL', () => {
    expect(() => synthAttain({ jwtIssuer: 'http://login.example.com', jwtAudience: 'attain-api' })).toThrow(/https/);
  });

  it('rejects an unknown removal policy', () => {
    expect(() => synthAttain({ removalPolicy: 'snapshot' })).toThrow(/removalPolicy/);
  });
});
