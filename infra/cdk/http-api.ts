import type { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  LogGroupLogDestination,
  type HttpRoute,
  type HttpStage,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { parseRouteKey, routeTable, type RouteGroup } from '../../functions/api/route-table.ts';
import { pascalCase } from './names.ts';

export interface AttainHttpApiProps {
  /** The function serving each route group. */
  readonly functions: ReadonlyMap<RouteGroup, IFunction>;
  /** Guards every route that the route table does not mark public. */
  readonly authorizer: IHttpRouteAuthorizer;
  /** Stage-wide defaults for every route; API Gateway answers 429 above them. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Applies to the access log group. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * One JSON line per request in the access log: who (source IP, token subject), what (route,
 * status, sizes, latencies) and why it failed when it did (authorizer or integration error).
 */
export const accessLogFields: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  subject: '$context.authorizer.claims.sub',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
};

/** The HTTP API (payload format 2.0), with exactly the routes of the shared route table. */
export class AttainHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** The access log of the stage, one month. */
  readonly accessLogs: LogGroup;
  /** The routes that skip the authorizer (`public` in the route table), by route key. */
  readonly publicRoutes: ReadonlyMap<string, HttpRoute>;

  constructor(scope: Construct, id: string, props: AttainHttpApiProps) {
    super(scope, id);
    // The default stage of HttpApi takes no throttling settings, so the stage is made here.
    this.api = new HttpApi(this, 'HttpApi', { apiName: 'attain', createDefaultStage: false });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: props.removalPolicy });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    const integrations = new Map<RouteGroup, HttpLambdaIntegration>();
    const integrationFor = (group: RouteGroup): HttpLambdaIntegration => {
      let integration = integrations.get(group);
      if (!integration) {
        const fn = props.functions.get(group);
        if (!fn) throw new Error(`No function for route group ${group}`);
        integration = new HttpLambdaIntegration(`${pascalCase(group)}Integration`, fn);
        integrations.set(group, integration);
      }
      return integration;
    };

    const noAuth = new HttpNoneAuthorizer();
    const publicRoutes = new Map<string, HttpRoute>();
    for (const route of routeTable) {
      const { method, path } = parseRouteKey(route.key);
      const [added] = this.api.addRoutes({
        path,
        methods: [toHttpMethod(method)],
        integration: integrationFor(route.group),
        authorizer: route.public ? noAuth : props.authorizer,
      });
      if (route.public && added) publicRoutes.set(route.key, added);
    }
    this.publicRoutes = publicRoutes;
  }

  /** The invoke URL, ending in `/`. */
  get url(): string {
    return this.stage.url;
  }
}

function toHttpMethod(method: string): HttpMethod {
  const known = Object.values(HttpMethod) as string[];
  if (!known.includes(method)) throw new Error(`Unsupported HTTP method in route table: ${method}`);
  return method as HttpMethod;
}
