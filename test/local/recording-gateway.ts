import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { request as httpRequest } from 'node:http';
import { startGateway, type Gateway } from '../../infra/local/gateway.ts';
import type { LambdaHandler } from '../../infra/local/handler-loader.ts';
import type { RouteGroup } from '../../functions/api/route-table.ts';

export const testSecret = 'test-local-secret';

export interface RecordingGateway extends Gateway {
  /** Every call the handlers received, in order. */
  readonly calls: { group: RouteGroup; event: APIGatewayProxyEventV2WithJWTAuthorizer; context: Context }[];
  /** Replaces what every handler does from now on; default answers 200 `{"ok":true}`. */
  respondWith(handler: LambdaHandler): void;
}

/** The real gateway on a free port, with every route group served by an in-test handler. */
export async function startRecordingGateway(): Promise<RecordingGateway> {
  const calls: RecordingGateway['calls'] = [];
  let behaviour: LambdaHandler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
  const gateway = await startGateway({
    port: 0,
    secret: testSecret,
    loadHandler: async (group) => async (event, context) => {
      calls.push({ group, event, context });
      return behaviour(event, context);
    },
  });
  return Object.assign(gateway, { calls, respondWith: (handler: LambdaHandler) => void (behaviour = handler) });
}

/** A GET with headers sent exactly as given (repeated lines included), which fetch cannot do. */
export function rawGet(url: string, headers: Record<string, string | string[]>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('error', reject);
    request.end();
  });
}
