import { z } from 'zod';
import { idPattern } from '../../../core/model/primitives.ts';
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

/** Named schemas shared by operations (`#/components/schemas/...`), by the text zod generated for them. */
interface SharedSchemas {
  readonly schemas: Record<string, JsonSchema>;
  readonly namesByText: Map<string, string>;
}

function rewriteRefs(value: unknown, renamed: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renamed));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      key === '$ref' && typeof child === 'string' ? (renamed.get(child) ?? child) : rewriteRefs(child, renamed),
    ]),
  );
}

/**
 * The JSON Schema of a zod schema, ready to embed. zod puts recursive parts (the condition tree)
 * in a local `$defs` referenced as `#/$defs/...`; embedded in OpenAPI such a reference resolves
 * against the document root, so the definitions move to `components.schemas` (identical ones shared).
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', shared: SharedSchemas): JsonSchema {
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = generated as JsonSchema & { $defs?: Record<string, JsonSchema> };
  if (!$defs) return rest;
  const renamed = new Map<string, string>();
  const added: [string, JsonSchema][] = [];
  for (const [name, definition] of Object.entries($defs)) {
    const text = JSON.stringify(definition);
    let target = shared.namesByText.get(text);
    if (!target) {
      target = `Shared${shared.namesByText.size + 1}`;
      shared.namesByText.set(text, target);
      added.push([target, definition]);
    }
    renamed.set(`#/$defs/${name}`, `#/components/schemas/${target}`);
  }
  for (const [target, definition] of added) shared.schemas[target] = rewriteRefs(definition, renamed) as JsonSchema;
  return rewriteRefs(rest, renamed) as JsonSchema;
}

function queryParameters(schema: z.ZodType | undefined, shared: SharedSchemas) {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: jsonSchema(field, 'input', shared),
  }));
}

/** Path parameters are ids, but for a currency code. */
const pathParameterSchema = (name: string): JsonSchema =>
  name === 'currency' ? { type: 'string', pattern: '^[A-Z]{3}$', description: 'An ISO 4217 currency code such as USD' } : { type: 'string', pattern: idPattern.source };

function operation(definition: RouteDefinition, path: string, shared: SharedSchemas) {
  const pathParameters = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: pathParameterSchema(m[1] as string) }));
  const successStatuses = [definition.successStatus ?? (definition.key.startsWith('DELETE') ? 204 : 200)].flat();
  const responses: Record<string, unknown> = {};
  for (const success of successStatuses) {
    responses[String(success)] = definition.response
      ? { description: success === 201 ? 'Created' : 'Success', content: { 'application/json': { schema: jsonSchema(definition.response, 'output', shared) } } }
      : { description: 'Success' };
  }
  for (const [status, codes] of Object.entries(errorStatuses)) {
    if (definition.public && status !== '500') continue;
    responses[status] = { description: codes, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return {
    operationId: definition.key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
    summary: definition.summary,
    ...(definition.allow ? { description: `Roles: ${definition.allow.join(', ')}` } : {}),
    ...(definition.public ? { security: [] } : {}),
    parameters: [...pathParameters, ...queryParameters(definition.query, shared)],
    ...(definition.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(definition.body, 'input', shared) } } } }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every route, generated from the zod schemas that validate requests. */
export function buildOpenApi(definitions: readonly RouteDefinition[]): JsonSchema {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const paths: Record<string, Record<string, unknown>> = {};
  const shared: SharedSchemas = { schemas: {}, namesByText: new Map() };
  shared.schemas.Error = jsonSchema(errorResponseSchema, 'output', shared);
  for (const entry of routeTable) {
    const definition = byKey.get(entry.key);
    if (!definition) throw new Error(`No definition for route ${entry.key}`);
    const { method, path } = parseRouteKey(entry.key);
    (paths[path] ??= {})[method.toLowerCase()] = operation(definition, path, shared);
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
      schemas: shared.schemas,
    },
    paths,
  };
}
