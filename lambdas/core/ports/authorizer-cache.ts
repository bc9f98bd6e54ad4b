/**
 * The gateway's cache of authorizer results (API Gateway keeps each token's for
 * 5 minutes; the local gateway does the same). Flushing it makes the very next
 * request of every session go through the authorizer again, which refuses a
 * deleted account: the old session is refused everywhere at once.
 */
export interface AuthorizerCache {
  flush(): Promise<void>;
}
