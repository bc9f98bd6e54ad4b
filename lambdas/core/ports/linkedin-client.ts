/**
 * LinkedIn, as Mark.0 uses it: OAuth 2.0 (authorization code), the member's
 * identity (OpenID userinfo) and the Posts API. The HTTP adapter speaks the real
 * wire protocol; the local runtime's sandbox server answers it the same way.
 */
export interface LinkedInToken {
  accessToken: string;
  expiresInSeconds: number;
  /** Granted scopes, space- or comma-separated as LinkedIn sends them. */
  scope: string;
}

export interface LinkedInMember {
  sub: string;
  name: string | null;
  pictureUrl: string | null;
}

export type CreatePostResult =
  /** 201: the post is live; `urn` is LinkedIn's `x-restli-id`. */
  | { outcome: 'created'; urn: string }
  /** 422 DUPLICATE_POST: an earlier attempt already published it; `urn` is that post. */
  | { outcome: 'duplicate'; urn: string }
  /** 401: the token expired or was revoked; only a reconnect helps. */
  | { outcome: 'unauthorized'; message: string }
  /** 429: try again later (after `retryAfterSeconds` when LinkedIn says). */
  | { outcome: 'throttled'; message: string; retryAfterSeconds?: number }
  /** 5xx, a timeout or a network failure: may work a moment later. */
  | { outcome: 'unavailable'; message: string }
  /** Any other refusal (4xx): retrying will not help; `message` is LinkedIn's. */
  | { outcome: 'rejected'; status: number; message: string };

export interface CreatePostInput {
  accessToken: string;
  /** `urn:li:person:<sub>` */
  author: string;
  /** The post text, already escaped as little text (may be empty with media or a poll). */
  commentary: string;
  /** The Posts API's `content`: `media` (one image, document or video), `multiImage` or `poll`. */
  content?: PostContent;
}

/** `content` of a LinkedIn post, as the Posts API takes it. */
export type PostContent =
  | { media: { id: string; altText?: string; title?: string } }
  | { multiImage: { images: { id: string; altText?: string }[] } }
  | { poll: { question: string; options: { text: string }[]; settings: { duration: string } } };

export interface LinkedInClient {
  /** Where to send the browser to ask the member's consent. */
  authorizationUrl(input: { state: string; scopes: readonly string[] }): string;
  /** Trades an authorization code for an access token; throws LinkedInRequestError. */
  exchangeCode(code: string): Promise<LinkedInToken>;
  /** The member behind a token; throws LinkedInRequestError. */
  userInfo(accessToken: string): Promise<LinkedInMember>;
  /** Publishes a text post; never throws for an HTTP answer (see CreatePostResult). */
  createPost(input: CreatePostInput): Promise<CreatePostResult>;
}

/** LinkedIn refused or failed an OAuth or userinfo request; `message` is fit for the user. */
export class LinkedInRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LinkedInRequestError';
  }
}
