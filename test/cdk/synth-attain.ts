import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { routeGroups, type RouteGroup } from '../../functions/api/route-table.ts';
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
  for (const group of routeGroups) {
    const found = functionsOfService(template, `attain-${group}`);
    if (found.length === 1) byGroup.set(group, found[0]!);
  }
  return byGroup;
}

/** The rollup worker, told apart by its POWERTOOLS_SERVICE_NAME; fails if there is not exactly one. */
export function workerFunction(template: Template): FoundResource {
  const found = functionsOfService(template, 'attain-rollup-worker');
  if (found.length !== 1) throw new Error(`Expected one rollup worker, found ${found.length}`);
  return found[0]!;
}

/** The live consumer, told apart by its POWERTOOLS_SERVICE_NAME; fails if there is not exactly one. */
export function liveFunction(template: Template): FoundResource {
  const found = functionsOfService(template, 'attain-live');
  if (found.length !== 1) throw new Error(`Expected one live consumer, found ${found.length}`);
  return found[0]!;
}

function functionsOfService(template: Template, service: string): FoundResource[] {
  return Object.entries(template.findResources('AWS::Lambda::Function'))
    .filter(([, resource]) => resource.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)
    .map(([logicalId, resource]) => ({ logicalId, properties: resource.Properties }));
}

export interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of the inline policies attached to a role. */
export function statementsOfRole(template: Template, roleId: string | undefined): PolicyStatementJson[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((role: unknown) => referencedId(role) === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatementJson[]);
}

/** The actions of statements, one list. */
export const actionsOf = (statements: readonly PolicyStatementJson[]): string[] =>
  statements.flatMap((statement) => [statement.Action].flat());

/**
 * A CloudFormation string as text: `Fn::Join` parts concatenated, `{Ref: X}` as `${X}` and
 * `{Fn::GetAtt: [X, Y]}` as `${X.Y}`, so ARNs built by the stack can be compared to patterns.
 */
export function cfnText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    if (join) return join[1].map(cfnText).join(join[0]);
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === 'string') return `\${${ref}}`;
    const getAtt = (value as { 'Fn::GetAtt'?: unknown[] })['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `\${${getAtt.join('.')}}`;
  }
  throw new Error(`Not a CloudFormation string: ${JSON.stringify(value)}`);
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
