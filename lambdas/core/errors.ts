import type { ErrorDetail } from '../contract/api/errors';
/**
 * Typed errors of the domain. Use cases throw these; one place (the HTTP error
 * middleware) maps them to status codes and the JSON error shape
 * `{"error": {"code", "message", "details"}}`.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details: ErrorDetail[];
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers: Record<string, string>;

  constructor(message: string, details: ErrorDetail[] = [], headers: Record<string, string> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
    this.headers = headers;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'VALIDATION_ERROR';
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = 'UNAUTHORIZED';
}

/** A 400 that is not about the request's shape (ValidationError is): `code` says what went wrong, e.g. LINKEDIN_CONNECT_REFUSED. */
export class BadRequestError extends AppError {
  readonly status = 400;
  readonly code: string;
  constructor(message: string, code: string, details: ErrorDetail[] = []) {
    super(message, details);
    this.code = code;
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code: string;
  constructor(message: string, code = 'FORBIDDEN', details: ErrorDetail[] = []) {
    super(message, details);
    this.code = code;
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
}

export class MethodNotAllowedError extends AppError {
  readonly status = 405;
  readonly code = 'METHOD_NOT_ALLOWED';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code: string;
  constructor(message: string, code = 'CONFLICT', details: ErrorDetail[] = []) {
    super(message, details);
    this.code = code;
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}

/** The request was understood but what it refers to cannot be used, e.g. an upload that is not a valid image (MEDIA_INVALID). */
export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly code: string;
  constructor(message: string, code: string, details: ErrorDetail[] = []) {
    super(message, details);
    this.code = code;
  }
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code: string;
  constructor(message: string, retryAfterSeconds: number, code = 'TOO_MANY_REQUESTS') {
    super(message, [], { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
    this.code = code;
  }
}

export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly code: string;
  constructor(message: string, code = 'SERVICE_UNAVAILABLE', retryAfterSeconds?: number, details: ErrorDetail[] = []) {
    super(message, details, retryAfterSeconds ? { 'Retry-After': String(Math.ceil(retryAfterSeconds)) } : {});
    this.code = code;
  }
}

/**
 * Thrown by stores when a conditional write finds the item changed since it was
 * read (optimistic locking). Use cases turn it into a ConflictError or retry.
 */
export class StaleWriteError extends Error {
  constructor(message = 'The item changed since it was read') {
    super(message);
    this.name = 'StaleWriteError';
  }
}

/**
 * Thrown by stores when a write is refused because its owner's account no
 * longer exists (deleted, or being deleted): every write of a user's data is
 * conditional on their profile, in the same call. A StaleWriteError, so
 * background writers (the publisher) drop the work as they drop any lost race;
 * the HTTP layer answers 401 ACCOUNT_DELETED.
 */
export class AccountGoneError extends StaleWriteError {
  constructor(message = 'The account this data belongs to has been deleted') {
    super(message);
    this.name = 'AccountGoneError';
  }
}

/** The 401 a request of a deleted account gets from the handlers (the gateway's cached authorization may still let it through). */
export class AccountDeletedError extends AppError {
  readonly status = 401;
  readonly code = 'ACCOUNT_DELETED';
  constructor(message = 'This account has been deleted. Sign in again to start a new, empty account.') {
    super(message);
  }
}
