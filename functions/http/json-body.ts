// Not @middy/http-json-body-parser: it has no size limit (our 413), answers 415 to a missing body (optional on some routes) and to bad JSON (our 400 bad_json), and skips or refuses bodies by content type.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadJsonError, PayloadTooLargeError } from '../shared/errors.ts';

/** The contract's request body limit. */
export const maxBodyBytes = 256 * 1024;

/** The event after `jsonBody()`: the parsed body beside the raw one, as @middy/http-json-body-parser does. */
export type WithJsonBody<TEvent> = TEvent & { jsonBody?: unknown };

/** Decodes the body, refuses more than 256 KiB (413) and malformed JSON (400 `bad_json`). */
export function parseJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const buffer = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (buffer.byteLength > maxBodyBytes) {
    throw new PayloadTooLargeError(`The request body is larger than ${maxBodyBytes / 1024} KiB`);
  }
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch (error) {
    throw new BadJsonError('The request body is not valid JSON', { cause: error });
  }
}

/** Middy middleware: parses the body once into `event.jsonBody` (`undefined` when there is none). */
export function jsonBody<TEvent extends APIGatewayProxyEventV2>(): MiddlewareObj<WithJsonBody<TEvent>> {
  return {
    before: (request) => {
      request.event.jsonBody = parseJsonBody(request.event);
    },
  };
}
