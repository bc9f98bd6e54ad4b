/** Where deletion jobs are started and resumed: an SQS queue in AWS, an in-process runner on a machine. */
export interface DeletionQueue {
  /**
   * Asks for the user's deletion job to run (after `delaySeconds`, at most 900).
   * Never throws: a job whose start was lost is found by the reconciler.
   */
  start(userId: string, options?: { delaySeconds?: number }): Promise<void>;
}
