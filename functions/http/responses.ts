import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number };

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export interface ReplyOptions {
  /** The resource version, sent as `ETag: "<version>"`. */
  version?: number;
}

function reply(statusCode: number, body: unknown, options: ReplyOptions = {}): HttpResponse {
  const headers: Record<string, string> = { ...jsonHeaders };
  if (options.version !== undefined) headers.etag = `"${options.version}"`;
  return { statusCode, headers, body: body === undefined ? '' : JSON.stringify(body) };
}

export const ok = (body: unknown, options?: ReplyOptions): HttpResponse => reply(200, body, options);
export const created = (body: unknown, options?: ReplyOptions): HttpResponse => reply(201, body, options);
export const accepted = (body: unknown): HttpResponse => reply(202, body);
export const noContent = (): HttpResponse => ({ statusCode: 204, headers: { 'cache-control': 'no-store' } });

/** The contract's error shape: `{"error": {"code", "message", "details"?}}`. */
export function errorReply(statusCode: number, code: string, message: string, details?: unknown[]): HttpResponse {
  return reply(statusCode, { error: { code, message, ...(details && details.length > 0 ? { details } : {}) } });
}
