import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/** What the gateway knows about one HTTP request once it has matched a route and read the body. */
export interface IncomingRequest {
  readonly method: string;
  /** The request target as sent, e.g. `/goals?ownerId=u-1`. */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value… in arrival order and original case. */
  readonly rawHeaders: readonly string[];
  readonly httpVersion: string;
  readonly sourceIp: string;
  readonly localPort: number;
  readonly body: Buffer;
}

export interface RouteContext {
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
  /** Verified token claims; undefined on public routes, which carry no authorizer. */
  readonly claims: Record<string, unknown> | undefined;
  readonly requestId: string;
  readonly now: Date;
}

// Payloads API Gateway passes as text; anything else reaches the function base64-encoded.
const textContentType = /^(text\/|application\/(json|xml|javascript)\b|application\/[\w.+-]+\+(json|xml)\b)/i;

/**
 * Builds the payload format 2.0 event an API Gateway HTTP API with a JWT authorizer sends to Lambda:
 * lowercase headers (repeats joined by commas, cookies moved to `cookies`), raw path and query,
 * decoded query parameters (repeats joined by commas), path parameters, and every claim as a string.
 */
export function buildApiGatewayEvent(request: IncomingRequest, route: RouteContext): APIGatewayProxyEventV2WithJWTAuthorizer {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : request.url.slice(queryStart + 1);
  const { headers, cookies } = collectHeaders(request);
  const contentType = headers['content-type'] ?? '';
  const isBase64Encoded = request.body.length > 0 && !textContentType.test(contentType);
  const queryStringParameters = collectQuery(rawQueryString);

  const requestContext = {
    accountId: '000000000000',
    apiId: 'attain-local',
    domainName: headers.host ?? `localhost:${request.localPort}`,
    domainPrefix: (headers.host ?? 'localhost').split('.')[0]!.split(':')[0]!,
    http: {
      method: request.method,
      path: rawPath,
      protocol: `HTTP/${request.httpVersion}`,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: route.requestId,
    routeKey: route.routeKey,
    stage: '$default',
    time: formatRequestTime(route.now),
    timeEpoch: route.now.getTime(),
    ...(route.claims ? { authorizer: { jwt: { claims: stringifyClaims(route.claims), scopes: null } } } : {}),
  };

  const event = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext,
    ...(request.body.length > 0 ? { body: request.body.toString(isBase64Encoded ? 'base64' : 'utf8') } : {}),
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: { ...route.pathParameters } } : {}),
    isBase64Encoded,
  };
  // Public routes have no authorizer in API Gateway either; handlers of those routes never read it.
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function collectHeaders(request: IncomingRequest): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    const value = request.rawHeaders[i + 1]!;
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((c) => c.trim()).filter((c) => c !== ''));
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  headers['x-forwarded-for'] ??= request.sourceIp;
  headers['x-forwarded-port'] ??= String(request.localPort);
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomHex(24)}`;
  return { headers, cookies };
}

function collectQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/** API Gateway hands every claim to the function as a string; arrays as `[a b c]`. */
function stringifyClaims(claims: Record<string, unknown>): Record<string, string> {
  const stringify = (value: unknown): string =>
    Array.isArray(value) ? `[${value.map(stringify).join(' ')}]` : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, stringify(value)]));
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `12/Mar/2020:19:03:58 +0000`, API Gateway's `requestContext.time`. */
export function formatRequestTime(now: Date): string {
  const date = `${pad(now.getUTCDate())}/${months[now.getUTCMonth()]}/${now.getUTCFullYear()}`;
  return `${date}:${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`;
}

function randomHex(length: number): string {
  return Array.from({ length }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}
