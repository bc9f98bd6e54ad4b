import type { AssignedApiKey } from '../../contract/usage-plans';
import type { UserProfile } from '../users/user';
import type { DeletionStepName } from '../account-data/deletion-step-names';

/**
 * The record of an account's deletion. While the job runs it is the job's
 * state (which steps are done, when to resume); once finished it is the one
 * thing kept, with no content: the user id, a keyed hash of the email (never
 * the email), and when it was asked for and finished.
 */
export interface DeletionRecord {
  userId: string;
  /** HMAC of the normalized email (EmailFingerprint): lets the operator answer "did you delete my data?". */
  emailHash: string;
  requestedAt: string;
  status: 'running' | 'done';
  /** When each finished step finished. */
  steps: Partial<Record<DeletionStepName, string>>;
  /** The API key the account metered with, copied from the profile until the key is gone (no key: null). */
  apiKey: AssignedApiKey | null;
  /** Whether the account held one of the key budget's dedicated slots (given back once, by the job). */
  heldKeySlot: boolean;
  /** A step asked to be run again no earlier than this (a post being published holds its lease until then). */
  resumeAt: string | null;
  updatedAt: string;
  completedAt: string | null;
}

export type DeletionStart =
  /** The profile is gone and the record is written (one transaction). */
  | { status: 'started'; record: DeletionRecord }
  /** A deletion of this account was recorded before (the profile is already gone). */
  | { status: 'already'; record: DeletionRecord }
  /** The profile changed since it was read (e.g. its API key was assigned just then): read it again. */
  | { status: 'profile-changed' }
  /** There is no profile and no record: no such account. */
  | { status: 'no-account' };

export interface AccountDeletionStore {
  /**
   * Deletes the profile and writes the record in one transaction, or neither:
   * from that instant every write of the user's data is refused (stores check
   * the profile) and the authorizer no longer finds the account.
   */
  begin(input: { profile: UserProfile; emailHash: string; requestedAt: string }): Promise<DeletionStart>;
  /** The record (strongly consistent), if any. */
  get(userId: string): Promise<DeletionRecord | undefined>;
  completeStep(userId: string, step: DeletionStepName, at: string): Promise<void>;
  /** Asks for the job to be run again at `at` (the reconciler honours it too). */
  resumeAt(userId: string, at: string): Promise<void>;
  /** Gives the account's dedicated-key slot back to the key budget, once however often it is called. */
  releaseKeySlot(userId: string): Promise<void>;
  /** Marks the record done: no more job state, the key copy removed, findable by email hash. */
  finish(userId: string, at: string): Promise<void>;
  /** Jobs not finished, oldest first (the reconciler re-drives them). */
  unfinished(limit: number): Promise<DeletionRecord[]>;
  /** Finished and unfinished records of an email hash, newest first (the operator's lookup). */
  byEmailHash(emailHash: string): Promise<DeletionRecord[]>;
}
