import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { handlerEntry, type RouteGroup } from '../../functions/api/route-table.ts';

/** A route group's Lambda handler as the gateway calls it. */
export type LambdaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;
export type HandlerLoader = (group: RouteGroup) => Promise<LambdaHandler>;

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const loaded = new Map<RouteGroup, Promise<LambdaHandler>>();

/** Imports `functions/api/<group>/handler.ts` once per process, as Lambda does per cold start. */
export const importHandler: HandlerLoader = (group) => {
  let handler = loaded.get(group);
  if (!handler) {
    handler = importModule(group);
    loaded.set(group, handler);
    // A module that failed to load (e.g. not written yet) is retried on the next request.
    handler.catch(() => loaded.delete(group));
  }
  return handler;
};

async function importModule(group: RouteGroup): Promise<LambdaHandler> {
  const file = resolve(repositoryRoot, handlerEntry(group));
  const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${handlerEntry(group)} does not export a handler function`);
  return module.handler as LambdaHandler;
}
