import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { routeTable, type RouteGroup } from '../api/route-table.ts';
import { ForbiddenError, NotFoundError, RequestValidationError } from '../shared/errors.ts';
import { logger } from '../shared/observability.ts';
import { assertNoDevSecretInLambda } from '../shared/runtime-guard.ts';
import { errorMapper } from './error-mapper.ts';
import { parseIfMatch } from './if-match.ts';
import { jsonBody, type WithJsonBody } from './json-body.ts';
import type { Principal } from '../use-cases/principal.ts';
import { principalOf } from './principal.ts';
import type { RouteDefinition } from './route.ts';
import type { HttpResponse } from './responses.ts';
import { zodDetails } from './zod-details.ts';
import type { AppPorts } from '../use-cases/ports.ts';

type Event = WithJsonBody<APIGatewayProxyEventV2WithJWTAuthorizer>;

function validate(schema: RouteDefinition['body'], value: unknown, where: string): unknown {
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new RequestValidationError(`The request ${where} is not valid`, zodDetails(parsed.error, [where]));
  }
  return parsed.data;
}

async function dispatch(routes: Map<string, RouteDefinition>, ports: AppPorts, event: Event): Promise<HttpResponse> {
  const body = event.jsonBody;
  const definition = routes.get(event.routeKey);
  if (!definition) throw new NotFoundError(`No route ${event.routeKey}`);
  const principal: Principal | undefined = definition.public ? undefined : principalOf(event);
  if (principal && definition.allow && !definition.allow.includes(principal.role)) {
    throw new ForbiddenError(`The ${principal.role} role may not call ${definition.key}`);
  }
  if (definition.body && body === undefined && !definition.body.safeParse(undefined).success) {
    throw new RequestValidationError('A JSON request body is required', [{ path: 'body', message: 'Required' }]);
  }
  return definition.handle({
    principal: principal as Principal,
    params: validate(definition.params, event.pathParameters ?? {}, 'params'),
    query: validate(definition.query, event.queryStringParameters ?? {}, 'query'),
    body: definition.body ? validate(definition.body, body, 'body') : body,
    ifMatch: parseIfMatch(event.headers?.['if-match']),
    event,
    ports,
  });
}

/**
 * The one middy stack every route group runs, its routes handed `ports` (the composition root's in
 * Lambda, a test's or the local runner's otherwise): header names lower-cased (@middy/http-header-normalizer;
 * API Gateway already does, an event built elsewhere may not), JSON body (413/400), dispatch on the route
 * key with auth claims and zod validation, and the error mapper last. Throws at start-up when the group's
 * routes and the route table disagree, so a route can't be deployed without a handler.
 */
export function createHandler(group: RouteGroup, definitions: readonly RouteDefinition[], ports: AppPorts) {
  assertNoDevSecretInLambda();
  const routes = new Map(definitions.map((d) => [d.key, d]));
  const expected = routeTable.filter((r) => r.group === group).map((r) => r.key);
  const missing = expected.filter((key) => !routes.has(key));
  const extra = [...routes.keys()].filter((key) => !expected.includes(key));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`Route group ${group}: missing ${missing.join(', ') || 'none'}; not in the route table: ${extra.join(', ') || 'none'}`);
  }
  return middy<Event, HttpResponse, Error, Context>({ timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(logger))
    .use(httpHeaderNormalizer())
    .use(jsonBody<Event>())
    .use(errorMapper())
    .handler((event) => dispatch(routes, ports, event));
}
