import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRouteKey, routeTable } from '../../functions/api/route-table.ts';
import { exchangeRatesInputSchema } from '../../functions/api/exchange-rates/exchange-rates-schema.ts';
import { settingsUpdateSchema } from '../../functions/api/settings/settings-schema.ts';
import { unitInputSchema } from '../../functions/api/units/unit-schema.ts';
import { userInputSchema } from '../../functions/api/users/user-schema.ts';
import { send, startTestApi, type TestApi } from '../support/api.ts';

type Json = Record<string, any>;

const methods = ['get', 'put', 'post', 'patch', 'delete'];

/** Every `$ref` in the document, wherever it is. */
function refsOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsOf(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else refsOf(child, found);
    }
  }
  return found;
}

/** Resolves a local JSON pointer (`#/components/schemas/Error`) against the document root. */
function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Json)[part] : undefined), document);
}

const zodInputSchema = (schema: z.ZodType): Json => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

describe('GET /openapi.json', () => {
  let api: TestApi;
  let document: Json;

  const operation = (key: string): Json => {
    const { method, path } = parseRouteKey(key);
    return document.paths[path][method.toLowerCase()];
  };
  const requestSchema = (key: string): Json => operation(key).requestBody.content['application/json'].schema;

  beforeAll(async () => {
    api = await startTestApi();
    const response = await send<Json>(api.url, 'GET', '/openapi.json', undefined);
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(() => api.close());

  it('is an OpenAPI 3.1 document with a bearer JWT security scheme applied by default', () => {
    // Assess
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it('lists every route of the route table with its method, and nothing else', () => {
    // Prepare
    const expected = routeTable.map((r) => r.key).sort();

    // Act
    const documented = Object.entries(document.paths as Json).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => methods.includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );

    // Assess
    expect(documented.sort()).toEqual(expected);
  });

  it('gives every operation a unique operationId and a summary', () => {
    // Prepare
    const operations = routeTable.map((r) => operation(r.key));

    // Assess
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(routeTable.length);
    for (const o of operations) expect(o.summary).toEqual(expect.any(String));
  });

  it('exempts only /health and /openapi.json from the bearer token', () => {
    // Act
    const open = routeTable.filter((r) => Array.isArray(operation(r.key).security) && operation(r.key).security.length === 0);

    // Assess
    expect(open.map((r) => r.key).sort()).toEqual(['GET /health', 'GET /openapi.json']);
    for (const route of routeTable.filter((r) => !r.public)) {
      expect(operation(route.key).responses['401'], route.key).toBeDefined();
    }
  });

  it('declares every path parameter as a required id string, a currency as its ISO 4217 code', () => {
    for (const route of routeTable) {
      // Prepare
      const { path } = parseRouteKey(route.key);
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

      // Act
      const declared = (operation(route.key).parameters as Json[]).filter((p) => p.in === 'path');

      // Assess
      expect(declared.map((p) => p.name), route.key).toEqual(names);
      for (const parameter of declared) {
        expect(parameter.required).toBe(true);
        expect(parameter.schema).toEqual(
          parameter.name === 'currency'
            ? { type: 'string', pattern: '^[A-Z]{3}$', description: 'An ISO 4217 currency code such as USD' }
            : { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
        );
      }
    }
  });

  it('takes the PUT /units/{id} body schema from the zod schema: closed object with the kind enum', () => {
    // Act
    const schema = requestSchema('PUT /units/{id}');

    // Assess
    expect(operation('PUT /units/{id}').requestBody.required).toBe(true);
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.kind).toEqual({ type: 'string', enum: ['organization', 'department', 'team'] });
    expect([...schema.required].sort()).toEqual(['kind', 'name']);
    expect(schema).toEqual(zodInputSchema(unitInputSchema));
  });

  it('takes the PUT /users/{id} and PUT /settings body schemas from their zod schemas', () => {
    // Act
    const users = requestSchema('PUT /users/{id}');
    const settings = requestSchema('PUT /settings');

    // Assess
    expect(users).toEqual(zodInputSchema(userInputSchema));
    expect(users.properties.role.enum).toEqual(['admin', 'manager', 'member', 'integration']);
    expect([...users.required].sort()).toEqual(['memberships', 'name', 'role']);
    expect(settings).toEqual(zodInputSchema(settingsUpdateSchema));
    expect(settings.additionalProperties).toBe(false);
    expect(settings.required ?? []).toEqual([]);
    expect(settings.properties.fiscalYearStartMonth).toMatchObject({ type: 'integer', minimum: 1, maximum: 12 });
  });

  it('documents the settings answer’s nextRuns as read-only, and PUT /settings as refusing it', () => {
    for (const key of ['GET /settings', 'PUT /settings']) {
      // Act
      const answer = operation(key).responses['200'].content['application/json'].schema;

      // Assess
      expect(answer.properties.nextRuns, key).toMatchObject({ type: 'array', maxItems: 3, readOnly: true });
      expect(answer.required, key).toContain('nextRuns');
    }
    expect(requestSchema('PUT /settings').properties.nextRuns).toBeUndefined();
    expect(operation('PUT /settings').summary).toMatch(/nextRuns are read-only/);
  });

  it('documents PUT /exchange-rates/{currency} from its zod schema: dated rates as decimal strings, the default currency refused', () => {
    // Act
    const schema = requestSchema('PUT /exchange-rates/{currency}');
    const answer = operation('PUT /exchange-rates/{currency}').responses['200'].content['application/json'].schema;

    // Assess
    expect(schema).toEqual(zodInputSchema(exchangeRatesInputSchema));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.rates).toMatchObject({ type: 'array', minItems: 1, maxItems: 4000 });
    expect(answer.properties.rates.items.properties.rate).toMatchObject({ type: 'string', pattern: expect.stringContaining('\\d{1,10}') });
    expect(Object.keys(operation('PUT /exchange-rates/{currency}').responses)).toEqual(expect.arrayContaining(['200', '201', '409', '412']));
    expect(operation('PUT /exchange-rates/{currency}').summary).toMatch(/default currency.*409/);
    expect(operation('PUT /exchange-rates/{currency}').description).toBe('Roles: admin');
  });

  it('documents record bodies as open objects whose own fields are scalars', () => {
    // Act
    const schema = requestSchema('PUT /records/{recordType}/{id}');

    // Assess
    expect([...schema.required].sort()).toEqual(['ownerId', 'updatedAt']);
    expect(schema.additionalProperties).not.toBe(false);
    const scalarTypes = (schema.additionalProperties.anyOf as Json[]).map((s) => s.type).sort();
    expect(scalarTypes).toEqual(['boolean', 'null', 'number', 'string']);
  });

  it('documents POST /metrics as a template instance or a full definition', () => {
    // Act
    const alternatives = requestSchema('POST /metrics').anyOf as Json[];

    // Assess
    expect(alternatives).toHaveLength(2);
    const [fromTemplate, definition] = alternatives as [Json, Json];
    expect(fromTemplate.properties.template.enum).toContain('revenue');
    expect(fromTemplate.additionalProperties).toBe(false);
    expect(definition.properties.kind.enum).toEqual(['count', 'amount']);
    expect(definition.properties.dataType.enum).toEqual(['money', 'integer', 'decimal']);
  });

  it('has a request body exactly on the routes that take one', () => {
    // Prepare
    const withBody = [
      'PUT /settings',
      'PUT /units/{id}',
      'PUT /users/{id}',
      'POST /metrics',
      'PATCH /metrics/{id}',
      'PUT /records/{recordType}/{id}',
      'POST /records/batch',
    ];
    const withoutBody = ['GET /settings', 'GET /units', 'GET /units/{id}', 'DELETE /units/{id}', 'GET /users', 'GET /metrics', 'DELETE /metrics/{id}', 'GET /records/{recordType}/{id}', 'DELETE /records/{recordType}/{id}'];

    // Assess
    for (const key of withBody) expect(operation(key).requestBody, key).toBeDefined();
    for (const key of withoutBody) expect(operation(key).requestBody, key).toBeUndefined();
  });

  it('documents limit (1–500, default 100) and cursor on every list', () => {
    for (const key of ['GET /units', 'GET /users', 'GET /metrics', 'GET /goals']) {
      // Act
      const query = Object.fromEntries((operation(key).parameters as Json[]).filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));

      // Assess
      expect(query.limit, key).toMatchObject({ type: 'integer', minimum: 1, maximum: 500, default: 100 });
      expect(query.cursor, key).toMatchObject({ type: 'string' });
    }
  });

  it('documents the success status each route answers with', () => {
    // Prepare
    const successOf = (key: string) => Object.keys(operation(key).responses).filter((status) => status < '300').sort();

    // Assess
    expect(successOf('GET /units')).toEqual(['200']);
    expect(successOf('PUT /settings')).toEqual(['200']);
    expect(successOf('POST /metrics')).toEqual(['201']);
    expect(successOf('PUT /units/{id}')).toEqual(['200', '201']);
    expect(successOf('PUT /users/{id}')).toEqual(['200', '201']);
    expect(successOf('PUT /records/{recordType}/{id}')).toEqual(['200', '201']);
    expect(successOf('DELETE /units/{id}')).toEqual(['204']);
    expect(successOf('DELETE /metrics/{id}')).toEqual(['204']);
    expect(successOf('DELETE /records/{recordType}/{id}')).toEqual(['204']);
  });

  it('describes the contract error shape and every error status a protected route may answer', () => {
    // Prepare
    const error = document.components.schemas.Error;

    // Assess
    expect(error.required).toEqual(['error']);
    expect([...error.properties.error.required].sort()).toEqual(['code', 'message']);
    expect(Object.keys(error.properties.error.properties).sort()).toEqual(['code', 'details', 'message']);
    const responses = operation('PUT /units/{id}').responses;
    for (const status of ['400', '401', '403', '404', '409', '412', '413', '429', '500']) {
      expect(responses[status]?.content['application/json'].schema, status).toEqual({ $ref: '#/components/schemas/Error' });
    }
  });

  it('resolves every $ref inside the document (no dangling references)', () => {
    // Act
    const refs = [...new Set(refsOf(document))];
    const dangling = refs.filter((ref) => resolvePointer(document, ref) === undefined);

    // Assess
    expect(refs.length).toBeGreaterThan(1);
    expect(dangling).toEqual([]);
  });
});
