import { ServiceUnavailableError } from '../../core/errors';
import {
  LinkedInRequestError,
  type CreatePostInput,
  type CreatePostResult,
  type LinkedInClient,
  type LinkedInMember,
  type LinkedInToken,
} from '../../core/ports/linkedin-client';
import type { LinkedInConfig } from './linkedin-config';
import { parseRetryAfter } from '../../contract/http/retry-after';

/** LinkedIn's answer to a duplicate: `Content is a duplicate of urn:li:share:7141138937766391808`. */
const DUPLICATE_URN = /duplicate of (urn:li:(?:share|ugcPost|activity):\d+)/i;

/**
 * LinkedIn over HTTPS with fetch, each call bounded by an explicit timeout.
 * Access tokens travel only in the Authorization header and are never logged
 * or put in an error message.
 */
export class LinkedInHttpClient implements LinkedInClient {
  constructor(
    private readonly config: LinkedInConfig,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  authorizationUrl(input: { state: string; scopes: readonly string[] }): string {
    const { clientId, redirectUri } = this.oauthConfig();
    const params = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, state: input.state, scope: input.scopes.join(' ') });
    // LinkedIn documents the scope list space-separated as %20 (URLSearchParams would write "+").
    return `${this.config.authUrl}/authorization?${params.toString().replace(/\+/g, '%20')}`;
  }

  async exchangeCode(code: string): Promise<LinkedInToken> {
    const { clientId, clientSecret, redirectUri } = this.oauthConfig();
    const res = await this.call(`${this.config.authUrl}/accessToken`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, client_secret: clientSecret }).toString(),
    });
    const body = await jsonBody(res);
    if (res.status !== 200) throw new LinkedInRequestError(describeOAuthError(body, res.status), res.status);
    const accessToken = body?.['access_token'];
    const expiresIn = body?.['expires_in'];
    if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number' || expiresIn <= 0) {
      throw new LinkedInRequestError('LinkedIn answered without an access token.', res.status);
    }
    return { accessToken, expiresInSeconds: expiresIn, scope: typeof body?.['scope'] === 'string' ? body['scope'] : '' };
  }

  async userInfo(accessToken: string): Promise<LinkedInMember> {
    const res = await this.call(`${this.config.apiUrl}/v2/userinfo`, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } });
    const body = await jsonBody(res);
    if (res.status !== 200) throw new LinkedInRequestError(`LinkedIn did not say who you are (${messageOf(body) ?? `HTTP ${res.status}`}).`, res.status);
    const sub = body?.['sub'];
    if (typeof sub !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(sub)) throw new LinkedInRequestError('LinkedIn did not say who you are (no member id).', res.status);
    return {
      sub,
      name: typeof body?.['name'] === 'string' ? body['name'] : null,
      pictureUrl: typeof body?.['picture'] === 'string' ? body['picture'] : null,
    };
  }

  async createPost(input: CreatePostInput): Promise<CreatePostResult> {
    let res: Response;
    try {
      res = await this.call(`${this.config.apiUrl}/rest/posts`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${input.accessToken}`,
          'LinkedIn-Version': this.config.version,
          'X-Restli-Protocol-Version': '2.0.0',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          author: input.author,
          commentary: input.commentary,
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          lifecycleState: 'PUBLISHED',
          isReshareDisabledByAuthor: false,
          ...(input.content ? { content: input.content } : {}),
        }),
      });
    } catch (error) {
      if (error instanceof LinkedInRequestError) return { outcome: 'unavailable', message: error.message };
      throw error;
    }
    const body = await jsonBody(res).catch(() => undefined);
    const message = messageOf(body) ?? `LinkedIn answered HTTP ${res.status}.`;
    if (res.status === 201) {
      const urn = res.headers.get('x-restli-id');
      // Without the id the post cannot be linked; the retry that follows gets the duplicate answer, which names it.
      return urn ? { outcome: 'created', urn } : { outcome: 'unavailable', message: 'LinkedIn answered 201 without x-restli-id.' };
    }
    if (res.status === 422 && isDuplicate(body)) {
      const urn = DUPLICATE_URN.exec(message)?.[1];
      return urn ? { outcome: 'duplicate', urn } : { outcome: 'rejected', status: 422, message };
    }
    if (res.status === 401) return { outcome: 'unauthorized', message };
    if (res.status === 429) {
      const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
      return { outcome: 'throttled', message, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
    }
    if (res.status >= 500) return { outcome: 'unavailable', message };
    return { outcome: 'rejected', status: res.status, message };
  }

  private oauthConfig(): { clientId: string; clientSecret: string; redirectUri: string } {
    const { clientId, clientSecret, redirectUri } = this.config;
    if (!clientId || !clientSecret || !redirectUri) {
      throw new ServiceUnavailableError(
        'LinkedIn is not set up on this Mark.0 server yet (its operator has to add the LinkedIn app credentials).',
        'LINKEDIN_NOT_CONFIGURED',
      );
    }
    return { clientId, clientSecret, redirectUri };
  }

  /** fetch with the timeout; a timeout or network failure becomes a LinkedInRequestError (never carrying the request). */
  private async call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchFn(url, { ...init, signal: AbortSignal.timeout(this.config.timeoutMs), redirect: 'manual' });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new LinkedInRequestError(timedOut ? `LinkedIn did not answer within ${this.config.timeoutMs} ms.` : 'LinkedIn could not be reached.');
    }
  }
}

export async function jsonBody(res: Response): Promise<Record<string, unknown> | undefined> {
  // Read the body to the end in every case, so the connection goes back to the pool.
  const text = await res.text().catch(() => '');
  try {
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function messageOf(body: Record<string, unknown> | undefined): string | undefined {
  const message = body?.['message'];
  return typeof message === 'string' && message !== '' ? message.slice(0, 1000) : undefined;
}

function isDuplicate(body: Record<string, unknown> | undefined): boolean {
  const inputErrors = (body?.['errorDetails'] as { inputErrors?: { code?: unknown }[] } | undefined)?.inputErrors;
  return (Array.isArray(inputErrors) && inputErrors.some((e) => e?.code === 'DUPLICATE_POST')) || DUPLICATE_URN.test(messageOf(body) ?? '');
}

function describeOAuthError(body: Record<string, unknown> | undefined, status: number): string {
  const description = body?.['error_description'];
  const error = body?.['error'];
  if (typeof description === 'string' && description !== '') return description.slice(0, 500);
  if (typeof error === 'string' && error !== '') return error.slice(0, 200);
  return `LinkedIn answered HTTP ${status}.`;
}
