import { parseRetryAfter } from '@contract/http/retry-after';
import { ApiError, networkError, parseErrorResponse, timeoutError } from './api-error';

/**
 * How the client gets and renews the bearer token. The auth layer implements
 * it; the client knows nothing of Cognito or the local issuer.
 */
export interface TokenSource {
  /** The current token, renewed first if it is about to expire; undefined when signed out. */
  getToken(): Promise<string | undefined>;
  /** After a 401: try to get a fresh token (e.g. with a refresh token). True if a retry is worth it. */
  refresh?(): Promise<boolean>;
  /** The session is over (401 and no refresh): the app asks the user to sign in again. */
  onUnauthorized(error: ApiError): void;
}

export interface RequestOptions {
  /** Sent as a JSON body. */
  json?: unknown;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** GET as a file (e.g. the export, streamed by the API): the body as a Blob, errors and 401s as for `request`. */
  download(path: string): Promise<Blob>;
}

export interface ApiClientOptions {
  /** '' for the same origin, else e.g. https://abc.execute-api.eu-west-1.amazonaws.com/prod */
  apiUrl: string;
  tokens: TokenSource;
  fetch?: typeof fetch;
  /** Waits before a retry (tests pass one that records the wait). */
  sleep?: (ms: number) => Promise<void>;
  /** How long one request may wait for an answer before it is given up (default REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * API Gateway answers within 29 s whatever happens behind it; past 35 s the
 * answer is not coming (a dropped connection, a stalled proxy), so the client
 * gives up and says so rather than leave a spinner turning for ever.
 */
export const REQUEST_TIMEOUT_MS = 35_000;

/**
 * The plan's rate limit refused a request (a burst of page loads, a fast
 * hand): the gateway answered before anything ran, so sending it again after
 * the wait it names is safe for any method, and a person should not see it.
 * The daily quota (also a 429) names hours, not seconds, and is shown.
 */
const THROTTLE_RETRIES = 3;
const LONGEST_THROTTLE_WAIT_S = 5;

/**
 * The one place the web app talks HTTP to the API: base URL, bearer token,
 * JSON in and out, and every failure turned into an ApiError with the API's
 * own message. A 401 is retried once after a token refresh, then reported; a
 * rate-limit refusal is sent again after the wait the API names.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;

  /** Sends; while the rate limit refuses it (a short Retry-After), waits that long and sends again, a few times at most. */
  async function sendThrottled(method: string, path: string, request: RequestOptions): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const response = await send(method, path, request);
      const wait = attempt < THROTTLE_RETRIES ? throttleWaitSeconds(response) : undefined;
      if (wait === undefined || request.signal?.aborted) return response;
      // A little spread, so the tabs and requests refused together do not come back together.
      await sleep(wait * 1000 + Math.floor(Math.random() * 250));
    }
  }

  async function send(method: string, path: string, request: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = await options.tokens.getToken();
    if (token) headers['Authorization'] = `Bearer ${token}`;
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    }
    // Aborted by the caller's signal, or by the time limit until the answer's headers arrive
    // (a streamed body, such as the export, may take longer to read).
    const controller = new AbortController();
    const callerSignal = request.signal;
    const abortWithCaller = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) abortWithCaller();
    else callerSignal?.addEventListener('abort', abortWithCaller, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      return await fetchImpl(buildUrl(options.apiUrl, path, request.query), {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: controller.signal,
        cache: 'no-store',
      });
    } catch (error) {
      if (callerSignal?.aborted) throw error;
      if (timedOut) throw timeoutError();
      throw networkError();
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', abortWithCaller);
    }
  }

  /** Sends; after a 401 refreshes the token once and sends again; a failure becomes the ApiError with the API's words. */
  async function answered(method: string, path: string, request: RequestOptions): Promise<Response> {
    let response = await sendThrottled(method, path, request);
    if (response.status === 401 && options.tokens.refresh && (await options.tokens.refresh())) {
      response = await sendThrottled(method, path, request);
    }
    if (!response.ok) {
      const error = await parseErrorResponse(response);
      if (response.status === 401) options.tokens.onUnauthorized(error);
      throw error;
    }
    return response;
  }

  return {
    async download(path: string): Promise<Blob> {
      const response = await answered('GET', path, {});
      try {
        return await response.blob();
      } catch {
        throw networkError();
      }
    },
    async request<T>(method: string, path: string, request: RequestOptions = {}): Promise<T> {
      const response = await answered(method, path, request);
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      if (!text) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ApiError(response.status, 'BAD_RESPONSE', 'Mark.0 sent an answer the app could not read. Try again in a moment.');
      }
    },
  };
}

/** Seconds to wait before sending again when `response` is the rate limit's refusal with a short Retry-After; else undefined. */
function throttleWaitSeconds(response: Response): number | undefined {
  if (response.status !== 429) return undefined;
  const seconds = parseRetryAfter(response.headers.get('Retry-After'), new Date());
  return seconds !== undefined && seconds <= LONGEST_THROTTLE_WAIT_S ? seconds : undefined;
}

export function buildUrl(apiUrl: string, path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${apiUrl}${path}${qs ? `?${qs}` : ''}`;
}
