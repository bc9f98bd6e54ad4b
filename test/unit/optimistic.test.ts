import { describe, expect, it } from 'vitest';
import { withOptimisticRetry } from '@lambdas/core/optimistic';
import { AccountGoneError, ConflictError, StaleWriteError } from '@lambdas/core/errors';

describe('withOptimisticRetry', () => {
  it('runs the step again after a lost race and answers what it returned', async () => {
    let runs = 0;
    const result = await withOptimisticRetry(async () => {
      runs++;
      if (runs < 3) throw new StaleWriteError();
      return 'written';
    });
    expect([result, runs]).toEqual(['written', 3]);
  });

  it('after the last loss answers 409 CONCURRENT_UPDATE naming what changed', async () => {
    const lost = withOptimisticRetry(async () => {
      throw new StaleWriteError();
    }, 'Your posting schedule');
    await expect(lost).rejects.toBeInstanceOf(ConflictError);
    await expect(lost).rejects.toMatchObject({ code: 'CONCURRENT_UPDATE', message: 'Your posting schedule was changed by another request at the same moment; reload it and try again.' });
  });

  it('does not run again for a deleted account or any other error', async () => {
    for (const error of [new AccountGoneError(), new Error('boom')]) {
      let runs = 0;
      await expect(
        withOptimisticRetry(async () => {
          runs++;
          throw error;
        }),
      ).rejects.toBe(error);
      expect(runs).toBe(1);
    }
  });
});
