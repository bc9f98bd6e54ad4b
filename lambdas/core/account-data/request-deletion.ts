import * as z from 'zod/mini';
import { LINKEDIN_POSTS_STAY, type AccountDeletionView } from '../../contract/api/account';
import { AccountDeletedError, ConflictError, ValidationError } from '../errors';
import type { AccountDeletionStore } from '../ports/account-deletion-store';
import type { Clock } from '../ports/clock';
import type { DeletionQueue } from '../ports/deletion-queue';
import type { EmailFingerprint } from '../ports/email-fingerprint';
import type { UserStore } from '../ports/user-store';

/** What DELETE /v1/me must say, when it says something else. */
const SEND_CONFIRM = 'Send {"confirm": "<your account\'s email address>"} to delete your account and everything Mark.0 stores about you.';

// Optional here so that its absence gets the sentence saying what to send, not a bare "is required".
export const deleteAccountSchema = z.strictObject({
  confirm: z.optional(z.string({ error: 'must be a string: your account\'s email address' }).check(z.maxLength(320, { error: 'is longer than any email address' }))),
});
export type DeleteAccountInput = z.infer<typeof deleteAccountSchema>;

export interface RequestDeletionDeps {
  users: UserStore;
  records: AccountDeletionStore;
  fingerprint: EmailFingerprint;
  queue: DeletionQueue;
  clock: Clock;
}

/** How emails compare: as typed, but case and surrounding spaces do not matter. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * DELETE /v1/me: the typed email must be the account's. Then, in one
 * transaction, the profile goes and the deletion record comes (two DynamoDB
 * calls in all: the profile read and that transaction), and the job is queued
 * to erase the rest. From that instant the account is gone for the API. Asked
 * again (a double click, a retry), it answers the same 202 and nudges the job.
 */
export async function requestDeletion(deps: RequestDeletionDeps, userId: string, input: DeleteAccountInput): Promise<AccountDeletionView> {
  const confirm = normalizeEmail(input.confirm ?? '');
  if (confirm === '') {
    throw new ValidationError(`${input.confirm === undefined ? 'confirm is missing' : 'confirm is empty'}. ${SEND_CONFIRM}`, [
      { field: 'confirm', message: "is required: your account's email address" },
    ]);
  }
  const emailHash = deps.fingerprint.of(confirm);
  for (let attempt = 1; attempt <= 3; attempt++) {
    const profile = await deps.users.get(userId);
    if (!profile) {
      const record = await deps.records.get(userId);
      if (!record || record.emailHash !== emailHash) throw new AccountDeletedError();
      await deps.queue.start(userId);
      return view(record.requestedAt);
    }
    if (normalizeEmail(profile.email) !== confirm) {
      throw new ValidationError(`confirm does not match this account's email address. ${SEND_CONFIRM}`, [
        { field: 'confirm', message: "must be your account's email address, exactly as you sign in with it" },
      ]);
    }
    const started = await deps.records.begin({ profile, emailHash, requestedAt: deps.clock.now().toISOString() });
    if (started.status === 'profile-changed') continue;
    if (started.status === 'no-account') throw new AccountDeletedError();
    await deps.queue.start(userId);
    return view(started.record.requestedAt);
  }
  throw new ConflictError('Your account changed while it was being deleted; send the request again.', 'CONCURRENT_UPDATE');
}

function view(requestedAt: string): AccountDeletionView {
  return {
    status: 'deleting',
    requestedAt,
    message: `Your account is deleted and its data is being erased; this takes a few minutes. ${LINKEDIN_POSTS_STAY}`,
  };
}
