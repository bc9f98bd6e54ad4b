import {
  LinkedInRequestError,
  type CreatePostInput,
  type CreatePostResult,
  type LinkedInClient,
  type LinkedInMember,
  type LinkedInToken,
} from '@lambdas/core/ports/linkedin-client';

/**
 * LinkedIn's answers to POST /rest/posts as LinkedInHttpClient reports them
 * (lambdas/adapters/linkedin/linkedin-http-client.ts), so a script reads like the wire.
 */
type Answer<K extends CreatePostResult['outcome']> = Extract<CreatePostResult, { outcome: K }>;

export const LINKEDIN_ANSWERS = {
  /** 201 with x-restli-id. */
  created: (urn: string): Answer<'created'> => ({ outcome: 'created', urn }),
  /** 422 DUPLICATE_POST whose message names the post an earlier attempt made. */
  duplicate: (urn: string): Answer<'duplicate'> => ({ outcome: 'duplicate', urn }),
  /** 401. */
  unauthorized: (): Answer<'unauthorized'> => ({ outcome: 'unauthorized', message: 'Invalid access token' }),
  /** 429, with the seconds of its Retry-After header when it sent one. */
  throttled: (retryAfterSeconds?: number): Answer<'throttled'> => ({
    outcome: 'throttled',
    message: 'Resource level throttle limit for calls to this resource is reached.',
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  }),
  /** 5xx. */
  serverError: (): Answer<'unavailable'> => ({ outcome: 'unavailable', message: 'Internal Server Error' }),
  /** No answer within the timeout. */
  timeout: (ms = 10_000): Answer<'unavailable'> => ({ outcome: 'unavailable', message: `LinkedIn did not answer within ${ms} ms.` }),
  /** Any other 4xx, with LinkedIn's message. */
  rejected: (status: number, message: string): Answer<'rejected'> => ({ outcome: 'rejected', status, message }),
} as const;

/**
 * One scripted answer: what LinkedIn says, an error the client throws (a bug,
 * never an HTTP answer), or a function that answers (and may make something
 * happen elsewhere meanwhile, as another worker would while LinkedIn is slow).
 */
export type ScriptedAnswer = CreatePostResult | Error | ((input: CreatePostInput) => CreatePostResult | Promise<CreatePostResult>);

/**
 * A LinkedInClient that answers createPost from a script, in order, and records
 * every call. A call beyond the script fails the test (it throws), so a test
 * also proves how many calls the code made. OAuth and userinfo answer only what
 * the test set.
 */
export class ScriptedLinkedInClient implements LinkedInClient {
  readonly calls: CreatePostInput[] = [];
  private readonly script: ScriptedAnswer[] = [];
  token: LinkedInToken | undefined;
  member: LinkedInMember | undefined;

  /** Appends answers to the script. */
  answer(...answers: ScriptedAnswer[]): this {
    this.script.push(...answers);
    return this;
  }

  /** Answers not used yet. */
  get pending(): number {
    return this.script.length;
  }

  authorizationUrl(input: { state: string; scopes: readonly string[] }): string {
    return `https://linkedin.test/oauth/v2/authorization?state=${encodeURIComponent(input.state)}&scope=${encodeURIComponent(input.scopes.join(' '))}`;
  }

  async exchangeCode(): Promise<LinkedInToken> {
    if (!this.token) throw new LinkedInRequestError('The test scripted no token exchange', 400);
    return this.token;
  }

  async userInfo(): Promise<LinkedInMember> {
    if (!this.member) throw new LinkedInRequestError('The test scripted no member', 401);
    return this.member;
  }

  async createPost(input: CreatePostInput): Promise<CreatePostResult> {
    this.calls.push({ ...input });
    const next = this.script.shift();
    if (!next) throw new Error(`Unscripted LinkedIn call #${this.calls.length}`);
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next(input) : next;
  }
}
