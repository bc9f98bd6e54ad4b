/**
 * Per-user daily counters (API requests, AI generations, …), one item per user
 * and UTC day, removed by TTL after the retention period. The increment is a
 * single conditional update, so concurrent requests can never push a counter
 * past its limit.
 */
export interface UsageStore {
  /**
   * Adds `amount` to the user's `counter` for `day` (YYYY-MM-DD, UTC) unless the
   * result would exceed `limit`. Returns whether it was counted and the value now stored.
   */
  tryIncrement(input: { userId: string; day: string; counter: string; limit: number; amount?: number }): Promise<{ allowed: boolean; used: number }>;
  /**
   * Gives back `amount` that tryIncrement counted for work that then did not
   * happen (e.g. the AI provider failed), never going below zero.
   */
  release(input: { userId: string; day: string; counter: string; amount?: number }): Promise<void>;
  /** Every counter of the user's day (absent counters are 0). */
  get(userId: string, day: string): Promise<Record<string, number>>;
}
