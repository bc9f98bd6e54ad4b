/**
 * The API's error body, the same for every 4xx/5xx the handlers, the gateway
 * (lib/constructs/gateway-error-responses.ts) and the local runtime answer:
 * `{"error": {"code", "message", "details"}}`.
 */
export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `content` or `voice.examples.2`. */
  field: string;
  message: string;
}

export interface ErrorBody {
  error: {
    /** Machine-readable, e.g. VALIDATION_ERROR, THROTTLED, LINKEDIN_NOT_CONNECTED. */
    code: string;
    /** A sentence a person can act on. */
    message: string;
    details: ErrorDetail[];
  };
}

export function errorBody(code: string, message: string, details: ErrorDetail[] = []): ErrorBody {
  return { error: { code, message, details } };
}
