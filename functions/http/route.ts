import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { z } from 'zod';
import type { Role } from '../../core/model/primitives.ts';
import type { Principal } from '../use-cases/principal.ts';
import type { HttpResponse } from './responses.ts';
import type { AppPorts } from '../use-cases/ports.ts';

export interface RouteRequest<TParams, TQuery, TBody> {
  readonly principal: Principal;
  readonly params: TParams;
  readonly query: TQuery;
  readonly body: TBody;
  /** The version `If-Match` asks for, if any. */
  readonly ifMatch: number | undefined;
  readonly event: APIGatewayProxyEventV2WithJWTAuthorizer;
  /** What the route's use cases work with. */
  readonly ports: AppPorts;
}

export interface RouteDefinition<
  TParams extends z.ZodType = z.ZodType,
  TQuery extends z.ZodType = z.ZodType,
  TBody extends z.ZodType = z.ZodType,
> {
  /** The route key of `functions/api/route-table.ts`, e.g. `PATCH /goals/{id}`. */
  readonly key: string;
  readonly summary: string;
  /** Roles that may call the route; omitted: every role of the tenant. */
  readonly allow?: readonly Role[];
  readonly public?: boolean;
  readonly params?: TParams;
  readonly query?: TQuery;
  readonly body?: TBody;
  /** For the OpenAPI document only. */
  readonly response?: z.ZodType;
  /** For the OpenAPI document only; several for an upsert (200 updated, 201 created). */
  readonly successStatus?: number | readonly number[];
  readonly handle: (
    request: RouteRequest<z.output<TParams>, z.output<TQuery>, z.output<TBody>>,
  ) => Promise<HttpResponse>;
}

/** Declares one route; the generics carry the zod schemas' types into `handle`. */
export function route<TParams extends z.ZodType = z.ZodType, TQuery extends z.ZodType = z.ZodType, TBody extends z.ZodType = z.ZodType>(
  definition: RouteDefinition<TParams, TQuery, TBody>,
): RouteDefinition {
  return definition as unknown as RouteDefinition;
}
