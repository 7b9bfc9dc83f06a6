import type { MiddlewareObj } from '@middy/core';
import { z } from 'zod';
import {
  BadJsonError,
  ConflictError,
  ForbiddenError,
  GoalLockedError,
  NotFoundError,
  PayloadTooLargeError,
  RequestValidationError,
  ThrottledError,
  UnauthenticatedError,
  VersionConflictError,
} from '../shared/errors.ts';
import { logger } from '../shared/observability.ts';
import { errorReply, type HttpResponse } from './responses.ts';
import { zodDetails } from './zod-details.ts';

const throttlingNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
]);

/** Maps a thrown error to the contract's status and error shape; anything unknown is a 500 that leaks nothing. */
export function toErrorResponse(error: unknown): HttpResponse {
  if (error instanceof RequestValidationError) return errorReply(400, 'validation_failed', error.message, error.details);
  if (error instanceof z.ZodError) return errorReply(400, 'validation_failed', 'The request is not valid', zodDetails(error));
  if (error instanceof BadJsonError) return errorReply(400, 'bad_json', error.message);
  if (error instanceof UnauthenticatedError) return errorReply(401, 'unauthorized', error.message);
  if (error instanceof ForbiddenError) return errorReply(403, 'forbidden', error.message);
  if (error instanceof NotFoundError) return errorReply(404, 'not_found', error.message);
  if (error instanceof ConflictError) return errorReply(409, 'conflict', error.message, error.details);
  if (error instanceof VersionConflictError) return errorReply(412, 'precondition_failed', error.message);
  if (error instanceof PayloadTooLargeError) return errorReply(413, 'payload_too_large', error.message);
  if (error instanceof GoalLockedError) return errorReply(423, 'locked', error.message, error.details);
  if (error instanceof ThrottledError || (error instanceof Error && throttlingNames.has(error.name))) {
    return errorReply(429, 'throttled', 'The service is busy; retry after a short wait');
  }
  logger.error('Unhandled error', error instanceof Error ? error : String(error));
  return errorReply(500, 'internal', 'Internal error');
}

/** The last middleware of every stack: turns any error into a contract response. */
export function errorMapper(): MiddlewareObj {
  return {
    onError: (request) => {
      request.response = toErrorResponse(request.error);
    },
  };
}
