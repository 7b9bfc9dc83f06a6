import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { handlerEntry, type RouteGroup } from '../../functions/api/route-table.ts';
import type { AppPorts } from '../../functions/use-cases/ports.ts';

/** A route group's Lambda handler as the gateway calls it. */
export type LambdaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;
export type HandlerLoader = (group: RouteGroup) => Promise<LambdaHandler>;

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Imports `functions/api/<group>/handler.ts` once per loader, as Lambda does per cold start: its
 * `handler`, or — given ports — the handler its `handlerWith(ports)` builds over them.
 */
export function handlerImporter(ports?: AppPorts): HandlerLoader {
  const loaded = new Map<RouteGroup, Promise<LambdaHandler>>();
  return (group) => {
    let handler = loaded.get(group);
    if (!handler) {
      handler = importModule(group, ports);
      loaded.set(group, handler);
      // A module that failed to load (e.g. not written yet) is retried on the next request.
      handler.catch(() => loaded.delete(group));
    }
    return handler;
  };
}

async function importModule(group: RouteGroup, ports: AppPorts | undefined): Promise<LambdaHandler> {
  const file = resolve(repositoryRoot, handlerEntry(group));
  const module = (await import(pathToFileURL(file).href)) as { handler?: unknown; handlerWith?: unknown };
  if (ports) {
    if (typeof module.handlerWith !== 'function') throw new Error(`${handlerEntry(group)} does not export handlerWith(ports)`);
    return (module.handlerWith as (ports: AppPorts) => LambdaHandler)(ports);
  }
  if (typeof module.handler !== 'function') throw new Error(`${handlerEntry(group)} does not export a handler function`);
  return module.handler as LambdaHandler;
}
