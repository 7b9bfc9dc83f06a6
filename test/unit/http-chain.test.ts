import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { routeTable } from '../../functions/api/route-table.ts';
import { createHandler } from '../../functions/http/create-handler.ts';
import { maxBodyBytes } from '../../functions/http/json-body.ts';
import { ok } from '../../functions/http/responses.ts';
import { route } from '../../functions/http/route.ts';
import type { AppPorts } from '../../functions/use-cases/ports.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';

/** The public group's routes, each answering what the middy chain handed it. */
const echo = createHandler(
  'public',
  routeTable.filter((r) => r.group === 'public').map((r) => route({ key: r.key, summary: 'echo', public: true, handle: async ({ ifMatch, event }) => ok({ ifMatch: ifMatch ?? null, body: (event as { jsonBody?: unknown }).jsonBody ?? null }) })),
  {} as AppPorts,
);

async function call(headers: Record<string, string>, body?: string, isBase64Encoded = false) {
  const event = { version: '2.0', routeKey: 'GET /health', rawPath: '/health', rawQueryString: '', headers, body, isBase64Encoded, requestContext: {} } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const response = await echo(event, lambdaContext('chain-test', 'req-1'));
  return { status: response.statusCode, body: JSON.parse(response.body ?? '') };
}

describe('the middy chain of every route group', () => {
  it('reads If-Match whatever the case of the header name (an event not built by API Gateway)', async () => {
    expect(await call({ 'If-Match': '"7"' })).toEqual({ status: 200, body: { ifMatch: 7, body: null } });
    expect(await call({ 'IF-MATCH': 'W/"8"' })).toEqual({ status: 200, body: { ifMatch: 8, body: null } });
    expect((await call({ 'If-Match': 'seven' })).body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'headers.if-match' }] });
  });

  it('parses a JSON body (plain or base64) and answers bad_json and payload_too_large in the contract shape', async () => {
    expect((await call({}, '{"a":1}')).body).toEqual({ ifMatch: null, body: { a: 1 } });
    expect((await call({}, Buffer.from('{"b":2}').toString('base64'), true)).body).toEqual({ ifMatch: null, body: { b: 2 } });
    expect((await call({}, '')).body).toEqual({ ifMatch: null, body: null });
    expect(await call({}, '{"a":')).toMatchObject({ status: 400, body: { error: { code: 'bad_json' } } });
    expect(await call({}, `"${'x'.repeat(maxBodyBytes)}"`)).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });
});
