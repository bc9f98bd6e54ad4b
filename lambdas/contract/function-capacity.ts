import type { FunctionName } from './routes';

/**
 * How much of each request-serving function can run at once, and for how long,
 * as data: CDK sets each Lambda's reserved concurrency and timeout from it
 * (lib/stacks/api-stack.ts), and the local gateway models the same limits
 * (bin/runtime/capacity.ts), so past its capacity the platform refuses at once,
 * in AWS and on a machine alike, instead of queueing until a timeout.
 *
 * Past a function's concurrency, Lambda throttles the invocation and API
 * Gateway answers its INTEGRATION_FAILURE gateway response, which the contract
 * makes a 503 SERVICE_UNAVAILABLE with Retry-After (gateway-responses.ts); the
 * local gateway answers the same. A function that runs out of time answers 503
 * SERVICE_UNAVAILABLE itself, just before its timeout (handlers/http/http-api.ts).
 *
 * A new function in routes.ts's FUNCTION_NAMES does not compile until it has an
 * entry here: one line.
 */
export interface FunctionCapacity {
  /**
   * Reserved concurrency: at most this many invocations at once, and this many
   * held back for the function from the account's pool (so a flood on one
   * function cannot take another's capacity). Absent: the account's unreserved pool.
   */
  reservedConcurrency?: number;
  /** Seconds before Lambda stops the function; the function answers 503 a moment before. Under API Gateway's 29 s, but for a streaming function. */
  timeoutSeconds: number;
}

export const FUNCTION_CAPACITY: Record<FunctionName | 'authorizer', FunctionCapacity> = {
  /**
   * Runs once per token per 5 minutes (its result is cached), so a sign-in
   * wave, not traffic, is what it sees: 50 at once is 1,000 sign-ins in the
   * second or so a cold authorizer takes.
   */
  authorizer: { reservedConcurrency: 50, timeoutSeconds: 10 },
  /**
   * One GetItem bounded at 1 s: probes and the operator. No reservation: it
   * shares the account's unreserved pool (a flood of it is WAF's to stop, at
   * 67 unauthenticated requests per address per 10 minutes), and it is the
   * load benchmark's floor, which should measure the machine, not a cap.
   */
  health: { timeoutSeconds: 5 },
  /**
   * Most of the traffic (the web app lists, reads and edits posts): 100 at
   * once at ~40 ms is 2,500 requests a second, 20 times the 100,000-user peak
   * docs/SCALING.md works out.
   */
  posts: { reservedConcurrency: 100, timeoutSeconds: 10 },
  /**
   * The queue (the Queue page: the queue, the posting times, a move, pause and
   * resume; adding a post to it; evergreen settings): a page load or a click,
   * far less often than the posts routes. 20 at once at ~40 ms (5 calls for a
   * write) is a few hundred requests a second.
   */
  queue: { reservedConcurrency: 20, timeoutSeconds: 10 },
  /** A few requests per page load (me, usage, time zone). */
  account: { reservedConcurrency: 50, timeoutSeconds: 10 },
  /** OAuth connects and disconnects: rare, and each one calls LinkedIn. */
  linkedin: { reservedConcurrency: 10, timeoutSeconds: 10 },
  /**
   * Each request waits on OpenAI for seconds: a low ceiling keeps a flood from
   * running up the provider bill or its rate limits. The provider budget (20 s)
   * plus DynamoDB and a cold start, under API Gateway's 29 s.
   */
  ai: { reservedConcurrency: 10, timeoutSeconds: 25 },
  /**
   * Signs uploads (fast) and checks each stored file once (reads up to 100 MB
   * of a PDF): a few per post written, so 20 at once is plenty, and the 25 s
   * leave a whole file's read and checks room under API Gateway's 29 s.
   */
  media: { reservedConcurrency: 20, timeoutSeconds: 25 },
  /**
   * GET /v1/me/export streams (API Gateway's STREAM transfer mode), so it is
   * not held to the 29 s: 120 s is many times what 10,000 posts take (npm run
   * bench:export), far below a stream's 15 minutes. Rare (a user asks for
   * their data now and then): no reservation, the account's unreserved pool.
   */
  export: { timeoutSeconds: 120 },
};

/**
 * The publisher: at most this many batches of 10 due posts at once (the SQS
 * event source's maximum concurrency, and its reserved concurrency, so an API
 * flood cannot take the capacity posts go out with); the local queue delivers
 * no more at once either. A 09:00 rush cannot stampede LinkedIn's rate limits.
 */
export const PUBLISHER_CONCURRENCY = 10;

/**
 * The evergreen function (evergreen posts' runs, from the evergreen queue): each asks OpenAI for a
 * rewrite (up to its 20 s budget), so two batches at once at most, as the ai function's low ceiling
 * keeps a flood from running up the provider bill; runs are one per evergreen post per gap (days).
 * 60 s: the provider budget, a second try at new wording, DynamoDB and a cold start.
 */
export const EVERGREEN_CONCURRENCY = 2;
export const EVERGREEN_TIMEOUT_SECONDS = 60;

/** The usage counter (the access log's subscriber): counting can wait a few seconds; it never competes with requests. */
export const USAGE_COUNTER_CONCURRENCY = 2;

/**
 * How long a caller refused for capacity should wait: Lambda frees a slot
 * within a request's time (tens of milliseconds), so one second is honest.
 */
export const CAPACITY_RETRY_AFTER_SECONDS = 1;

/** Concurrency AWS keeps unreserved in every account: reservations may not take it. */
export const UNRESERVED_CONCURRENCY_MINIMUM = 100;

/** Reserved concurrency across the request-serving functions (what the account must have to spare). */
export function reservedConcurrencyTotal(capacity: Record<string, FunctionCapacity> = FUNCTION_CAPACITY): number {
  return Object.values(capacity).reduce((sum, entry) => sum + (entry.reservedConcurrency ?? 0), 0);
}

/** Every reservation the app deploys: the request-serving functions, the publisher, the evergreen function and the usage counter. */
export function appReservedConcurrency(): number {
  return reservedConcurrencyTotal() + PUBLISHER_CONCURRENCY + EVERGREEN_CONCURRENCY + USAGE_COUNTER_CONCURRENCY;
}
