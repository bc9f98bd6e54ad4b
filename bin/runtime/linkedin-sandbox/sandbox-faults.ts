/** The endpoints a fault can be aimed at. */
export type SandboxEndpoint = 'posts' | 'token' | 'userinfo' | 'initializeUpload' | 'upload' | 'finalizeUpload' | 'assetStatus';
/**
 * A fault the next matching request(s) get instead of the normal answer (tests
 * only). `times` (default 1) counts requests to `endpoint` (default `posts`).
 */
export type SandboxFault = { endpoint?: SandboxEndpoint; times?: number } & (
  | { kind: 'status'; status: number; message?: string }
  /** 429 with Retry-After. */
  | { kind: 'throttle'; retryAfterSeconds: number }
  /** Answers after `ms` (beyond the caller's timeout); with `create`, the post is made first, as a slow LinkedIn would. */
  | { kind: 'delay'; ms: number; create?: boolean }
  | { kind: 'unauthorized' }
  /** The post is made, then the connection is cut before any answer: the caller never learns the URN. */
  | { kind: 'drop-after-create' }
);

