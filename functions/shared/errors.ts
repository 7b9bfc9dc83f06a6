/**
 * Domain errors. They say what went wrong in the domain's words and carry no HTTP status;
 * `functions/http/error-mapper.ts` maps them to the contract's status codes with `instanceof`.
 */
class DomainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface ProblemDetail {
  path: string;
  message: string;
}

/** The request does not satisfy the contract; `details` lists every problem found. */
export class RequestValidationError extends DomainError {
  constructor(
    message: string,
    readonly details: ProblemDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class BadJsonError extends DomainError {}
export class PayloadTooLargeError extends DomainError {}
export class UnauthenticatedError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class NotFoundError extends DomainError {}
/** A refusal that may name the request fields that caused it (`details`), so a page can mark them. */
class FieldRefusalError extends DomainError {
  readonly details: ProblemDetail[];
  constructor(message: string, options?: { cause?: unknown; details?: ProblemDetail[] }) {
    super(message, options);
    this.details = options?.details ?? [];
  }
}

/** A uniqueness, reference or state rule would be broken (duplicate id, metric type change, in use). */
export class ConflictError extends FieldRefusalError {}
/** The goal hierarchy would contain a cycle. */
export class GoalCycleError extends ConflictError {}
/** Another change of a goal's parent was saved while this one was checked; checking again decides. */
export class GoalHierarchyChangedError extends ConflictError {}
/** The caller's `If-Match` version is not the stored one. */
export class VersionConflictError extends DomainError {}
/** A locked goal's target, period or metric would change. */
export class GoalLockedError extends FieldRefusalError {}
/** DynamoDB kept throttling after the SDK's retries. */
export class ThrottledError extends DomainError {}
