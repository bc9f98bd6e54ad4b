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
export const LINKEDIN_ANSWERS = {
  /** 201 with x-restli-id. */
  created: (urn: string): CreatePostResult => ({ outcome: 'created', urn }),
  /** 422 DUPLICATE_POST whose message names the post an earlier attempt made. */
  duplicate: (urn: string): CreatePostResult => ({ outcome: 'duplicate', urn }),
  /** 401. */
  unauthorized: (): CreatePostResult => ({ outcome: 'unauthorized', message: 'Invalid access token' }),
  /** 429, with the seconds of its Retry-After header when it sent one. */
  throttled: (retryAfterSeconds?: number): CreatePostResult => ({
    outcome: 'throttled',
    message: 'Resource level throttle limit for calls to this resource is reached.',
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  }),
  /** 5xx. */
  serverError: (): CreatePostResult => ({ outcome: 'unavailable', message: 'Internal Server Error' }),
  /** No answer within the timeout. */
  timeout: (ms = 10_000): CreatePostResult => ({ outcome: 'unavailable', message: `LinkedIn did not answer within ${ms} ms.` }),
  /** Any other 4xx, with LinkedIn's message. */
  rejected: (status: number, message: string): CreatePostResult => ({ outcome: 'rejected', status, message }),
} as const;

/** One scripted answer: what LinkedIn says, or an error the client throws (a bug, never an HTTP answer). */
export type ScriptedAnswer = CreatePostResult | Error;

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
    return next;
  }
}
