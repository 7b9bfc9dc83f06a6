import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { routeTable, type RouteEntry } from '../../functions/api/route-table.ts';
import { runningInLambda } from '../../functions/shared/runtime-guard.ts';
import { buildApiGatewayEvent } from './api-gateway-event.ts';
import { DevTokenError, verifyDevToken } from './dev-token.ts';
import { handlerImporter, type HandlerLoader } from './handler-loader.ts';
import type { AppPorts } from '../../functions/use-cases/ports.ts';
import { lambdaContext } from './lambda-context.ts';
import { createRouteMatcher } from './route-matcher.ts';
import { sendStaticFile, staticFilePath, webRoot } from './static-files.ts';

/** API Gateway's own payload limit; the handlers enforce the contract's smaller one. */
export const maxPayloadBytes = 10 * 1024 * 1024;

export interface GatewayOptions {
  readonly port: number;
  /** The HS256 secret tokens are verified with (ATTAIN_DEV_SECRET). */
  readonly secret: string;
  /** Interface to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** Where handlers come from; default the route group's `functions/api/<group>/handler.ts`. */
  readonly loadHandler?: HandlerLoader;
  /** The ports the handlers work with (default: the handler modules' own, as in Lambda). */
  readonly ports?: AppPorts;
  readonly routes?: readonly RouteEntry[];
  /** The dashboard page's folder, served without a token at `/` (default `web/`); false serves none. */
  readonly webRoot?: string | false;
  /** Called with one line per request (`GET /goals 200 12ms`). */
  readonly log?: (line: string) => void;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves the route table over HTTP the way the cloud's HTTP API does: route matching, the JWT
 * authorizer (HS256 dev tokens), the payload format 2.0 event, and the handler module's result.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  // The dev secret signs tokens anyone with the repository can forge: never serve with it in AWS.
  if (runningInLambda()) throw new Error('The local gateway and its dev secret do not run in Lambda');
  const match = createRouteMatcher(options.routes ?? routeTable);
  const loadHandler = options.loadHandler ?? handlerImporter(options.ports);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const requestId = randomUUID();
    res.setHeader('apigw-requestid', requestId);
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    // The dashboard page's files, like a static site in front of the API; API routes have no extension.
    const staticRoot = options.webRoot ?? webRoot;
    const file = staticRoot && (method === 'GET' || method === 'HEAD') ? staticFilePath(staticRoot, path) : undefined;
    if (file && (await sendStaticFile(res, file, method === 'HEAD'))) return 200;
    const matched = match(method, path);
    if (!matched) return sendError(res, 404, 'not_found', `No route ${method} ${path}`);

    let claims: Record<string, unknown> | undefined;
    if (!matched.route.public) {
      const authorization = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      if (!authorization) return sendError(res, 401, 'unauthorized', 'Missing bearer token');
      try {
        claims = await verifyDevToken(authorization[1]!, options.secret);
      } catch (error) {
        if (!(error instanceof DevTokenError)) throw error;
        return sendError(res, 401, 'unauthorized', error.message);
      }
    }

    const body = await readBody(req, maxPayloadBytes);
    if (body === undefined) {
      res.setHeader('connection', 'close');
      return sendError(res, 413, 'payload_too_large', `Request body exceeds ${maxPayloadBytes} bytes`);
    }

    const event = buildApiGatewayEvent(
      {
        method,
        url,
        rawHeaders: req.rawHeaders,
        httpVersion: req.httpVersion,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        localPort: req.socket.localPort ?? 0,
        body,
      },
      { routeKey: matched.route.key, pathParameters: matched.pathParameters, claims, requestId, now: new Date() },
    );
    const functionName = `attain-api-${matched.route.group}`;
    let result: unknown;
    try {
      const handler = await loadHandler(matched.route.group);
      result = await handler(event, lambdaContext(functionName, requestId));
    } catch (error) {
      console.error(`[gateway] ${matched.route.key} (${functionName}) failed:`, error);
      return sendError(res, 500, 'internal', 'Internal error');
    }
    return sendResult(res, result);
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    serve(req, res)
      .catch((error: unknown) => {
        console.error('[gateway] request failed:', error);
        return res.headersSent ? (res.destroy(), 500) : sendError(res, 500, 'internal', 'Internal error');
      })
      .then((status) => options.log?.(`${req.method} ${req.url} ${status} ${Date.now() - started}ms`));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/** The body, or undefined once it grows past `limit` (the rest is discarded unread). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Writes a handler's result as API Gateway does for payload format 2.0. */
function sendResult(res: ServerResponse, result: unknown): number {
  if (!isStructured(result)) {
    // A bare string or object: API Gateway answers 200 with it as JSON.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof result === 'string' ? result : JSON.stringify(result ?? null));
    return 200;
  }
  const statusCode = result.statusCode ?? 200;
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
  res.statusCode = statusCode;
  res.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
  return statusCode;
}

function isStructured(result: unknown): result is APIGatewayProxyStructuredResultV2 {
  return typeof result === 'object' && result !== null && 'statusCode' in result;
}

function sendError(res: ServerResponse, status: number, code: string, message: string): number {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message } }));
  return status;
}
