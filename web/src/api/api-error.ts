import type { ErrorDetail } from '@contract/api/errors';
import { parseRetryAfter } from '@contract/http/retry-after';

export type { ErrorDetail };

/**
 * A failed API call, carrying the API's own words. Every Mark.0 error body is
 * `{"error": {"code", "message", "details": [{field, message}]}}`; anything
 * else (a proxy's HTML page, API Gateway's bare `{"message"}`, no network) is
 * turned into the same shape here so the UI has one thing to show.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** From a 429/503 Retry-After header: seconds until it is worth trying again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** The message for one field (e.g. "content"), when the API named it. */
  detailFor(field: string): string | undefined {
    return this.details.find((d) => d.field === field)?.message;
  }
}

/** Builds an ApiError from a non-2xx response. Never throws. */
export async function parseErrorResponse(response: Response, now: Date = new Date()): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'), now);
  let text = '';
  try {
    text = await response.text();
  } catch {
    // body unreadable: fall through to the generic message
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const error = isObject(json) && isObject(json['error']) ? json['error'] : undefined;
  if (error && typeof error['message'] === 'string') {
    const code = typeof error['code'] === 'string' ? error['code'] : codeForStatus(response.status);
    return new ApiError(response.status, code, error['message'], parseDetails(error['details']), retryAfterSeconds);
  }
  // API Gateway's own answers before our gateway responses apply: {"message": "..."}.
  if (isObject(json) && typeof json['message'] === 'string' && json['message'] !== '') {
    return new ApiError(response.status, codeForStatus(response.status), json['message'], [], retryAfterSeconds);
  }
  return new ApiError(response.status, codeForStatus(response.status), fallbackMessage(response.status), [], retryAfterSeconds);
}

/** For fetch rejections: the browser could not reach the API at all. */
export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK_ERROR', 'Could not reach Mark.0. Check your connection and try again.');
}

/**
 * The API gave no answer within the client's time limit (a dropped or very
 * slow connection: API Gateway itself answers within 29 s). Like a network
 * error it has no HTTP status; its code says what happened and what to do.
 */
export function timeoutError(): ApiError {
  return new ApiError(0, 'TIMEOUT', 'Mark.0 did not answer in time; check your connection and try again.');
}

/** "in 30 seconds", "in 2 minutes" — for telling the user when to try again. */
export function describeWait(seconds: number): string {
  if (seconds <= 1) return 'in a second';
  if (seconds < 90) return `in ${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `in ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return `in ${hours} hours`;
}

function parseDetails(value: unknown): ErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (d): d is ErrorDetail => isObject(d) && typeof d['field'] === 'string' && typeof d['message'] === 'string',
  ).map((d) => ({ field: d.field, message: d.message }));
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'VALIDATION_ERROR';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 429:
      return 'TOO_MANY_REQUESTS';
    default:
      return status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR';
  }
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 429) return 'Too many requests right now.';
  if (status >= 500) return `Mark.0 had a problem answering (HTTP ${status}). Try again in a moment.`;
  return `The request failed (HTTP ${status}).`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
