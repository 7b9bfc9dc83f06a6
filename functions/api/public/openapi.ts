import { z } from 'zod';
import { parseRouteKey, routeTable } from '../route-table.ts';
import type { RouteDefinition } from '../../http/route.ts';
import { errorResponseSchema } from '../common-schemas.ts';

type JsonSchema = Record<string, unknown>;

const errorStatuses: Record<string, string> = {
  '400': 'validation_failed or bad_json',
  '401': 'unauthorized',
  '403': 'forbidden',
  '404': 'not_found',
  '409': 'conflict',
  '412': 'precondition_failed',
  '413': 'payload_too_large',
  '423': 'locked',
  '429': 'throttled',
  '500': 'internal',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function queryParameters(schema: z.ZodType | undefined) {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: jsonSchema(field, 'input'),
  }));
}

function operation(definition: RouteDefinition, path: string) {
  const pathParameters = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } }));
  const success = String(definition.successStatus ?? (definition.key.startsWith('DELETE') ? 204 : 200));
  const responses: Record<string, unknown> = {
    [success]: definition.response
      ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(definition.response, 'output') } } }
      : { description: 'Success' },
  };
  for (const [status, codes] of Object.entries(errorStatuses)) {
    if (definition.public && status !== '500') continue;
    responses[status] = { description: codes, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return {
    operationId: definition.key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
    summary: definition.summary,
    ...(definition.allow ? { description: `Roles: ${definition.allow.join(', ')}` } : {}),
    ...(definition.public ? { security: [] } : {}),
    parameters: [...pathParameters, ...queryParameters(definition.query)],
    ...(definition.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(definition.body, 'input') } } } }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every route, generated from the zod schemas that validate requests. */
export function buildOpenApi(definitions: readonly RouteDefinition[]): JsonSchema {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const entry of routeTable) {
    const definition = byKey.get(entry.key);
    if (!definition) throw new Error(`No definition for route ${entry.key}`);
    const { method, path } = parseRouteKey(entry.key);
    (paths[path] ??= {})[method.toLowerCase()] = operation(definition, path);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Attain API',
      version: '1.0.0',
      description: 'Sales goals, targets and quotas: definitions, CRM records and precomputed rollup results.',
    },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(errorResponseSchema, 'output') },
    },
    paths,
  };
}
