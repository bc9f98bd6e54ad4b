import { AccountGoneError, ConflictError, StaleWriteError } from './errors';

/**
 * Runs a read-check-write step again when its conditional write lost a race
 * (StaleWriteError), so a concurrent change is re-read and re-judged instead of
 * overwritten. After `attempts` losses the caller gets a 409 it can retry, naming `what` changed.
 */
export async function withOptimisticRetry<T>(step: () => Promise<T>, what = 'The post', attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      // A deleted account is not a race: re-reading would not change the answer.
      if (!(error instanceof StaleWriteError) || error instanceof AccountGoneError) throw error;
      if (attempt >= attempts) {
        throw new ConflictError(`${what} was changed by another request at the same moment; reload it and try again.`, 'CONCURRENT_UPDATE');
      }
    }
  }
}
