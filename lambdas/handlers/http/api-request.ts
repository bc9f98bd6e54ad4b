import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import { PayloadTooLargeError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '../../core/errors';
import { DEFAULT_TIER, isTierName, type TierName } from '../../contract/tiers';
import type { KeyMode } from '../../contract/usage-plans';
import { parseInput } from '../../core/validation';

/** Request bodies above this are refused with 413 before any parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/** What a route handler sees: the verified user, parsed input, nothing of API Gateway's shape. */
export interface ApiRequest {
  event: APIGatewayProxyEvent;
  /** The user id from the authorizer context; throws 401 where the route is public. */
  userId(): string;
  /** The user's address from the authorizer context (their profile's); undefined where it carries none. */
  email(): string | undefined;
  /** Whether that address is suppressed, as the authorizer read it with the profile; undefined where the context carries none. */
  mailSuppressed(): boolean | undefined;
  /** The user's tier from the authorizer context (the lowest tier if it is missing or unknown). */
  tier(): TierName;
  /** Whether the user meters with a key of their own or their tier's shared (pooled) key, from the authorizer context. */
  keyMode(): KeyMode;
  pathParameter(name: string): string;
  /** Query string parsed and validated by `schema` (strict: unknown parameters are 400). */
  query<S extends z.ZodMiniType>(schema: S): z.infer<S>;
  /**
   * JSON body (UTF-8, well-formed text) parsed and validated by `schema`. An absent or empty body
   * is a 400, unless the route's body is `optional` (then it is read as `{}`): a PUT sent without
   * its body must not be taken as "set everything to nothing".
   */
  body<S extends z.ZodMiniType>(schema: S, options?: { optional?: boolean }): z.infer<S>;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The body as text chunks, streamed as they come (routes with `stream: true` only; `body` is then ignored). */
  stream?: AsyncIterable<string>;
}

export function toApiRequest(event: APIGatewayProxyEvent): ApiRequest {
  const raw = rawBody(event);
  const userId = (): string => {
    const id = event.requestContext?.authorizer?.['userId'];
    if (typeof id !== 'string' || id === '') {
      throw new UnauthorizedError('Sign in first: this request carries no verified user.');
    }
    return id;
  };
  return {
    event,
    userId,
    email() {
      const email = event.requestContext?.authorizer?.['email'];
      return typeof email === 'string' && email !== '' ? email : undefined;
    },
    mailSuppressed() {
      const suppressed = event.requestContext?.authorizer?.['mailSuppressed'];
      // API Gateway hands context values to the integration as strings; a boolean is taken as well.
      if (suppressed === 'true' || suppressed === true) return true;
      if (suppressed === 'false' || suppressed === false) return false;
      return undefined;
    },
    tier() {
      const tier = event.requestContext?.authorizer?.['tier'];
      return isTierName(tier) ? tier : DEFAULT_TIER;
    },
    keyMode() {
      return event.requestContext?.authorizer?.['apiKeyMode'] === 'pooled' ? 'pooled' : 'dedicated';
    },
    pathParameter(name) {
      return event.pathParameters?.[name] ?? '';
    },
    query(schema) {
      return parseInput(schema, event.queryStringParameters ?? {}, 'query string');
    },
    body(schema, options = {}) {
      const text = raw === undefined ? undefined : decodeUtf8(raw);
      if (text === undefined || text.trim() === '') {
        // The schema names the fields it misses; one that would take nothing as "set nothing" is refused here.
        const nothing = parseInput(schema, {});
        if (options.optional) return nothing;
        throw new ValidationError('This request needs a JSON body: see the API reference (docs/openapi.yaml) for its fields.', [
          { field: '', message: 'is required' },
        ]);
      }
      const contentType = header(event, 'content-type') ?? '';
      if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
        throw new UnsupportedMediaTypeError(
          `Send the body as JSON with the header "Content-Type: application/json" (got "${contentType || 'none'}").`,
        );
      }
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
      if (charset && !/^utf-?8$/i.test(charset)) {
        throw new UnsupportedMediaTypeError(`Send the body as UTF-8 JSON ("Content-Type: application/json; charset=utf-8"), not ${charset}.`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text, refuseIllFormedText);
      } catch (error) {
        if (error instanceof ValidationError) throw error;
        throw new ValidationError('The request body is not valid JSON.', [{ field: '', message: 'is not valid JSON' }]);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new ValidationError('The request body must be a JSON object.', [{ field: '', message: 'must be a JSON object' }]);
      }
      return parseInput(schema, parsed);
    },
  };
}

/** The body's bytes, refusing anything over MAX_BODY_BYTES (checked for every route). */
export function rawBody(event: APIGatewayProxyEvent): Buffer | undefined {
  if (event.body === null || event.body === undefined) return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`The request body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES} bytes (64 KB).`);
  }
  return bytes;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The bytes as text; 400 for bytes that are not UTF-8 (they would be saved as U+FFFD, not as sent). */
function decodeUtf8(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ValidationError('The request body is not valid UTF-8: send the JSON encoded as UTF-8.', [{ field: '', message: 'is not valid UTF-8' }]);
  }
}

/** Half of a UTF-16 surrogate pair on its own (`"\ud800"` in JSON): no character, and no UTF-8 encoding. NUL: no text has it. */
// eslint-disable-next-line no-control-regex -- NUL is what this looks for
const ILL_FORMED = /\p{Cs}|\u0000/u;

/** A JSON.parse reviver: 400 for a key or string that is not well-formed text. */
function refuseIllFormedText(key: string, value: unknown): unknown {
  const badKey = ILL_FORMED.test(key);
  if (badKey || (typeof value === 'string' && ILL_FORMED.test(value))) {
    const field = badKey ? '' : key;
    throw new ValidationError(
      `The request body holds text that is not well-formed${field ? ` (in "${field}")` : ''}: a lone UTF-16 surrogate ("\\ud800"-"\\udfff") or a NUL character. Remove it and send again.`,
      [{ field, message: 'holds a lone surrogate or a NUL character' }],
    );
  }
  return value;
}

export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}
