import { HttpApi, HttpMethod, HttpNoneAuthorizer, type HttpStage, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
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
}

/** The HTTP API (payload format 2.0), with exactly the routes of the shared route table. */
export class AttainHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: AttainHttpApiProps) {
    super(scope, id);
    // The default stage of HttpApi takes no throttling settings, so the stage is made here.
    this.api = new HttpApi(this, 'HttpApi', { apiName: 'attain', createDefaultStage: false });
    this.stage = this.api.addStage('DefaultStage', { stageName: '$default', autoDeploy: true, throttle: props.throttle });

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
    for (const route of routeTable) {
      const { method, path } = parseRouteKey(route.key);
      this.api.addRoutes({
        path,
        methods: [toHttpMethod(method)],
        integration: integrationFor(route.group),
        authorizer: route.public ? noAuth : props.authorizer,
      });
    }
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
