import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { RouteGroup } from '../../functions/api/route-table.ts';
import { AttainStack } from '../../infra/cdk/attain-stack.ts';

export interface SynthesizedAttain {
  readonly app: App;
  readonly stack: AttainStack;
  readonly template: Template;
}

/** Synthesizes the Attain stack with bundling skipped, so it takes seconds instead of half a minute. */
export function synthAttain(context: Record<string, string> = {}): SynthesizedAttain {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new AttainStack(app, 'Attain');
  return { app, stack, template: Template.fromStack(stack) };
}

// CloudFormation JSON is untyped; these aliases keep the lookups below readable.
type CfnProperties = Record<string, any>;

export interface FoundResource {
  readonly logicalId: string;
  readonly properties: CfnProperties;
}

/** The only resource of a type; fails if there is not exactly one. */
export function onlyResource(template: Template, type: string): FoundResource {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`Expected one ${type}, found ${found.length}`);
  const [logicalId, resource] = found[0]!;
  return { logicalId, properties: resource.Properties ?? {} };
}

/** Each API function, keyed by the route group its POWERTOOLS_SERVICE_NAME (`attain-<group>`) names. */
export function apiFunctions(template: Template): Map<RouteGroup, FoundResource> {
  const byGroup = new Map<RouteGroup, FoundResource>();
  for (const [logicalId, resource] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    const service: unknown = resource.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
    if (typeof service !== 'string' || !service.startsWith('attain-')) continue;
    byGroup.set(service.slice('attain-'.length) as RouteGroup, { logicalId, properties: resource.Properties });
  }
  return byGroup;
}

/** The logical id of the resource a `{Ref}` or `{Fn::GetAtt}` points at. */
export function referencedId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}
