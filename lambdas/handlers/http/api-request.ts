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
  /** The user's tier from the authorizer context (the lowest tier if it is missing or unknown). */
  tier(): TierName;
  /** Whether the user meters with a key of their own or their tier's shared (pooled) key, from the authorizer context. */
  keyMode(): KeyMode;
  pathParameter(name: string): string;
  /** Query string parsed and validated by `schema` (strict: unknown parameters are 400). */
  query<S extends z.ZodMiniType>(schema: S): z.infer<S>;
  /** JSON body parsed and validated by `schema`; an absent body is read as `{}`. */
  body<S extends z.ZodMiniType>(schema: S): z.infer<S>;
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
    body(schema) {
      if (raw === undefined || raw.trim() === '') return parseInput(schema, {});
      const contentType = header(event, 'content-type') ?? '';
      if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
        throw new UnsupportedMediaTypeError(
          `Send the body as JSON with the header "Content-Type: application/json" (got "${contentType || 'none'}").`,
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new ValidationError('The request body is not valid JSON.', [{ field: '', message: 'is not valid JSON' }]);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new ValidationError('The request body must be a JSON object.', [{ field: '', message: 'must be a JSON object' }]);
      }
      return parseInput(schema, parsed);
    },
  };
}

/** The body as text, refusing anything over MAX_BODY_BYTES (checked for every route). */
export function rawBody(event: APIGatewayProxyEvent): string | undefined {
  if (event.body === null || event.body === undefined) return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`The request body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES} bytes (64 KB).`);
  }
  return bytes.toString('utf8');
}

export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}
