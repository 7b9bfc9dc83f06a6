import { App, Validations } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { AttainStack } from '../../infra/cdk/attain-stack.ts';
import { acknowledgeNagFindings, nagPacks } from '../../infra/cdk/nag-suppressions.ts';

/** Each finding as `rule at construct path`, errors and warnings alike. */
function findings(stack: AttainStack): string[] {
  return nagPacks()
    .flatMap((pack) => pack.validateScope(stack).violations)
    .flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} (${violation.severity}) at ${resource.constructPath}`),
    )
    .sort();
}

/** The Attain stack with bundling skipped, as the other tests build it. */
function attain(context: Record<string, string> = {}): { app: App; stack: AttainStack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  return { app, stack: new AttainStack(app, 'Attain') };
}

describe.each([
  ['its own user pool', {}],
  ['an external issuer', { jwtIssuer: 'https://login.example.com/realms/attain', jwtAudience: 'attain-api' }],
  ['a custom dashboard domain', { dashboardDomain: 'attain.example.com', dashboardCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9' }],
])('cdk-nag AwsSolutions and Serverless packs on the stack with %s', (_, context) => {
  const { stack } = attain(context);
  const unacknowledged = findings(stack);
  const acknowledged = acknowledgeNagFindings(stack);
  const remaining = findings(stack);

  it('report no error or warning that is not acknowledged', () => {
    expect(remaining).toEqual([]);
  });

  it('acknowledge only findings that exist, each on the construct it is about', () => {
    for (const { path, id } of acknowledged) {
      const matching = unacknowledged.filter((finding) => finding.startsWith(`${id} (`) && finding.includes(` at ${path}/`));
      expect(matching, `${id} at ${path}`).not.toEqual([]);
    }
  });

  it('give every acknowledgement a specific reason', () => {
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) expect(reason.length, id).toBeGreaterThan(80);
  });

  it('acknowledge nothing stack-wide: every acknowledgement is on a resource', () => {
    for (const { path } of acknowledged) expect(path).not.toBe(stack.node.path);
  });
});

describe('cdk-nag as a synthesis validation, as infra/cdk/app.ts runs it', () => {
  it('lets the acknowledged stack synthesize', () => {
    const { app, stack } = attain();
    Validations.of(app).addPlugins(...nagPacks());
    acknowledgeNagFindings(stack);
    expect(() => app.synth()).not.toThrow();
  });

  it('stops synthesis on a finding that is not acknowledged', () => {
    const { app } = attain();
    Validations.of(app).addPlugins(...nagPacks());
    expect(() => app.synth()).toThrow(/AwsSolutions-|Serverless-/);
  });
});
